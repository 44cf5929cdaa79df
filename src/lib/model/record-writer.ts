/**
 * How this replica writes records (docs/record-layout.md): each edit as one record under the
 * entity's next clock, what it overrides taken out of the entity's older records, and every
 * record of a transaction pushed as one Yjs item when it ends.
 *
 * Why one push: Yjs pushes one value at a time into an array in quadratic time and memory
 * (docs/record-layout.md has the figures).
 */
import * as Y from 'yjs';
import { MAX_CLOCK, withoutOverridden, type EntityRecord, type RecordEdit } from './record-fold.ts';
import type { RecordChanges } from './record-changes.ts';
import type { RecordIndex } from './record-index.ts';

export class RecordWriter {
	private readonly doc: Y.Doc;
	private readonly array: Y.Array<unknown>;
	private readonly index: RecordIndex;
	private readonly changes: RecordChanges;
	/** Notes where a record of this replica was pushed (the index, and undo's own writes). */
	private readonly placed: (record: EntityRecord, client: number, clock: number) => void;
	/** Records appended in the running transaction, not yet pushed to the array. */
	private pending: EntityRecord[] = [];

	constructor(
		doc: Y.Doc,
		array: Y.Array<unknown>,
		index: RecordIndex,
		changes: RecordChanges,
		placed: (record: EntityRecord, client: number, clock: number) => void
	) {
		this.doc = doc;
		this.array = array;
		this.index = index;
		this.changes = changes;
		this.placed = placed;
	}

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
		this.changes.noteBefore(id);
		this.removeOverridden(record);
		this.appendRecord(record);
		this.changes.noteRecord(id, record);
	}

	/** Indexes a record of this replica at once and queues its text for the array. */
	appendRecord(record: EntityRecord): void {
		this.index.add(record);
		this.pending.push(record);
	}

	/** Pushes the records appended in this transaction, as one Yjs item. */
	flush(): void {
		if (this.pending.length === 0) return;
		const texts = this.pending.map((record) => JSON.stringify(record));
		// The values pushed next are numbered from this replica's current clock on; their array
		// event finds them already indexed at these ids.
		const { clientID } = this.doc;
		const first = Y.getState(this.doc.store, clientID);
		this.pending.forEach((record, offset) => this.placed(record, clientID, first + offset));
		this.pending = [];
		this.array.push(texts);
	}

	/** Deletes a record from the array and the index (in that order: its place finds it). */
	takeOut(record: EntityRecord): void {
		this.delete(record);
		this.index.remove(record);
	}

	/**
	 * One more than the highest clock among the entity's records. Clocks only order the records
	 * of one entity, so each entity counts its own: a peer that writes a record with the largest
	 * clock allowed can then stall edits of that entity alone (they tie with it), not of every
	 * entity of the map.
	 */
	private nextClock(id: string): number {
		let highest = 0;
		for (const record of this.index.recordsOf(id)) highest = Math.max(highest, record.t);
		return Math.min(highest + 1, MAX_CLOCK);
	}

	/**
	 * Takes out of the entity's older records what `newer` overrides: a value someone removed
	 * (a phone number, a deleted agent) must not stay in the document for every new client to
	 * receive, as it would not with nested maps. A record left with nothing is deleted; one left
	 * with something is replaced by a copy without the overridden part, under its own clock, so
	 * the fold is unchanged. Undo puts them back.
	 */
	private removeOverridden(newer: EntityRecord): void {
		for (const old of [...this.index.recordsOf(newer.id)]) {
			const rest = withoutOverridden(old, newer);
			if (rest === old) continue;
			this.takeOut(old);
			if (rest) this.appendRecord(rest);
		}
	}

	/** Deletes a record from the array, or from the records not pushed yet. */
	private delete(record: EntityRecord): void {
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
		const place = this.index.placeOf(record);
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
}
