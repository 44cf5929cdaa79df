/**
 * The index of a record collection (src/lib/model/record-index.ts): which records each entity
 * has, where each one is in the array, and the folds and derivations it keeps until they change.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { EntityRecord } from '../../src/lib/model/record-fold.ts';
import { RecordIndex, compareIds } from '../../src/lib/model/record-index.ts';

const record = (id: string, t: number, more: Partial<EntityRecord> = {}): EntityRecord => ({ id, t, c: 1, ...more });

describe('the record index', () => {
	it('keeps the records of each entity, one or several, and takes them out one by one', () => {
		const index = new RecordIndex();
		const [first, second] = [record('a', 1, { set: { name: 'A' } }), record('a', 2, { set: { contact: 'x' } })];
		index.add(first);
		expect(index.recordsOf('a')).toEqual([first]);
		expect(index.hasSeveral('a')).toBe(false);
		index.add(second);
		expect(index.recordsOf('a')).toEqual([first, second]);
		expect(index.hasSeveral('a')).toBe(true);
		index.remove(first);
		expect(index.recordsOf('a')).toEqual([second]);
		index.remove(second);
		expect(index.recordsOf('a')).toEqual([]);
		expect([...index.ids()]).toEqual([]);
	});

	it('says an entity exists while it has a field and its latest deletion is not one', () => {
		const index = new RecordIndex();
		index.add(record('a', 1, { set: { name: 'A' }, gone: false }));
		index.add(record('b', 1, { set: { name: 'B' } }));
		index.add(record('b', 2, { gone: true }));
		index.add(record('c', 1, { gone: false }));
		expect([...index.ids()]).toEqual(['a']);
		expect(index.has('b')).toBe(false);
		expect(index.fields('b')).toBeNull();
		expect(index.fields('b', true)?.get('name')).toBe('B');
	});

	it('keeps the fold of an entity with several records until one of its records changes', () => {
		const index = new RecordIndex();
		index.add(record('a', 1, { set: { name: 'A' } }));
		index.add(record('a', 2, { set: { contact: 'x' } }));
		const fold = index.fields('a');
		expect(index.fields('a')).toBe(fold);
		index.add(record('b', 1, { set: { name: 'B' } }));
		expect(index.fields('a')).toBe(fold);
		index.add(record('a', 3, { set: { name: 'A2' } }));
		expect(index.fields('a')).not.toBe(fold);
		expect(index.fields('a')?.get('name')).toBe('A2');
	});

	it('derives each entity once per reader until its records change', () => {
		const index = new RecordIndex();
		const reader = {};
		let calls = 0;
		const derive = (fields: { get(key: string): unknown } | null) => ({ name: fields?.get('name'), call: ++calls });
		const only = record('a', 1, { set: { name: 'A' } });
		index.add(only);
		expect(index.derived('a', reader, derive)).toEqual({ name: 'A', call: 1 });
		expect(index.derived('a', reader, derive).call).toBe(1);
		expect(index.derived('a', {}, derive).call).toBe(2); // another reader, its own cache
		index.remove(only);
		expect(index.derived('a', reader, derive)).toEqual({ name: undefined, call: 3 });
	});

	it('finds a record by the Yjs id of its value until it is taken out', () => {
		const index = new RecordIndex();
		const placed = record('a', 1, { set: { name: 'A' } });
		index.add(placed);
		expect(index.placeOf(placed)).toBeUndefined(); // not pushed yet
		index.place(placed, 7, 40);
		expect(index.recordAt(7, 40)).toBe(placed);
		expect(index.placeOf(placed)).toEqual(Y.createID(7, 40));
		index.remove(placed);
		expect(index.recordAt(7, 40)).toBeUndefined();
		expect(index.placeOf(placed)).toBeUndefined();
	});

	it('counts a value that is no record until it is deleted, once', () => {
		const index = new RecordIndex();
		index.addInvalid(7, 1);
		index.addInvalid(7, 2);
		expect(index.invalid).toBe(2);
		index.removeInvalid(7, 1);
		index.removeInvalid(7, 1);
		index.removeInvalid(8, 2); // another client's value at that clock was never counted
		expect(index.invalid).toBe(1);
	});

	it('orders Yjs ids by client, then clock, with what is not placed yet last', () => {
		const ids = [undefined, Y.createID(2, 1), Y.createID(1, 5), Y.createID(1, 2)];
		expect(ids.sort(compareIds)).toEqual([Y.createID(1, 2), Y.createID(1, 5), Y.createID(2, 1), undefined]);
	});
});
