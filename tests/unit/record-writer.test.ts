/**
 * The writer of a record collection (src/lib/model/record-writer.ts): one record per edit under
 * the entity's next clock, what it overrides taken out of older records, one push per transaction.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { MAX_CLOCK } from '../../src/lib/model/record-fold.ts';
import { recordParts } from './record-parts.ts';

describe('the record writer', () => {
	it('numbers the records of each entity by its own clock, never past the largest allowed', () => {
		const { writer, index, transact } = recordParts();
		transact(() => {
			writer.append('a', { set: { name: 'A' } });
			writer.append('a', { set: { contact: 'x' } });
			writer.append('b', { set: { name: 'B' } });
		});
		expect(index.recordsOf('a').map((record) => record.t)).toEqual([1, 2]);
		expect(index.recordsOf('b').map((record) => record.t)).toEqual([1]);
		transact(() => writer.appendRecord({ id: 'c', t: MAX_CLOCK, c: 9, set: { name: 'C' } }));
		transact(() => writer.append('c', { set: { contact: 'y' } }));
		expect(index.recordsOf('c').map((record) => record.t)).toEqual([MAX_CLOCK, MAX_CLOCK]);
	});

	it('pushes the records of one transaction as one Yjs item, each placed at the Yjs id it gets', () => {
		const { doc, array, writer, placed, stored, transact } = recordParts(5);
		const clock = Y.getState(doc.store, 5);
		transact(() => {
			for (let i = 0; i < 100; i++) writer.append(`e${i}`, { set: { name: `E${i}` } });
		});
		expect(stored()).toHaveLength(100);
		let items = 0;
		for (let item = array._start; item !== null; item = item.right) items++;
		expect(items).toBe(1);
		expect(placed.map(({ client, clock }) => [client, clock])).toEqual(placed.map((_, i) => [5, clock + i]));
		expect(placed.map(({ record }) => JSON.stringify(record))).toEqual(array.toArray());
	});

	it('writes nothing for an edit that changes nothing', () => {
		const { writer, stored, transact } = recordParts();
		transact(() => writer.append('a', { set: {}, add: {}, del: {} }));
		expect(stored()).toEqual([]);
	});

	it('takes out of older records what an edit overrides, leaving a copy under the older clock', () => {
		const { writer, index, stored, transact } = recordParts();
		transact(() => writer.append('a', { set: { name: 'A', contact: 'secret' }, add: { tags: ['x', 'y'] } }));
		transact(() => writer.append('a', { set: { contact: '' }, del: { tags: ['x'] } }));
		const expected = [
			{ id: 'a', t: 1, c: 1, set: { name: 'A' }, add: { tags: ['y'] } },
			{ id: 'a', t: 2, c: 1, set: { contact: '' }, del: { tags: ['x'] } }
		];
		expect(stored()).toEqual(expected);
		expect(index.recordsOf('a')).toEqual(expected);
		expect(JSON.stringify(stored())).not.toContain('secret');
	});

	it('takes out every older record when an edit deletes the entity', () => {
		const { writer, index, stored, transact } = recordParts();
		transact(() => writer.append('a', { set: { name: 'A' }, gone: false }));
		transact(() => writer.append('a', { set: { contact: 'x' } }));
		transact(() => writer.append('a', { gone: true }));
		expect(stored()).toEqual([{ id: 'a', t: 3, c: 1, gone: true }]);
		expect(index.has('a')).toBe(false);
	});

	it('takes a record out of the queue when it is overridden before it is pushed', () => {
		const { writer, stored, transact } = recordParts();
		transact(() => {
			writer.append('a', { set: { name: 'A' } });
			writer.append('a', { set: { name: 'B' } });
		});
		expect(stored()).toEqual([{ id: 'a', t: 2, c: 1, set: { name: 'B' } }]);
	});

	it('notes for the change report what each edit touched', () => {
		const { writer, changes, transact } = recordParts();
		transact(() => writer.append('a', { set: { name: 'A' } }));
		expect(changes.report().map(({ id, before, after, fields }) => ({ id, before, after, fields }))).toEqual([
			{ id: 'a', before: false, after: true, fields: ['name'] }
		]);
	});
});
