/**
 * What records mean (src/lib/model/record-fold.ts), without a document: the fold of an entity's
 * records into its fields, whether it exists, what a later record overrides, what records hide
 * of each other, and which stored values are records.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MAX_CLOCK, exists, foldRecords, hiddenRecords, parseRecord, withoutOverridden, type EntityRecord } from '../../src/lib/model/record-fold.ts';

const plain = (records: readonly EntityRecord[]) => {
	const fields = foldRecords(records);
	return fields && Object.fromEntries([...fields.keys()].map((key) => [key, fields.get(key)]));
};

describe('the fold of records', () => {
	it('takes per field the latest record that sets it, whatever the order of the records', () => {
		const records: EntityRecord[] = [
			{ id: 'a', t: 2, c: 1, set: { name: 'by 1 at 2' } },
			{ id: 'a', t: 2, c: 2, set: { name: 'by 2 at 2' } },
			{ id: 'a', t: 1, c: 9, set: { name: 'first', contact: 'x' } }
		];
		expect(plain(records)).toEqual({ name: 'by 2 at 2', contact: 'x' });
		expect(plain([...records].reverse())).toEqual(plain(records));
	});

	it('merges set members one by one: the latest add or removal of each wins', () => {
		const records: EntityRecord[] = [
			{ id: 'a', t: 1, c: 1, add: { tags: ['x', 'y'] } },
			{ id: 'a', t: 2, c: 2, del: { tags: ['x'] }, add: { tags: ['z'] } },
			{ id: 'a', t: 1, c: 3, add: { tags: ['x'] } }
		];
		expect([...(foldRecords(records)!.get('tags') as Map<string, true>).keys()].sort()).toEqual(['y', 'z']);
	});

	it('reads an entity as gone when its latest deletion says so, and as missing when nothing set a field', () => {
		const deleted: EntityRecord[] = [
			{ id: 'a', t: 1, c: 1, set: { name: 'A' }, gone: false },
			{ id: 'a', t: 2, c: 1, gone: true }
		];
		expect(exists(deleted)).toBe(false);
		expect(foldRecords(deleted)).toBeNull();
		expect(foldRecords(deleted, true)?.get('name')).toBe('A');
		expect(exists([...deleted, { id: 'a', t: 3, c: 1, gone: false }])).toBe(true);
		expect(exists([{ id: 'a', t: 1, c: 1, gone: false }])).toBe(false);
	});
});

describe('what a later record overrides', () => {
	it('leaves an older record without the fields and members a newer one writes', () => {
		const old: EntityRecord = { id: 'a', t: 1, c: 1, set: { name: 'A', contact: 'x' }, add: { tags: ['p', 'q'] }, gone: false };
		const rest = withoutOverridden(old, { id: 'a', t: 2, c: 2, set: { contact: '' }, del: { tags: ['p'] } });
		expect(rest).toEqual({ id: 'a', t: 1, c: 1, set: { name: 'A' }, add: { tags: ['q'] }, gone: false });
	});

	it('returns the record itself when nothing is overridden, and nothing when all is', () => {
		const old: EntityRecord = { id: 'a', t: 1, c: 1, set: { name: 'A' } };
		expect(withoutOverridden(old, { id: 'a', t: 2, c: 1, set: { contact: 'x' } })).toBe(old);
		expect(withoutOverridden(old, { id: 'a', t: 2, c: 1, set: { name: 'B' } })).toBeNull();
		expect(withoutOverridden(old, { id: 'a', t: 2, c: 1, gone: true })).toBeNull();
	});

	it('finds what records hide without changing what the entity reads (random records)', () => {
		const record = fc.record({
			t: fc.integer({ min: 1, max: 4 }),
			c: fc.integer({ min: 1, max: 3 }),
			set: fc.option(fc.dictionary(fc.constantFrom('name', 'contact'), fc.constantFrom('x', 'y')), { nil: undefined }),
			// Writers never write an empty member list (hiddenRecords may drop a record holding only one).
			add: fc.option(fc.record({ tags: fc.subarray(['p', 'q'], { minLength: 1 }) }), { nil: undefined }),
			gone: fc.option(fc.boolean(), { nil: undefined })
		});
		fc.assert(
			fc.property(fc.array(record, { maxLength: 6 }), (drawn) => {
				const records = drawn.map((r) => JSON.parse(JSON.stringify({ id: 'a', ...r })) as EntityRecord);
				const hidden = hiddenRecords(records);
				const kept = records.filter((r) => !hidden.remove.includes(r)).map((r) => hidden.shorten.find(([old]) => old === r)?.[1] ?? r);
				const read = (list: EntityRecord[]) => {
					const fields = foldRecords(list);
					return fields && JSON.stringify([...fields.keys()].sort().map((key) => [key, fields.get(key) instanceof Map ? [...(fields.get(key) as Map<string, true>).keys()].sort() : fields.get(key)]));
				};
				expect(read(kept)).toBe(read(records));
			}),
			{ numRuns: 500 }
		);
	});
});

describe('stored values that are records', () => {
	it('reads the text of a valid record and refuses anything else', () => {
		expect(parseRecord(JSON.stringify({ id: 'a', t: 1, c: 0, set: { name: 'A' } }))).toEqual({ id: 'a', t: 1, c: 0, set: { name: 'A' } });
		for (const value of [
			{ id: 'a', t: 1, c: 1 }, // an object, not text
			'not json',
			JSON.stringify({ id: 'a', t: 0, c: 1 }),
			JSON.stringify({ id: 'a', t: MAX_CLOCK + 1, c: 1 }),
			JSON.stringify({ id: 'a', t: 1.5, c: 1 }),
			JSON.stringify({ id: '__proto__', t: 1, c: 1 }),
			JSON.stringify({ id: 'a', t: 1, c: 1, add: { tags: 'x' } }),
			JSON.stringify({ id: 'a', t: 1, c: 1, gone: 'yes' })
		]) {
			expect(parseRecord(value), String(JSON.stringify(value))).toBeNull();
		}
	});
});
