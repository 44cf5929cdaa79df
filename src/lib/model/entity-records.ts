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
 * one. `gone` deletes (or restores) the entity, the latest wins. The array order is never used,
 * so concurrent appends anywhere fold the same everywhere (record-fold.ts). Undo deletes one's
 * own records, and the fold falls back to what was there before.
 *
 * This module keeps the parts in step with the array: the index (record-index.ts), the writer
 * (record-writer.ts), the change report (record-changes.ts), compaction (record-compaction.ts)
 * and undo's copies (undo-copies.ts).
 */
import * as Y from 'yjs';
import { parseRecord, clockOf, type EntityRecord, type FieldLookup, type RecordEdit } from './record-fold.ts';
import { RecordChanges, type RecordChange } from './record-changes.ts';
import { COMPACTION_ORIGIN, compact } from './record-compaction.ts';
import { RecordIndex } from './record-index.ts';
import { RecordWriter } from './record-writer.ts';
import { UndoCopies, type StepItems } from './undo-copies.ts';
import { RECORD_ARRAYS } from './schema.ts';

export type { EntityRecord, FieldLookup, Members, RecordEdit } from './record-fold.ts';
export { MAX_CLOCK } from './record-fold.ts';
export type { RecordChange } from './record-changes.ts';
export type { StepItems } from './undo-copies.ts';

export class RecordCollection {
	readonly array: Y.Array<unknown>;
	private readonly doc: Y.Doc;
	private readonly index = new RecordIndex();
	private readonly changes = new RecordChanges((id) => this.index.has(id));
	private readonly writer: RecordWriter;
	private readonly undoCopies: UndoCopies;
	/**
	 * Whether this replica compacts what others' edits have hidden (record-compaction.ts; the
	 * `upkeep` of `MapDocument`). Browsers do; the server and the activity digest do not (a
	 * record they wrote would be nobody's edit, and the digest replays history).
	 */
	compacts = false;

	constructor(doc: Y.Doc, arrayName: string) {
		this.doc = doc;
		this.array = doc.getArray(arrayName);
		this.writer = new RecordWriter(doc, this.array, this.index, this.changes, (record, client, clock) => this.place(record, client, clock));
		this.undoCopies = new UndoCopies(doc, this.index, this.writer, this.changes);
		for (let item = this.array._start; item !== null; item = item.right) {
			if (item.deleted || !item.countable) continue;
			item.content.getContent().forEach((value, offset) => this.indexValue(value, item, offset));
		}
		this.array.observe((_event, transaction) => this.onArrayEvent(transaction));
	}

	// ── reading ──────────────────────────────────────────────────────────────────────────

	/**
	 * The entity's current fields, or null when it does not exist (never written, or gone).
	 * `evenIfGone` reads a deleted entity's last fields (to bring it back).
	 */
	fields(id: string, evenIfGone = false): FieldLookup | null {
		return this.index.fields(id, evenIfGone);
	}

	/**
	 * `derive(fields(id))`, remembered until the entity's records change. The result is shared
	 * by every caller, who must not modify it. `key` names the derivation (one cache per key).
	 */
	derived<T>(id: string, key: object, derive: (fields: FieldLookup | null) => T): T {
		return this.index.derived(id, key, derive);
	}

	/** The records of one entity as indexed. */
	recordsOf(id: string): readonly EntityRecord[] {
		return this.index.recordsOf(id);
	}

	/** The number of entities that exist. */
	get size(): number {
		let size = 0;
		for (const _ of this.ids()) size++;
		return size;
	}

	/** Whether the entity exists; cheaper than `fields` (every update asks it of what it touches). */
	has(id: string): boolean {
		return this.index.has(id);
	}

	/** Ids of the entities that exist (they may still fail validation when read). */
	ids(): IterableIterator<string> {
		return this.index.ids();
	}

	/** Every existing entity with its fields. */
	*entries(): IterableIterator<[string, FieldLookup]> {
		for (const id of this.ids()) {
			const fields = this.fields(id);
			if (fields) yield [id, fields];
		}
	}

	/** Array values that are not valid records (a buggy or hostile peer); they are ignored. */
	get invalid(): number {
		return this.index.invalid;
	}

	/** Calls `listener` once per transaction that changed entities, after the records are folded in. */
	onChange(listener: (changes: RecordChange[]) => void): () => void {
		return this.changes.listen(listener);
	}

	// ── writing ──────────────────────────────────────────────────────────────────────────

	/**
	 * Appends the record of one edit. Must run inside a transaction that ends with `flush()`;
	 * reads see the record at once.
	 */
	append(id: string, edit: RecordEdit): void {
		this.writer.append(id, edit);
	}

	/** Pushes the records appended in this transaction, as one Yjs item. */
	flush(): void {
		this.writer.flush();
	}

	// ── undo (undo-manager.ts) ───────────────────────────────────────────────────────────

	/** See `UndoCopies.takeBackCopies`. */
	takeBackCopies(steps: readonly StepItems[], since: number): void {
		this.undoCopies.takeBackCopies(steps, since);
	}

	/** Ends the undo or redo that ran, once its copies have been dropped: compacts what it touched. */
	undoFinished(): void {
		const touched = this.undoCopies.takeTouched();
		if (touched.size > 0) compact(this.doc, this.index, this.writer, touched);
	}

	// ── keeping the parts in step with the array ─────────────────────────────────────────

	/** Notes where a record's value is; this replica's own writes are kept for its undo. */
	private place(record: EntityRecord, client: number, clock: number): void {
		this.index.place(record, client, clock);
		if (client === this.doc.clientID) this.undoCopies.noteOwn(record, clock);
	}

	/**
	 * Reads the value at `offset` in `item` as a record and indexes it; anything else counts as
	 * invalid. `before` notes, first, whether its entity existed (for a change report).
	 */
	private indexValue(value: unknown, item: Y.Item, offset: number, before?: (id: string) => void): EntityRecord | null {
		const record = parseRecord(value);
		if (!record) {
			this.index.addInvalid(item.id.client, item.id.clock + offset);
			return null;
		}
		before?.(record.id);
		this.place(record, item.id.client, item.id.clock + offset);
		this.index.add(record);
		return record;
	}

	private onArrayEvent(transaction: Y.Transaction): void {
		const replaced = new Set<string>();
		const { added, deleted } = itemsChangedBy(this.array, transaction);
		for (const item of deleted) {
			for (let offset = 0; offset < item.length; offset++) {
				const record = this.index.recordAt(item.id.client, item.id.clock + offset);
				if (!record) {
					this.index.removeInvalid(item.id.client, item.id.clock + offset);
					continue;
				}
				this.changes.noteBefore(record.id);
				this.index.remove(record);
				replaced.add(clockOf(record));
			}
		}
		for (const item of added) {
			item.content.getContent().forEach((value, offset) => {
				// What this replica pushed was indexed when it was appended.
				if (this.index.recordAt(item.id.client, item.id.clock + offset)) return;
				const record = this.indexValue(value, item, offset, (id) => this.changes.noteBefore(id));
				// A shortened copy of a record deleted in the same update changes no field.
				if (record && (replaced.size === 0 || !replaced.has(clockOf(record)))) this.changes.noteRecord(record.id, record);
			});
		}
		const reported = this.changes.report();
		if (!this.compacts || reported.length === 0 || transaction.origin === COMPACTION_ORIGIN) return;
		const ids = reported.map((change) => change.id);
		// An undo's copies must go before anything is compacted: a copy of the undone write still
		// overrides the values the undo restored (see `takeBackCopies`).
		if (transaction.origin instanceof Y.UndoManager) this.undoCopies.noteTouched(ids);
		else compact(this.doc, this.index, this.writer, ids);
	}
}

/**
 * The array's items a transaction inserted and deleted. Yjs's `event.changes` finds them by
 * walking every item of the array, which grows with every edit ever made; this looks only at
 * the structs the transaction wrote and the ranges it deleted.
 */
function itemsChangedBy(array: Y.Array<unknown>, transaction: Y.Transaction): { added: Y.Item[]; deleted: Y.Item[] } {
	const isNew = (item: Y.Item) => item.id.clock >= (transaction.beforeState.get(item.id.client) ?? 0);
	const deleted: Y.Item[] = [];
	Y.iterateDeletedStructs(transaction, transaction.deleteSet, (struct) => {
		if (struct instanceof Y.Item && struct.parent === array && !isNew(struct)) deleted.push(struct);
	});
	const added: Y.Item[] = [];
	for (const [client, after] of transaction.afterState) {
		const before = transaction.beforeState.get(client) ?? 0;
		const structs = transaction.doc.store.clients.get(client);
		if (after <= before || !structs) continue;
		for (let i = Y.findIndexSS(structs, before); i < structs.length && structs[i].id.clock < after; i++) {
			const struct = structs[i];
			if (struct instanceof Y.Item && struct.parent === array && !struct.deleted) added.push(struct);
		}
	}
	return { added, deleted };
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
