/**
 * The records of one entity and what they mean (docs/record-layout.md): their shape and
 * validation, their total order, the fold of an entity's records into its fields, and what a
 * later record overrides in an earlier one. Pure: no Yjs document, no state.
 */
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

/** Read access to an entity's folded fields. A set field reads as `Members`. */
export interface FieldLookup {
	get(key: string): unknown;
	keys(): Iterable<string>;
}

/**
 * Clocks above this are refused, and no writer goes past it: a legitimate clock grows by one
 * per edit of one entity and never gets near it, while a clock past the largest safe integer
 * would stop growing and end the order.
 */
export const MAX_CLOCK = 2 ** 40;

/**
 * The records of one entity folded into its fields; null when the latest `gone` says deleted
 * (unless `evenIfGone`) or nothing was ever written.
 */
export function foldRecords(records: readonly EntityRecord[], evenIfGone = false): FieldLookup | null {
	if (!exists(records, evenIfGone)) return null;
	if (records.length === 1) return new RecordFields(records[0]);
	return new FoldedFields(records);
}

/** Whether records make an entity that exists: written, not gone. */
export function exists(records: readonly EntityRecord[], evenIfGone = false): boolean {
	let gone: EntityRecord | null = null;
	let any = false;
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

/** What of an entity's records no reader can see any more, and may leave the document. */
export interface HiddenRecords {
	/** Records hidden whole: by a later deletion, by later records, or copies of another. */
	readonly remove: EntityRecord[];
	/** Records hidden in part, each with what is left of it (a copy under its own clock). */
	readonly shorten: [EntityRecord, EntityRecord][];
}

/**
 * What the records of one entity hide of each other. Their writers take such parts out as they
 * write (see `withoutOverridden`), but records that cross (an edit concurrent with a deletion,
 * an undo bringing back a record someone has since overridden, equal copies made by two
 * replicas at once) leave some in. `records` come in the order of their Yjs ids: of equal
 * copies, the first is kept. Removing what this returns never changes what the entity reads.
 */
export function hiddenRecords(records: readonly EntityRecord[]): HiddenRecords {
	const hidden: HiddenRecords = { remove: [], shorten: [] };
	if (records.length === 0) return hidden;
	if (!exists(records)) {
		const deciding = records.reduce((a, b) => (b.gone !== undefined && (a.gone === undefined || later(b, a)) ? b : a));
		for (const record of records) if (record !== deciding) hidden.remove.push(record);
		return hidden;
	}
	const copies = new Set<string>();
	for (const old of records) {
		const text = JSON.stringify(old);
		if (copies.has(text)) {
			hidden.remove.push(old);
			continue;
		}
		copies.add(text);
		let rest: EntityRecord | null = old;
		for (const newer of records) {
			if (rest === null) break;
			if (newer.t < old.t || (newer.t === old.t && newer.c <= old.c)) continue;
			// The entity exists, so a later deletion was undone by a restore: it hides no field.
			rest = withoutOverridden(rest, newer.gone === true ? { ...newer, gone: false } : newer);
		}
		if (rest === null) hidden.remove.push(old);
		else if (rest !== old) hidden.shorten.push([old, rest]);
	}
	return hidden;
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
export function clockOf(record: EntityRecord): string {
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

/** Several records folded: per field the latest `set`, per set member the latest add or removal. */
class FoldedFields implements FieldLookup {
	private readonly values = new Map<string, unknown>();
	private readonly members = new Map<string, Map<string, { record: EntityRecord; present: boolean }>>();

	constructor(records: readonly EntityRecord[]) {
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
			for (const [member, op] of ops) if (op.present) result.set(member, true);
			return result;
		}
		return this.values.get(key);
	}

	keys(): Iterable<string> {
		return new Set([...this.values.keys(), ...this.members.keys()]);
	}
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
}

function isMemberLists(value: unknown): boolean {
	return value === undefined || (isPlainObject(value) && Object.values(value).every((list) => Array.isArray(list) && list.every((m) => typeof m === 'string')));
}

/**
 * A stored value read as a record: records are stored as JSON text, which Yjs reads and writes
 * an order of magnitude faster than nested values (a 50,000-agent map: 1.8 s to apply as
 * objects). Null for anything that is not the text of a valid record.
 */
export function parseRecord(value: unknown): EntityRecord | null {
	if (typeof value !== 'string') return null;
	let parsed: unknown;
	try {
		parsed = JSON.parse(value);
	} catch {
		return null;
	}
	return isRecord(parsed) ? parsed : null;
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
