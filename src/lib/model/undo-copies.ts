/**
 * What undo needs of a record collection beyond Yjs's undo manager (undo-manager.ts): the
 * writes of this replica, kept by Yjs clock, so that an undo can take back their copies too.
 *
 * A record of ours may have been shortened by someone else's edit or by compaction since: the
 * copy carries the same write under a Yjs id the undo manager never saw; left in, it would keep
 * the value the person undid.
 */
import type * as Y from 'yjs';
import { clockOf, type EntityRecord } from './record-fold.ts';
import type { RecordChanges } from './record-changes.ts';
import type { RecordIndex } from './record-index.ts';
import type { RecordWriter } from './record-writer.ts';

/** The items of one undo step (a Yjs delete set: per client, runs of clocks). */
export type StepItems = Y.UndoManager['undoStack'][number]['insertions'];

/** A write of this replica, as its undo finds it again: its copies share `write`. */
interface OwnWrite {
	readonly id: string;
	readonly write: string;
	/** It created (or brought back) its entity: `gone: false`. */
	readonly creates: boolean;
}

export class UndoCopies {
	private readonly doc: Y.Doc;
	private readonly index: RecordIndex;
	private readonly writer: RecordWriter;
	private readonly changes: RecordChanges;
	/**
	 * The write (`clockOf`) of every record this replica's client pushed, by its Yjs clock, kept
	 * after the record is gone: an undo names the items it takes back.
	 */
	private readonly ownWrites = new Map<number, OwnWrite>();
	/** Entities an undo touched, to compact once it has taken back its copies. */
	private touched = new Set<string>();

	constructor(doc: Y.Doc, index: RecordIndex, writer: RecordWriter, changes: RecordChanges) {
		this.doc = doc;
		this.index = index;
		this.writer = writer;
		this.changes = changes;
	}

	/** Notes a record of this replica's client at its Yjs clock. */
	noteOwn(record: EntityRecord, clock: number): void {
		this.ownWrites.set(clock, { id: record.id, write: clockOf(record), creates: record.gone === false });
	}

	/** Notes entities an undo's own transaction touched. */
	noteTouched(ids: Iterable<string>): void {
		for (const id of ids) this.touched.add(id);
	}

	/** The entities noted since the last call (see `noteTouched`), to compact. */
	takeTouched(): ReadonlySet<string> {
		const touched = this.touched;
		this.touched = new Set();
		return touched;
	}

	/**
	 * After an undo or redo of this replica (`steps`: the items of the steps it took back, `since`:
	 * this replica's clock when it began): deletes the other copies of the writes it took back.
	 * Records written since the undo began (what it restored) stay. An entity whose creation was
	 * taken back, but which others' later edits still make exist, is deleted, as a nested map was
	 * with everything in it. Runs inside the undo manager's transaction (see undo-manager.ts).
	 * Unlike compaction this changes what entities read: it is reported.
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
			for (const record of [...this.index.recordsOf(id)]) {
				const place = this.index.placeOf(record);
				const restored = place !== undefined && place.client === this.doc.clientID && place.clock >= since;
				if (restored || clockOf(record) !== write) continue;
				this.changes.noteBefore(id);
				this.changes.noteRecord(id, record);
				this.writer.takeOut(record);
			}
		}
		for (const id of created) {
			if (this.index.has(id) && !this.index.recordsOf(id).some((record) => record.gone === false)) this.writer.append(id, { gone: true });
		}
	}
}
