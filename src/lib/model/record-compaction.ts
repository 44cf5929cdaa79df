/**
 * Compaction: taking out of the document the records that no reader can see any more
 * (`hiddenRecords` in record-fold.ts). Browsers do it (`MapDocument`'s `upkeep`), the server
 * and the activity digest do not (see `RecordCollection.compacts`).
 *
 * Writers take out what they override as they write, but records that cross leave some in: an
 * edit that arrived after its entity was deleted, a record an undo brought back although someone
 * has since replaced its values, equal copies. A removed phone number must not stay for every
 * new client to receive. Every browser compacts, in a transaction of its own right after the one
 * that touched the entities: two that shorten one record at once write equal copies (or, knowing
 * different records, copies that the next pass shortens to equal ones), and equal copies are
 * hidden too, so all but one go. Compaction never changes what an entity reads.
 */
import type * as Y from 'yjs';
import { hiddenRecords, type HiddenRecords } from './record-fold.ts';
import { compareIds, type RecordIndex } from './record-index.ts';
import type { RecordWriter } from './record-writer.ts';

/** The origin of compaction's transactions: no one's undo tracks them, and they are not compacted again. */
export const COMPACTION_ORIGIN = { compaction: 'records' };

/** Takes out what the records of the entities `ids` hide, in one transaction of its own. */
export function compact(doc: Y.Doc, index: RecordIndex, writer: RecordWriter, ids: Iterable<string>): void {
	const work: HiddenRecords[] = [];
	for (const id of ids) {
		if (!index.hasSeveral(id)) continue; // one record hides nothing
		// Of equal copies the first in Yjs id order stays, on every replica.
		const records = [...index.recordsOf(id)].sort((a, b) => compareIds(index.placeOf(a), index.placeOf(b)));
		const hidden = hiddenRecords(records);
		if (hidden.remove.length > 0 || hidden.shorten.length > 0) work.push(hidden);
	}
	if (work.length === 0) return;
	doc.transact(() => {
		for (const hidden of work) {
			for (const record of hidden.remove) writer.takeOut(record);
			for (const [old, rest] of hidden.shorten) {
				writer.takeOut(old);
				writer.appendRecord(rest);
			}
		}
		writer.flush();
	}, COMPACTION_ORIGIN);
}
