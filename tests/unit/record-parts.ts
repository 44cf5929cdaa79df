/**
 * The parts of a record collection wired by hand, without `RecordCollection` (which also
 * indexes what arrives in the array and compacts): for the tests of each part on its own.
 */
import * as Y from 'yjs';
import { RecordChanges } from '../../src/lib/model/record-changes.ts';
import type { EntityRecord } from '../../src/lib/model/record-fold.ts';
import { RecordIndex } from '../../src/lib/model/record-index.ts';
import { RecordWriter } from '../../src/lib/model/record-writer.ts';

export function recordParts(clientID = 1) {
	const doc = new Y.Doc();
	doc.clientID = clientID;
	const array = doc.getArray<unknown>('records');
	const index = new RecordIndex();
	const changes = new RecordChanges((id) => index.has(id));
	const placed: { record: EntityRecord; client: number; clock: number }[] = [];
	const writer = new RecordWriter(doc, array, index, changes, (record, client, clock) => {
		index.place(record, client, clock);
		placed.push({ record, client, clock });
	});
	/** The records in the array, as stored. */
	const stored = () => array.toArray().map((text) => JSON.parse(String(text)) as EntityRecord);
	/** Runs `fn` in one transaction whose records are pushed at its end, as `MapDocument.transact`. */
	const transact = (fn: () => void) => doc.transact(() => {
		fn();
		writer.flush();
	});
	return { doc, array, index, changes, writer, placed, stored, transact };
}
