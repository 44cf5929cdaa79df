/**
 * The change report of a record collection (src/lib/model/record-changes.ts): what one
 * transaction did to each entity, reported once to every listener.
 */
import { describe, expect, it } from 'vitest';
import { RecordChanges, type RecordChange } from '../../src/lib/model/record-changes.ts';

describe('the change report', () => {
	it('reports each touched entity once, whether it existed before and after, and the fields its records set', () => {
		const existing = new Set(['a']);
		const changes = new RecordChanges((id) => existing.has(id));
		const heard: RecordChange[][] = [];
		changes.listen((report) => heard.push(report));
		changes.noteBefore('a');
		changes.noteRecord('a', { id: 'a', t: 2, c: 1, set: { name: 'A' }, add: { tags: ['x'] } });
		changes.noteBefore('a'); // already noted: what it was before stays
		changes.noteRecord('a', { id: 'a', t: 3, c: 1, del: { areaIds: ['y'] }, set: { name: 'B' } });
		changes.noteBefore('b');
		changes.noteRecord('b', { id: 'b', t: 1, c: 1, set: { from: 'a' } });
		existing.add('b');
		existing.delete('a');
		const reported = changes.report();
		expect(heard).toEqual([reported]);
		expect(reported.map(({ id, before, after, fields }) => ({ id, before, after, fields }))).toEqual([
			{ id: 'a', before: true, after: false, fields: ['areaIds', 'name', 'tags'] },
			{ id: 'b', before: false, after: true, fields: ['from'] }
		]);
	});

	it('reports nothing for a transaction that touched nothing, and starts anew after a report', () => {
		const changes = new RecordChanges(() => true);
		let calls = 0;
		changes.listen(() => calls++);
		expect(changes.report()).toEqual([]);
		changes.noteBefore('a');
		changes.report();
		expect(changes.report()).toEqual([]);
		expect(calls).toBe(1);
	});

	it('stops calling a listener that stopped listening', () => {
		const changes = new RecordChanges(() => true);
		let calls = 0;
		const stop = changes.listen(() => calls++);
		stop();
		changes.noteBefore('a');
		changes.report();
		expect(calls).toBe(0);
	});
});
