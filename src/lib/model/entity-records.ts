/**
 * A collection kept as an append-only `Y.Array` of partial records (docs/record-layout.md).
 *
 * Why: a nested `Y.Map` per entity costs Yjs one item per field; at 200,000 links that is
 * 1.8 million items, seconds to load and a gigabyte held. A run of records appended by one
 * client is one item, whatever its length.
 *
 * How it merges: every record carries a clock `t` (one more than the highest this replica has
 * seen for the same entity) and its writer's client id `c`. A field's value is the one from the
 * latest `(t, c)` record that sets it — a last-writer-wins register per field, so two people
 * editing different fields of one entity both keep their edit; set members likewise, one by
 * one. `gone` deletes (or restores) the entity, the latest wins.
 * The array order is never used, so concurrent appends anywhere fold the same everywhere.
 * Undo deletes one's own records, and the fold falls back to what was there before.
 *
 * What a record overrides is taken out of the entity's older records by its writer, so a
 * removed value leaves the document as it did with nested maps (see `supersede`).
 *
 * Records are stored as JSON text (see `parseRecord`). Appends within one transaction are
 * buffered and pushed once when it ends: Yjs pushes one at a time cost quadratic time and
 * memory (20,000 pushes in one transaction: 2.3 s, 1.6 GB).
 */
import * as Y from 'yjs';
import {
	MAX_CLOCK,
	clockOf,
	exists,
	foldRecords,
	hiddenRecords,
	parseRecord,
	withoutOverridden,
	type EntityRecord,
	type FieldLookup,
	type RecordEdit
} from './record-fold.ts';
import { RECORD_ARRAYS } from './schema.ts';

export type { EntityRecord, FieldLookup, Members, RecordEdit } from './record-fold.ts';
export { MAX_CLOCK } from './record-fold.ts';

/** What one transaction did to one entity: whether it existed before and after, and the fields set. */
export interface RecordChange {
	readonly id: string;
	readonly before: boolean;
	readonly after: boolean;
	readonly fields: string[];
}

type Stored = EntityRecord | EntityRecord[];

/** The items of one undo step (a Yjs delete set: per client, runs of clocks). */
export type StepItems = Y.UndoManager['undoStack'][number]['insertions'];

/** A write of this replica, as its undo finds it again: its copies share `write`. */
interface OwnWrite {
	readonly id: string;
	readonly write: string;
	/** It created (or brought back) its entity: `gone: false`. */
	readonly creates: boolean;
}

/** The origin of upkeep (taking hidden records out): no one's undo tracks it. */
const UPKEEP_ORIGIN = { upkeep: 'records' };

/**
 * What a transaction did to one entity, noted as it runs (`after` is set when it is reported).
 * Its field names are worked out only when asked: the activity feed asks, the views do not
 * (and a first sync touches every entity of the map).
 */
class TouchedEntity implements RecordChange {
	readonly id: string;
	readonly before: boolean;
	after = false;
	/** The records that touched it. */
	readonly sources: EntityRecord[] = [];
	constructor(id: string, before: boolean) {
		this.id = id;
		this.before = before;
	}
	get fields(): string[] {
		const fields = new Set<string>();
		for (const source of this.sources) {
			for (const part of [source.set, source.add, source.del]) for (const key of Object.keys(part ?? {})) fields.add(key);
		}
		return [...fields].sort();
	}
}

export class RecordCollection {
	readonly array: Y.Array<unknown>;
	private readonly doc: Y.Doc;
	private readonly byId = new Map<string, Stored>();
	/** Records appended in the running transaction, not yet pushed to the array. */
	private pending: EntityRecord[] = [];
	/**
	 * The Yjs id of every indexed record's value: it never changes, wherever Yjs splits or
	 * merges the items around it, so a record is found in the array by walking items. A `Map`
	 * (a record leaves it when unindexed): a `WeakMap` of a first sync's 250,000 records costs
	 * twice the time to fill, and more to every garbage collection after.
	 */
	private readonly places = new Map<EntityRecord, Y.ID>();
	/**
	 * Every indexed record by the Yjs id of its value (client, then clock). Array events are
	 * matched to records by id, never by text: two replicas shortening one record at once write
	 * the same text twice, and each copy must be indexed, and deleted, on its own.
	 */
	private readonly atPlace = new Map<number, Map<number, EntityRecord>>();
	/**
	 * The entities touched in the running transaction. One map, not one per question: a first
	 * sync touches every entity of the map, and each lookup counts.
	 */
	private touches = new Map<string, TouchedEntity>();
	private readonly listeners = new Set<(changes: RecordChange[]) => void>();
	/**
	 * Folds of entities with several records, kept until their records
	 * change: views read the same few busy entities (a hub with hundreds of tags) on every edit.
	 */
	private readonly folds = new Map<string, FieldLookup | null>();
	/**
	 * What readers made of each entity (an `Agent`, a `Link`), per reader, kept until the
	 * entity changes: the session and the map index both read every entity a change touched,
	 * which for a first sync is the whole map, and they then share one object per entity.
	 */
	private readonly derivations = new Map<object, Map<string, unknown>>();
	/**
	 * The write (`clockOf`) of every record this replica's client pushed, by its Yjs clock, kept
	 * after the record is gone: an undo names the items it takes back, and their copies are
	 * found by write (see `takeBackCopies`).
	 */
	private readonly ownWrites = new Map<number, OwnWrite>();
	/** Entities an undo touched, tidied once it has taken back its copies (see `undoFinished`). */
	private touchedByUndo = new Set<string>();
	/** Where the array holds values that are not valid records (client, then clocks). */
	private readonly invalidAt = new Map<number, Set<number>>();
	/** Array values that are not valid records (a buggy or hostile peer); they are ignored. */
	invalid = 0;
	/**
	 * Whether this replica keeps the document up: it takes out the records that others' edits
	 * have hidden (see `tidy`). Browsers do; the server and
	 * the activity digest do not (a record they wrote would be nobody's edit, and the digest
	 * replays history).
	 */
	upkeep = false;

	constructor(doc: Y.Doc, arrayName: string) {
		this.doc = doc;
		this.array = doc.getArray(arrayName);
		for (let item = this.array._start; item !== null; item = item.right) {
			if (item.deleted || !item.countable) continue;
			item.content.getContent().forEach((value, offset) => this.indexText(value, item, offset));
		}
		this.array.observe((_event, transaction) => this.onArrayEvent(transaction));
	}

	// ── reading ──────────────────────────────────────────────────────────────────────────

	/**
	 * The entity's current fields, or null when it does not exist (never written, or gone).
	 * `evenIfGone` reads a deleted entity's last fields (to bring it back).
	 */
	fields(id: string, evenIfGone = false): FieldLookup | null {
		const records = this.recordsOf(id);
		if (records.length <= 1 || evenIfGone) return foldRecords(records, evenIfGone);
		let folded = this.folds.get(id);
		if (folded === undefined) this.folds.set(id, (folded = foldRecords(records)));
		return folded;
	}

	/**
	 * `derive(fields(id))`, remembered until the entity's records change. The
	 * result is shared by every caller, who must not modify it. `key` names the derivation
	 * (one cache per key).
	 */
	derived<T>(id: string, key: object, derive: (fields: FieldLookup | null) => T): T {
		let cache = this.derivations.get(key) as Map<string, T> | undefined;
		if (!cache) this.derivations.set(key, (cache = new Map()));
		if (cache.has(id)) return cache.get(id)!;
		const value = derive(this.fields(id));
		cache.set(id, value);
		return value;
	}

	/** Drops what was folded and derived from an entity whose records changed. */
	private forget(id: string): void {
		this.folds.delete(id);
		for (const cache of this.derivations.values()) cache.delete(id);
	}

	/** The records of one entity as indexed (most have one, kept without an array around it). */
	recordsOf(id: string): readonly EntityRecord[] {
		const stored = this.byId.get(id);
		return stored === undefined ? [] : Array.isArray(stored) ? stored : [stored];
	}

	/** The number of entities that exist. */
	get size(): number {
		let size = 0;
		for (const _ of this.ids()) size++;
		return size;
	}

	/** Whether the entity exists; cheaper than `fields` (every update asks it of what it touches). */
	has(id: string): boolean {
		return exists(this.recordsOf(id));
	}

	/** Ids of the entities that exist (they may still fail validation when read). */
	*ids(): IterableIterator<string> {
		for (const id of this.byId.keys()) if (this.has(id)) yield id;
	}

	/** Every existing entity with its fields. */
	*entries(): IterableIterator<[string, FieldLookup]> {
		for (const id of this.ids()) {
			const fields = this.fields(id);
			if (fields) yield [id, fields];
		}
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
		const record: EntityRecord = { id, t: this.nextClock(id), c: this.doc.clientID };
		for (const part of ['set', 'add', 'del'] as const) {
			const value = edit[part];
			if (value && Object.keys(value).length > 0) Object.assign(record, { [part]: value });
		}
		if (edit.gone !== undefined) record.gone = edit.gone;
		if (!record.set && !record.add && !record.del && record.gone === undefined) return;
		this.noteBefore(id);
		this.supersede(record);
		this.appendRecord(record);
		this.noteFields(id, record);
	}

	/** Indexes a record of this replica at once and queues its text for the array. */
	private appendRecord(record: EntityRecord): void {
		this.index(record);
		this.pending.push(record);
	}

	/**
	 * One more than the highest clock among the entity's records. Clocks only order the records
	 * of one entity, so each entity counts its own: a peer that writes a record with the largest
	 * clock allowed can then stall edits of that entity alone (they tie with it), not of every
	 * entity of the map.
	 */
	private nextClock(id: string): number {
		let highest = 0;
		for (const record of this.recordsOf(id)) highest = Math.max(highest, record.t);
		return Math.min(highest + 1, MAX_CLOCK);
	}

	/** Pushes the records appended in this transaction, as one Yjs item. */
	flush(): void {
		if (this.pending.length === 0) return;
		const texts = this.pending.map((record) => JSON.stringify(record));
		// The values pushed next are numbered from this replica's current clock on; their array
		// event finds them already indexed at these ids.
		const { clientID } = this.doc;
		const first = Y.getState(this.doc.store, clientID);
		this.pending.forEach((record, offset) => this.place(record, clientID, first + offset));
		this.pending = [];
		this.array.push(texts);
	}

	/**
	 * Takes out of the entity's older records what `newer` overrides: a value someone removed
	 * (a phone number, a deleted agent) must not stay in the document for every new client to
	 * receive, as it would not with nested maps. A record
	 * left with nothing is deleted; one left with something is replaced by a copy without the
	 * overridden part, under its own clock, so the fold is unchanged. Undo puts them back.
	 */
	private supersede(newer: EntityRecord): void {
		for (const old of [...this.recordsOf(newer.id)]) {
			const rest = withoutOverridden(old, newer);
			if (rest === old) continue;
			this.takeOut(old);
			if (rest) this.appendRecord(rest);
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
	 * Where a record is in the array: the items before the one holding its Yjs id, counted.
	 * Items are runs of values (a few per edit), so this is far shorter than the values.
	 */
	private positionOf(record: EntityRecord): number {
		const place = this.places.get(record);
		if (!place) return -1;
		let position = 0;
		for (let item = this.array._start; item !== null; item = item.right) {
			const { client, clock } = item.id;
			if (client === place.client && place.clock >= clock && place.clock < clock + item.length) {
				return item.deleted ? -1 : position + (place.clock - clock);
			}
			if (!item.deleted && item.countable) position += item.length;
		}
		return -1;
	}

	// ── keeping the index current ──────────────────────────────────────────────────────────

	/**
	 * Reads the value at `offset` in `item` as a record and indexes it; anything else counts as
	 * invalid. `before` notes, first, whether its entity existed (for a change report).
	 */
	private indexText(value: unknown, item: Y.Item, offset: number, before?: (id: string) => void): EntityRecord | null {
		const record = parseRecord(value);
		if (!record) {
			let clocks = this.invalidAt.get(item.id.client);
			if (!clocks) this.invalidAt.set(item.id.client, (clocks = new Set()));
			clocks.add(item.id.clock + offset);
			this.invalid++;
			return null;
		}
		before?.(record.id);
		this.place(record, item.id.client, item.id.clock + offset);
		this.index(record);
		return record;
	}

	private place(record: EntityRecord, client: number, clock: number): void {
		this.places.set(record, Y.createID(client, clock));
		if (client === this.doc.clientID) this.ownWrites.set(clock, { id: record.id, write: clockOf(record), creates: record.gone === false });
		let clocks = this.atPlace.get(client);
		if (!clocks) this.atPlace.set(client, (clocks = new Map()));
		clocks.set(clock, record);
	}

	/** The indexed record whose value has this Yjs id, if any. */
	private recordAt(client: number, clock: number): EntityRecord | undefined {
		return this.atPlace.get(client)?.get(clock);
	}

	private index(value: EntityRecord): void {
		this.forget(value.id);
		const stored = this.byId.get(value.id);
		if (stored === undefined) this.byId.set(value.id, value);
		else if (Array.isArray(stored)) stored.push(value);
		else this.byId.set(value.id, [stored, value]);
	}

	private unindex(record: EntityRecord): void {
		this.forget(record.id);
		const place = this.places.get(record);
		if (place) {
			this.atPlace.get(place.client)?.delete(place.clock);
			this.places.delete(record);
		}
		const stored = this.byId.get(record.id);
		if (stored === record) this.byId.delete(record.id);
		else if (Array.isArray(stored)) {
			const at = stored.indexOf(record);
			if (at >= 0) stored.splice(at, 1);
			if (stored.length === 0) this.byId.delete(record.id);
		}
	}

	private onArrayEvent(transaction: Y.Transaction): void {
		const replaced = new Set<string>();
		const { added, deleted } = this.itemsChangedBy(transaction);
		for (const item of deleted) {
			for (let offset = 0; offset < item.length; offset++) {
				const record = this.recordAt(item.id.client, item.id.clock + offset);
				if (!record) {
					if (this.invalidAt.get(item.id.client)?.delete(item.id.clock + offset)) this.invalid--;
					continue;
				}
				this.noteBefore(record.id);
				this.unindex(record);
				replaced.add(clockOf(record));
			}
		}
		for (const item of added) {
			item.content.getContent().forEach((value, offset) => {
				// What this replica pushed was indexed when it was appended.
				if (this.recordAt(item.id.client, item.id.clock + offset)) return;
				const record = this.indexText(value, item, offset, (id) => this.noteBefore(id));
				// A shortened copy of a record deleted in the same update changes no field.
				if (record && (replaced.size === 0 || !replaced.has(clockOf(record)))) this.noteFields(record.id, record);
			});
		}
		// `emit` starts a new map of touches: this one stays as it is.
		const changed = this.upkeep && this.touches.size > 0 ? this.touches : null;
		this.emit();
		if (!changed || transaction.origin === UPKEEP_ORIGIN) return;
		// An undo's copies must go before anything is tidied: a copy of the undone write still
		// overrides the values the undo restored (see `takeBackCopies`).
		if (transaction.origin instanceof Y.UndoManager) for (const id of changed.keys()) this.touchedByUndo.add(id);
		else this.tidy(changed.keys());
	}

	/**
	 * Takes out of the document what the records of the entities just touched hide (see
	 * `hiddenRecords`): an edit that arrived after its entity was deleted, a record an undo
	 * brought back although someone has since replaced its values, equal copies. Writers take
	 * such values out as they write; records that cross leave some in, and a removed phone
	 * number must not stay for every new client to receive. Every browser does it, in a
	 * transaction of its own right after: two that shorten one record at once write equal
	 * copies (or, knowing different records, copies that the next pass shortens to equal ones),
	 * and equal copies are hidden too, so all but one go.
	 */
	private tidy(ids: Iterable<string>): void {
		const work: ReturnType<typeof hiddenRecords>[] = [];
		for (const id of ids) {
			if (!Array.isArray(this.byId.get(id))) continue; // one record hides nothing
			const records = [...this.recordsOf(id)].sort((a, b) => compareIds(this.places.get(a), this.places.get(b)));
			const hidden = hiddenRecords(records);
			if (hidden.remove.length > 0 || hidden.shorten.length > 0) work.push(hidden);
		}
		if (work.length === 0) return;
		this.doc.transact(() => {
			for (const hidden of work) {
				for (const record of hidden.remove) this.takeOut(record);
				for (const [old, rest] of hidden.shorten) {
					this.takeOut(old);
					this.appendRecord(rest);
				}
			}
			this.flush();
		}, UPKEEP_ORIGIN);
	}

	/**
	 * After an undo or redo of this replica (`steps`: the items of the steps it took back, `since`:
	 * this replica's clock when it began): deletes the other copies of the writes it took back.
	 * A copy shortened by someone else's edit, or by upkeep, carries the same write under another
	 * Yjs id, which the undo manager does not know; left in, it would keep the value the person
	 * undid. Records written since the undo began (what it restored) stay. An entity whose
	 * creation was taken back, but which others' later edits still make exist, is deleted, as a
	 * nested map was with everything in it. Runs inside the undo manager's transaction (see
	 * undo-manager.ts). Unlike upkeep this changes what entities read: it is reported.
	 */
	takeBackCopies(steps: readonly StepItems[], since: number): void {
		const writes = new Map<string, OwnWrite>();
		for (const step of steps) {
			for (const { clock, len } of step.clients.get(this.doc.clientID) ?? []) {
				for (let at = clock; at < clock + len; at++) {
					const own = this.ownWrites.get(at);
					if (own) writes.set(own.write, own);
				}
			}
		}
		const created = new Set<string>();
		for (const { id, write, creates } of writes.values()) {
			if (creates) created.add(id);
			for (const record of [...this.recordsOf(id)]) {
				const place = this.places.get(record);
				const restored = place !== undefined && place.client === this.doc.clientID && place.clock >= since;
				if (restored || clockOf(record) !== write) continue;
				this.noteBefore(id);
				this.noteFields(id, record);
				this.takeOut(record);
			}
		}
		for (const id of created) {
			if (this.has(id) && !this.recordsOf(id).some((record) => record.gone === false)) this.append(id, { gone: true });
		}
	}

	/** Ends the undo or redo that ran, once its copies have been dropped: tidies what it touched. */
	undoFinished(): void {
		const touched = this.touchedByUndo;
		this.touchedByUndo = new Set();
		if (touched.size > 0) this.tidy(touched);
	}

	/** Deletes a record from the array and the index (in that order: `remove` finds it by its place). */
	private takeOut(record: EntityRecord): void {
		this.remove(record);
		this.unindex(record);
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

	/** Notes, the first time an entity is touched in a transaction, whether it existed. */
	private noteBefore(id: string): void {
		if (!this.touches.has(id)) this.touches.set(id, new TouchedEntity(id, this.has(id)));
	}

	/** Notes the record that touched an entity (after `noteBefore`). */
	private noteFields(id: string, source: EntityRecord): void {
		this.touches.get(id)?.sources.push(source);
	}

	private emit(): void {
		if (this.touches.size === 0) return;
		const changes: RecordChange[] = [];
		for (const touched of this.touches.values()) {
			touched.after = this.has(touched.id);
			changes.push(touched);
		}
		this.touches = new Map();
		for (const listener of this.listeners) listener(changes);
	}
}

/** Yjs ids in a fixed order (client, then clock); a record not placed yet comes last. */
function compareIds(a: Y.ID | undefined, b: Y.ID | undefined): number {
	if (!a || !b) return a ? -1 : b ? 1 : 0;
	return a.client - b.client || a.clock - b.clock;
}

const collections = new WeakMap<Y.Doc, Map<string, RecordCollection>>();

/**
 * The one index of a record collection per document, shared by every `MapDocument` and change
 * describer over it (a second index would double the memory and the work of every update).
 */
export function recordCollection(doc: Y.Doc, arrayName: string): RecordCollection {
	let byName = collections.get(doc);
	if (!byName) collections.set(doc, (byName = new Map()));
	let collection = byName.get(arrayName);
	if (!collection) byName.set(arrayName, (collection = new RecordCollection(doc, arrayName)));
	return collection;
}

/** The links of a map. */
export function linkRecords(doc: Y.Doc): RecordCollection {
	return recordCollection(doc, RECORD_ARRAYS.links);
}

/** The agents of a map. */
export function agentRecords(doc: Y.Doc): RecordCollection {
	return recordCollection(doc, RECORD_ARRAYS.agents);
}
