/**
 * The numbered sets behind the filtered view: a set's size and contents follow its flags,
 * a removed link's row is handed to the next link without its membership, and ids that
 * were never numbered are simply not in the set.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DenseIds, FlagSet, LinkEnds } from '../../src/lib/filters/view-membership.ts';

describe('view membership by numbers', () => {
	it('behaves as a Set of strings under any sequence of puts and removals', () => {
		const opArb = fc.record({ id: fc.constantFrom('a', 'b', 'c', 'd', 'e'), on: fc.boolean(), remove: fc.boolean() });
		fc.assert(
			fc.property(fc.array(opArb, { maxLength: 60 }), (ops) => {
				const ids = new DenseIds(true);
				const set = new FlagSet(ids);
				const expected = new Set<string>();
				for (const { id, on, remove } of ops) {
					if (remove) {
						set.set(id, false);
						ids.remove(id);
						expected.delete(id);
					} else {
						ids.give(id);
						set.set(id, on);
						if (on) expected.add(id);
						else expected.delete(id);
					}
					expect(set.size).toBe(expected.size);
					expect(new Set(set)).toEqual(expected);
					for (const probe of ['a', 'b', 'c', 'd', 'e', 'never']) expect(set.has(probe)).toBe(expected.has(probe));
				}
			})
		);
	});

	it('gives a freed link row to the next link, with that link’s ends', () => {
		const ends = new LinkEnds();
		ends.set({ id: 'l1', from: 'x', to: 'y', kind: 'other', weight: 1, note: '', since: '' });
		ends.set({ id: 'l2', from: 'y', to: 'z', kind: 'other', weight: 1, note: '', since: '' });
		const row = ends.links.of('l1');
		ends.links.remove('l1');
		ends.set({ id: 'l3', from: 'z', to: 'x', kind: 'other', weight: 1, note: '', since: '' });
		expect(ends.links.of('l3')).toBe(row);
		expect(ends.links.of('l1')).toBe(-1);
		expect([ends.agents.ids[ends.from[row]], ends.agents.ids[ends.to[row]]]).toEqual(['z', 'x']);
	});

	it('keeps agent slots when agents go, so a returning agent finds its old slot', () => {
		const agents = new DenseIds(false);
		const slot = agents.give('agent-1');
		agents.remove('agent-1');
		expect(agents.give('agent-2')).not.toBe(slot);
		expect(agents.give('agent-1')).toBe(slot);
	});

	it('never takes in an id that has no number (its row would hold no data)', () => {
		const set = new FlagSet(new DenseIds(true));
		set.set('unnumbered', true);
		expect(set.has('unnumbered')).toBe(false);
		expect(set.size).toBe(0);
	});
});
