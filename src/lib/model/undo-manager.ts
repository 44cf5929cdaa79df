/**
 * Undo for a map: Yjs's undo manager, plus what the record layout needs (entity-records.ts).
 *
 * Yjs undoes a step by deleting the items it inserted and restoring those it deleted. A record
 * of ours may meanwhile have been shortened by someone else's edit or by a browser's compaction:
 * the copy carries the same write under an id the undo manager never saw. So after each undo
 * or redo the copies of the writes it took back are deleted too (undo-copies.ts), in a transaction that counts
 * as part of the same step (one redo brings everything back).
 */
import * as Y from 'yjs';
import type { RecordCollection, StepItems } from './entity-records.ts';

type Step = Y.UndoManager['undoStack'][number];

export class RecordUndoManager extends Y.UndoManager {
	readonly #records: readonly RecordCollection[];

	constructor(
		scope: Y.AbstractType<any>[],
		options: ConstructorParameters<typeof Y.UndoManager>[1],
		records: readonly RecordCollection[]
	) {
		super(scope, options);
		this.#records = records;
	}

	override undo(): Step | null {
		return this.#takeBack(() => super.undo(), 'undo');
	}

	override redo(): Step | null {
		return this.#takeBack(() => super.redo(), 'redo');
	}

	#takeBack(run: () => Step | null, kind: 'undo' | 'redo'): Step | null {
		const [from, to] = kind === 'undo' ? [this.undoStack, this.redoStack] : [this.redoStack, this.undoStack];
		const stacked = [...from];
		const since = Y.getState(this.doc.store, this.doc.clientID);
		const result = run();
		// Yjs pops every step that changes nothing any more (its records all shortened by others)
		// until one does: the copies of all of them are taken back.
		const taken: StepItems[] = stacked.filter((step) => !from.includes(step)).map((step) => step.insertions);
		const depth = to.length;
		// While `undoing` (or `redoing`) is set, Yjs files the transaction on the other stack.
		const flag = kind === 'undo' ? 'undoing' : 'redoing';
		this[flag] = true;
		try {
			this.doc.transact(() => {
				for (const records of this.#records) {
					records.takeBackCopies(taken, since);
					records.flush();
				}
			}, this);
		} finally {
			this[flag] = false;
		}
		if (result && depth > 0 && to.length === depth + 1) mergeIntoPrevious(to);
		for (const records of this.#records) records.undoFinished();
		return result;
	}
}

/** Folds the last step of a stack into the one before it. */
function mergeIntoPrevious(stack: Step[]): void {
	const extra = stack.pop()!;
	const step = stack[stack.length - 1];
	step.insertions = Y.mergeDeleteSets([step.insertions, extra.insertions]);
	step.deletions = Y.mergeDeleteSets([step.deletions, extra.deletions]);
}
