/**
 * Compaction (src/lib/model/record-compaction.ts): what an entity's records hide of each other
 * leaves the document, in a transaction of its own, and what the entity reads does not change.
 */
import { describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { COMPACTION_ORIGIN, compact } from '../../src/lib/model/record-compaction.ts';
import { foldRecords, type EntityRecord } from '../../src/lib/model/record-fold.ts';
import { recordParts } from './record-parts.ts';

/** The parts, holding `records` as crossing writers left them (nothing taken out on write). */
function holding(records: EntityRecord[]) {
	const parts = recordParts();
	parts.transact(() => {
		for (const record of records) parts.writer.appendRecord(record);
	});
	const origins: unknown[] = [];
	parts.doc.on('afterTransaction', (transaction: Y.Transaction) => origins.push(transaction.origin));
	return { ...parts, origins };
}

const read = (records: readonly EntityRecord[]) => {
	const fields = foldRecords(records);
	return fields && Object.fromEntries([...fields.keys()].map((key) => [key, fields.get(key)]));
};

describe('compaction', () => {
	it('leaves a shortened copy of a record a later one overrides in part, in a transaction of its own', () => {
		const { doc, index, writer, stored, origins } = holding([
			{ id: 'a', t: 1, c: 1, set: { name: 'A', contact: 'secret' } },
			{ id: 'a', t: 2, c: 2, set: { contact: '' } }
		]);
		const before = read(index.recordsOf('a'));
		compact(doc, index, writer, ['a']);
		expect(stored()).toEqual([
			{ id: 'a', t: 2, c: 2, set: { contact: '' } },
			{ id: 'a', t: 1, c: 1, set: { name: 'A' } }
		]);
		expect(read(index.recordsOf('a'))).toEqual(before);
		expect(origins).toEqual([COMPACTION_ORIGIN]);
	});

	it('keeps one of two equal copies, the same one on every replica (the first by Yjs id)', () => {
		const copy = { id: 'a', t: 1, c: 1, set: { name: 'A' } };
		const { doc, index, writer, stored } = holding([copy, { ...copy }]);
		const [first] = index.recordsOf('a');
		compact(doc, index, writer, ['a']);
		expect(stored()).toEqual([copy]);
		expect(index.recordsOf('a')).toEqual([first]);
		expect(index.placeOf(index.recordsOf('a')[0])).toEqual(index.placeOf(first));
	});

	it('leaves only the deciding deletion of a deleted entity', () => {
		const { doc, index, writer, stored } = holding([
			{ id: 'a', t: 3, c: 1, gone: true },
			{ id: 'a', t: 4, c: 2, set: { name: 'after the deletion' } }
		]);
		compact(doc, index, writer, ['a']);
		expect(stored()).toEqual([{ id: 'a', t: 3, c: 1, gone: true }]);
	});

	it('writes nothing for an entity with one record or nothing hidden', () => {
		const { doc, index, writer, origins } = holding([
			{ id: 'a', t: 1, c: 1, set: { name: 'A' } },
			{ id: 'b', t: 1, c: 1, set: { name: 'B' } },
			{ id: 'b', t: 2, c: 1, set: { contact: 'x' } }
		]);
		compact(doc, index, writer, ['a', 'b', 'missing']);
		expect(origins).toEqual([]);
	});
});
