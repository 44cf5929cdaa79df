/**
 * A collection kept as an append-only `Y.Array` of partial records (docs/record-layout.md).
 *
 * Why: a nested `Y.Map` per entity costs Yjs one item per field; at 200,000 links that is
 * 1.8 million items, seconds to load and a gigabyte held. A run of records appended by one
 * client is one item, whatever its length.
 *
 * How it merges: every record carries a Lamport clock `t` (one more than the highest seen)
 * and its writer's client id `c`. A field's value is the one from the latest `(t, c)` record
 * that sets it — a last-writer-wins register per field, so two people editing different fields
 * of one entity both keep their edit. `gone` deletes (or restores) the entity, the latest wins.
 * The array order is never used, so concurrent appends anywhere fold the same everywhere.
 * Undo deletes one's own records, and the fold falls back to what was there before.
 *
 * Entities written in the older layout (a `Y.Map` per entity) are a read-only base under the
 * records: their fields count as written at `t = 0`.
 *
 * Appends within one transaction are buffered and pushed once when it ends: Yjs pushes one at
 * a time cost quadratic time and memory (20,000 pushes in one transaction: 2.3 s, 1.6 GB).
 */
import * as Y from 'yjs';
import { RECORD_ARRAYS } from './schema.ts';
import { isValidId } from './validate.ts';

/**
 * One stored record: the fields one edit set, the set members it added or removed, and whether
 * it deleted or restored the entity.
 */
export interface EntityRecord {
	id: string;
	t: number;
	c: number;
	set?: Readonly<Record<string, unknown>>;
	add?: Readonly<Record<string, readonly string[]>>;
	del?: Readonly<Record<string, readonly string[]>>;
	gone?: boolean;
}

/** What one edit writes: fields to set, members to add or remove per set, deleted or restored. */
export interface RecordEdit {
	set?: Record<string, unknown>;
	add?: Record<string, string[]>;
	del?: Record<string, string[]>;
	gone?: boolean;
}

/** The members of a set field as folded (only the present ones, each `true`). */
export type Members = ReadonlyMap<string, true>;

/**
 * Read access to an entity's fields, the same for folded records and an older `Y.Map`. A set
 * field reads as `Members` (or, from the older layout alone, its `Y.Map<member, true>`).
 */
export interface FieldLookup {
	get(key: string): unknown;
	keys(): Iterable<string>;
}

/** What one transaction did to one entity: whether it existed before and after, and the fields set. */
export interface RecordChange {
	id: string;
	before: boolean;
	after: boolean;
	fields: string[];
}

/**
 * Clocks above this are refused: a legitimate clock grows by one per edit and never gets near
 * it, while a hostile peer's huge clock would otherwise win every later edit of that field.
 */
export const MAX_CLOCK = 2 ** 40;

type Stored = EntityRecord | EntityRecord[];

export class RecordCollection {
	readonly array: Y.Array<unknown>;
	private readonly legacy: Y.Map<unknown>;
	private readonly doc: Y.Doc;
	private readonly byId = new Map<string, Stored>();
	/** Records appended in the running transaction, not yet pushed to the array. */
	private pending: EntityRecord[] = [];
	/** Records indexed when appended, so the array event that follows does not index them twice. */
	private readonly indexedEarly = new WeakSet<EntityRecord>();
	/** Per entity touched in the running transaction: did it exist before? */
	private before = new Map<string, boolean>();
	private fieldsTouched = new Map<string, Set<string>>();
	private readonly listeners = new Set<(changes: RecordChange[]) => void>();
	private clock = 0;
	/**
	 * Folds of entities with several records (or an older base), kept until their records
	 * change: views read the same few busy entities (a hub with hundreds of tags) on every edit.
	 */
	private readonly folds = new Map<string, FieldLookup | null>();
	/** Array values that are not valid records (a buggy or hostile peer); they are ignored. */
	invalid = 0;

	constructor(doc: Y.Doc, arrayName: string, legacyName: string) {
		this.doc = doc;
		this.array = doc.getArray(arrayName);
		this.legacy = doc.getMap(legacyName);
		for (const value of this.array.toArray()) this.index(value);
		this.array.observe((_event, transaction) => this.onArrayEvent(transaction));
		this.legacy.observeDeep((events) => this.onLegacyEvents(events));
	}

	// ── reading ──────────────────────────────────────────────────────────────────────────

	/**
	 * The entity's current fields, or null when it does not exist (never written, or gone).
	 * `evenIfGone` reads a deleted entity's last fields (to bring it back).
	 */
	fields(id: string, evenIfGone = false): FieldLookup | null {
		const stored = this.byId.get(id);
		const base = this.legacyFields(id);
		if (stored === undefined) return base;
		if (!Array.isArray(stored) && base === null) return foldRecords([stored], null, evenIfGone);
		if (evenIfGone) return foldRecords(Array.isArray(stored) ? stored : [stored], base, true);
		let folded = this.folds.get(id);
		if (folded === undefined) this.folds.set(id, (folded = foldRecords(Array.isArray(stored) ? stored : [stored], base)));
		return folded;
	}

	/** The number of entities that exist. */
	get size(): number {
		let size = 0;
		for (const _ of this.ids()) size++;
		return size;
	}

	/** Whether the entity exists; cheaper than `fields` (every update asks it of what it touches). */
	has(id: string): boolean {
		const stored = this.byId.get(id);
		const base = this.legacyFields(id);
		if (stored === undefined) return base !== null;
		return exists(Array.isArray(stored) ? stored : [stored], base !== null);
	}

	/** Ids of the entities that exist (they may still fail validation when read). */
	*ids(): IterableIterator<string> {
		for (const [id] of this.entries()) yield id;
	}

	/** Keys of the older layout holding something other than an entity's map (a hostile peer). */
	*unreadable(): IterableIterator<string> {
		for (const [id, value] of this.legacy.entries()) if (!(value instanceof Y.Map) && !this.byId.has(id)) yield id;
	}

	/** Every existing entity with its fields. */
	*entries(): IterableIterator<[string, FieldLookup]> {
		for (const id of this.byId.keys()) {
			const fields = this.fields(id);
			if (fields) yield [id, fields];
		}
		for (const [id, value] of this.legacy.entries()) if (value instanceof Y.Map && !this.byId.has(id)) yield [id, value];
	}

	/** Calls `listener` once per transaction that changed entities, after the records are folded in. */
	onChange(listener: (changes: RecordChange[]) => void): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}

	// ── writing ──────────────────────────────────────────────────────────────────────────

	/**
	 * Appends the record of one edit. Must run inside a transaction that ends with `flush()`;
	 * reads see the record at once.
	 */
	append(id: string, edit: RecordEdit): void {
		const record: EntityRecord = { id, t: this.clock + 1, c: this.doc.clientID };
		for (const part of ['set', 'add', 'del'] as const) {
			const value = edit[part];
			if (value && Object.keys(value).length > 0) Object.assign(record, { [part]: value });
		}
		if (edit.gone !== undefined) record.gone = edit.gone;
		if (!record.set && !record.add && !record.del && record.gone === undefined) return;
		this.noteBefore(id);
		this.supersede(record);
		this.index(record);
		this.indexedEarly.add(record);
		this.noteFields(id, record);
		this.pending.push(record);
	}

	/** Pushes the records appended in this transaction, as one Yjs item. */
	flush(): void {
		if (this.pending.length === 0) return;
		const records = this.pending;
		this.pending = [];
		this.array.push(records);
	}

	/**
	 * Takes out of the entity's older records what `newer` overrides, and out of its older
	 * `Y.Map` too: a value someone removed (a phone number, a deleted agent) must not stay in
	 * the document for every new client to receive, as it would not with nested maps. A record
	 * left with nothing is deleted; one left with something is replaced by a copy without the
	 * overridden part, under its own clock, so the fold is unchanged. Undo puts them back.
	 */
	private supersede(newer: EntityRecord): void {
		const stored = this.byId.get(newer.id);
		const older = stored === undefined ? [] : Array.isArray(stored) ? [...stored] : [stored];
		for (const old of older) {
			const rest = withoutOverridden(old, newer);
			if (rest === old) continue;
			this.unindex(old);
			this.remove(old);
			if (rest) {
				this.index(rest);
				this.indexedEarly.add(rest);
				this.pending.push(rest);
			}
		}
		this.supersedeLegacy(newer);
	}

	private supersedeLegacy(newer: EntityRecord): void {
		const entity = this.legacyFields(newer.id);
		if (!entity) return;
		if (newer.gone === true) {
			this.legacy.delete(newer.id);
			return;
		}
		for (const key of Object.keys(newer.set ?? {})) if (entity.has(key)) entity.delete(key);
		for (const part of [newer.add, newer.del]) {
			for (const [key, members] of Object.entries(part ?? {})) {
				const set = entity.get(key);
				if (set instanceof Y.Map) for (const member of members) if (set.has(member)) set.delete(member);
			}
		}
	}

	/** Deletes a record from the array, or from the records not pushed yet. */
	private remove(record: EntityRecord): void {
		const waiting = this.pending.indexOf(record);
		if (waiting >= 0) {
			this.pending.splice(waiting, 1);
			return;
		}
		const at = this.positionOf(record);
		if (at >= 0) this.array.delete(at, 1);
	}

	/**
	 * Where a record is in the array. Yjs keeps a run of appended values as one item holding
	 * them in an array, so this walks the items (a few per edit), not the values.
	 */
	private positionOf(record: EntityRecord): number {
		let position = 0;
		for (let item = this.array._start; item !== null; item = item.right) {
			if (item.deleted || !item.countable) continue;
			const at = item.content.getContent().indexOf(record);
			if (at >= 0) return position + at;
			position += item.length;
		}
		return -1;
	}

	// ── keeping the index current ──────────────────────────────────────────────────────────

	private index(value: unknown): EntityRecord | null {
		if (!isRecord(value)) {
			this.invalid++;
			return null;
		}
		this.folds.delete(value.id);
		if (value.t > this.clock) this.clock = value.t;
		const stored = this.byId.get(value.id);
		if (stored === undefined) this.byId.set(value.id, value);
		else if (Array.isArray(stored)) stored.push(value);
		else this.byId.set(value.id, [stored, value]);
		return value;
	}

	private unindex(record: EntityRecord): void {
		this.folds.delete(record.id);
		const stored = this.byId.get(record.id);
		if (stored === record) this.byId.delete(record.id);
		else if (Array.isArray(stored)) {
			const at = stored.indexOf(record);
			if (at >= 0) stored.splice(at, 1);
			if (stored.length === 0) this.byId.delete(record.id);
		}
	}

	private onArrayEvent(transaction: Y.Transaction): void {
		// Deleted content is still readable here: Yjs collects it only after observers ran.
		const replaced = new Set<string>();
		const { added, deleted } = this.itemsChangedBy(transaction);
		for (const item of deleted) {
			for (const value of item.content.getContent()) {
				if (!isRecord(value)) continue;
				this.noteBefore(value.id);
				this.unindex(value);
				replaced.add(clockOf(value));
			}
		}
		for (const item of added) {
			for (const value of item.content.getContent()) {
				if (this.indexedEarly.has(value as EntityRecord)) {
					this.indexedEarly.delete(value as EntityRecord);
					continue;
				}
				if (isRecord(value)) this.noteBefore(value.id);
				const record = this.index(value);
				// A shortened copy of a record deleted in the same update changes no field.
				if (record && !replaced.has(clockOf(record))) this.noteFields(record.id, record);
			}
		}
		this.emit();
	}

	/**
	 * The array's items a transaction inserted and deleted. Yjs's `event.changes` finds them by
	 * walking every item of the array, which grows with every edit ever made; this looks only at
	 * the structs the transaction wrote and the ranges it deleted.
	 */
	private itemsChangedBy(transaction: Y.Transaction): { added: Y.Item[]; deleted: Y.Item[] } {
		const isNew = (item: Y.Item) => item.id.clock >= (transaction.beforeState.get(item.id.client) ?? 0);
		const deleted: Y.Item[] = [];
		Y.iterateDeletedStructs(transaction, transaction.deleteSet, (struct) => {
			if (struct instanceof Y.Item && struct.parent === this.array && !isNew(struct)) deleted.push(struct);
		});
		const added: Y.Item[] = [];
		for (const [client, after] of transaction.afterState) {
			const before = transaction.beforeState.get(client) ?? 0;
			const structs = transaction.doc.store.clients.get(client);
			if (after <= before || !structs) continue;
			for (let i = Y.findIndexSS(structs, before); i < structs.length && structs[i].id.clock < after; i++) {
				const struct = structs[i];
				if (struct instanceof Y.Item && struct.parent === this.array && !struct.deleted) added.push(struct);
			}
		}
		return { added, deleted };
	}

	/** A client still on the older layout edited an entity: report it like a record change. */
	private onLegacyEvents(events: Y.YEvent<Y.AbstractType<unknown>>[]): void {
		// A fold reads its older entity live, but may hold one that was replaced or removed.
		this.folds.clear();
		for (const event of events) {
			if (event.path.length > 0) {
				const id = String(event.path[0]);
				this.noteBefore(id);
				const fields = this.fieldsTouched.get(id) ?? new Set<string>();
				for (const key of (event as Y.YMapEvent<unknown>).keysChanged) fields.add(String(event.path[1] ?? key));
				this.fieldsTouched.set(id, fields);
			} else {
				for (const [id, change] of (event as Y.YMapEvent<unknown>).changes.keys) {
					this.noteBefore(id, change.action !== 'add');
				}
			}
		}
		this.emit();
	}

	private noteBefore(id: string, existed = this.has(id)): void {
		if (!this.before.has(id)) this.before.set(id, existed);
	}

	private noteFields(id: string, record: EntityRecord): void {
		const fields = this.fieldsTouched.get(id) ?? new Set<string>();
		for (const part of [record.set, record.add, record.del]) for (const key of Object.keys(part ?? {})) fields.add(key);
		this.fieldsTouched.set(id, fields);
	}

	private emit(): void {
		if (this.before.size === 0) return;
		const changes: RecordChange[] = [];
		for (const [id, before] of this.before) {
			changes.push({ id, before, after: this.has(id), fields: [...(this.fieldsTouched.get(id) ?? [])].sort() });
		}
		this.before = new Map();
		this.fieldsTouched = new Map();
		for (const listener of this.listeners) listener(changes);
	}

	private legacyFields(id: string): Y.Map<unknown> | null {
		const fields = this.legacy.get(id);
		return fields instanceof Y.Map ? fields : null;
	}
}

/**
 * The records of one entity folded into its fields; null when the latest `gone` says deleted
 * (unless `evenIfGone`) or nothing was ever written.
 */
export function foldRecords(records: readonly EntityRecord[], base: FieldLookup | null, evenIfGone = false): FieldLookup | null {
	if (!exists(records, base !== null, evenIfGone)) return null;
	if (records.length === 1 && base === null) return new RecordFields(records[0]);
	return new FoldedFields(records, base);
}

/** Whether records (over an older entity or not) make an entity that exists: written, not gone. */
function exists(records: readonly EntityRecord[], hasBase: boolean, evenIfGone = false): boolean {
	let gone: EntityRecord | null = null;
	let any = hasBase;
	for (const record of records) {
		if (record.gone !== undefined && (gone === null || later(record, gone))) gone = record;
		if (record.set || record.add || record.del) any = true;
	}
	return any && (evenIfGone || !gone?.gone);
}

/**
 * `old` without what `newer` (a later record of the same entity) overrides: its fields, its
 * members, its deletion flag — everything when `newer` deletes the entity. `old` itself when
 * nothing is overridden, null when nothing is left.
 */
export function withoutOverridden(old: EntityRecord, newer: EntityRecord): EntityRecord | null {
	if (newer.gone === true) return null;
	let changed = false;
	const rest: EntityRecord = { id: old.id, t: old.t, c: old.c };
	const set = Object.entries(old.set ?? {}).filter(([key]) => {
		const overridden = newer.set !== undefined && Object.hasOwn(newer.set, key);
		changed ||= overridden;
		return !overridden;
	});
	if (set.length > 0) rest.set = Object.fromEntries(set);
	for (const part of ['add', 'del'] as const) {
		const lists: Record<string, string[]> = {};
		for (const [key, members] of Object.entries(old[part] ?? {})) {
			const touched = new Set([...(own(newer.add, key) ?? []), ...(own(newer.del, key) ?? [])]);
			const kept = members.filter((member) => !touched.has(member));
			changed ||= kept.length !== members.length;
			if (kept.length > 0) lists[key] = kept;
		}
		if (Object.keys(lists).length > 0) rest[part] = lists;
	}
	if (old.gone !== undefined) {
		if (newer.gone === undefined) rest.gone = old.gone;
		else changed = true;
	}
	if (!changed) return old;
	return rest.set || rest.add || rest.del || rest.gone !== undefined ? rest : null;
}

/**
 * The total order of records: clock, then writer. Two records with the same clock and writer
 * are copies of one write (shortened by two people's edits at once, or redone); they hold the
 * same value, so either answers — unless a peer broke the rules, and then the values decide,
 * so every replica still picks the same one.
 */
function later(a: EntityRecord, b: EntityRecord, key?: string): boolean {
	if (a.t !== b.t) return a.t > b.t;
	if (a.c !== b.c) return a.c > b.c;
	const valueOf = (record: EntityRecord) => (key === undefined ? record.gone : record.set?.[key]);
	const [x, y] = [valueOf(a), valueOf(b)];
	if (x === y) return false;
	return (JSON.stringify(x) ?? '') > (JSON.stringify(y) ?? '');
}

/** Whether `record`'s operation on a member wins over `seen`'s; among copies a removal wins. */
function laterMember(record: EntityRecord, present: boolean, seen: { record: EntityRecord; present: boolean }): boolean {
	if (record.t !== seen.record.t || record.c !== seen.record.c) return later(record, seen.record);
	return seen.present && !present;
}

/** A record's entity and clock: what a shortened copy shares with the record it replaces. */
function clockOf(record: EntityRecord): string {
	return `${record.id}\u0000${record.t}\u0000${record.c}`;
}

/** Own keys only: a key like `constructor` is not a field. */
function own<T>(object: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
	return object !== undefined && Object.hasOwn(object, key) ? object[key] : undefined;
}

/** A single record's fields (most entities: written once, never edited). */
class RecordFields implements FieldLookup {
	private readonly record: EntityRecord;
	constructor(record: EntityRecord) {
		this.record = record;
	}
	get(key: string): unknown {
		const added = own(this.record.add, key);
		if (added !== undefined || own(this.record.del, key) !== undefined) {
			// Within one record a removal wins (a writer never sends both for one member).
			const removed = new Set(own(this.record.del, key) ?? []);
			return new Map((added ?? []).filter((member) => !removed.has(member)).map((member) => [member, true] as const));
		}
		return own(this.record.set, key);
	}
	keys(): Iterable<string> {
		return new Set([...Object.keys(this.record.set ?? {}), ...Object.keys(this.record.add ?? {}), ...Object.keys(this.record.del ?? {})]);
	}
}

/**
 * Several records (and perhaps an older entity) folded: per field the latest `set`, per set
 * member the latest add or removal. The older entity's values count as written at `t = 0`.
 */
class FoldedFields implements FieldLookup {
	private readonly values = new Map<string, unknown>();
	private readonly members = new Map<string, Map<string, { record: EntityRecord; present: boolean }>>();
	private readonly base: FieldLookup | null;

	constructor(records: readonly EntityRecord[], base: FieldLookup | null) {
		this.base = base;
		const winners = new Map<string, EntityRecord>();
		for (const record of records) {
			for (const key of Object.keys(record.set ?? {})) {
				const winner = winners.get(key);
				if (!winner || later(record, winner, key)) winners.set(key, record);
			}
			for (const [part, present] of [['add', true], ['del', false]] as const) {
				for (const [key, list] of Object.entries(record[part] ?? {})) {
					let field = this.members.get(key);
					if (!field) this.members.set(key, (field = new Map()));
					for (const member of list) {
						const seen = field.get(member);
						if (!seen || laterMember(record, present, seen)) field.set(member, { record, present });
					}
				}
			}
		}
		for (const [key, record] of winners) this.values.set(key, record.set![key]);
	}

	get(key: string): unknown {
		const ops = this.members.get(key);
		if (ops) {
			const result = new Map<string, true>();
			const older = this.base?.get(key);
			if (older instanceof Y.Map) for (const [member, flag] of older.entries()) if (flag === true && !ops.has(member)) result.set(member, true);
			for (const [member, op] of ops) if (op.present) result.set(member, true);
			return result;
		}
		return this.values.has(key) ? this.values.get(key) : this.base?.get(key);
	}

	keys(): Iterable<string> {
		return new Set([...this.values.keys(), ...this.members.keys(), ...(this.base?.keys() ?? [])]);
	}
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
}

function isMemberLists(value: unknown): boolean {
	return value === undefined || (isPlainObject(value) && Object.values(value).every((list) => Array.isArray(list) && list.every((m) => typeof m === 'string')));
}

function isRecord(value: unknown): value is EntityRecord {
	if (!isPlainObject(value)) return false;
	const record = value as Partial<EntityRecord>;
	return (
		isValidId(record.id) &&
		Number.isSafeInteger(record.t) &&
		record.t! >= 1 &&
		record.t! <= MAX_CLOCK &&
		Number.isSafeInteger(record.c) &&
		record.c! >= 0 &&
		(record.set === undefined || isPlainObject(record.set)) &&
		isMemberLists(record.add) &&
		isMemberLists(record.del) &&
		(record.gone === undefined || typeof record.gone === 'boolean')
	);
}

const collections = new WeakMap<Y.Doc, Map<string, RecordCollection>>();

/**
 * The one index of a record collection per document, shared by every `MapDocument` and change
 * describer over it (a second index would double the memory and the work of every update).
 */
export function recordCollection(doc: Y.Doc, arrayName: string, legacyName: string): RecordCollection {
	let byName = collections.get(doc);
	if (!byName) collections.set(doc, (byName = new Map()));
	let collection = byName.get(arrayName);
	if (!collection) byName.set(arrayName, (collection = new RecordCollection(doc, arrayName, legacyName)));
	return collection;
}

/** The links of a map: records over the older `links` map. */
export function linkRecords(doc: Y.Doc): RecordCollection {
	return recordCollection(doc, RECORD_ARRAYS.links, 'links');
}

/** The agents of a map: records over the older `agents` map. */
export function agentRecords(doc: Y.Doc): RecordCollection {
	return recordCollection(doc, RECORD_ARRAYS.agents, 'agents');
}
