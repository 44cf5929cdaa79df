/**
 * Network measures on small graphs whose answers can be worked out by hand.
 */
import { describe, expect, it } from 'vitest';
import type { Agent, Link, Sector } from '../../src/lib/model/index.ts';
import { NO_AREA, networkMeasures } from '../../src/lib/network/measures.ts';

function agent(id: string, areaIds: string[], sector: Sector = 'private'): Agent {
	return {
		id,
		name: id,
		sector,
		position: [-74.1, 4.65],
		address: '',
		municipality: '',
		areaIds,
		nicheIds: [],
		networkIds: [],
		website: '',
		contact: '',
		description: '',
		tags: [],
		createdBy: '',
		createdAt: 0,
		updatedBy: '',
		updatedAt: 0
	};
}

let next = 0;
function link(from: string, to: string): Link {
	return { id: `l${next++}`, from, to, kind: 'partnership', weight: 3, note: '', since: '' };
}

describe('network measures of a view', () => {
	// A path p – q – r – s across two areas, and an agent with no link.
	//   p (A) — q (A) — r (B) — s (B)        lone (A)
	const agents = [
		agent('p', ['A'], 'academia'),
		agent('q', ['A'], 'private'),
		agent('r', ['B'], 'academia'),
		agent('s', ['B'], 'public'),
		agent('lone', ['A', 'B'], 'academia')
	];
	const links = [link('p', 'q'), link('q', 'r'), link('r', 's')];

	it('counts each agent’s links', () => {
		const { degree, linkCount } = networkMeasures(agents, links);
		expect(Object.fromEntries(degree)).toEqual({ p: 1, q: 2, r: 2, s: 1, lone: 0 });
		expect(linkCount).toBe(3);
	});

	it('computes normalised betweenness: q and r each lie on 2 of the 6 pairs of the other four', () => {
		// Shortest paths through q: p–r, p–s; through r: q–s, p–s. With 5 agents there are
		// (5−1)(5−2)/2 = 6 pairs not involving a given agent, so each scores 2/6.
		const { betweenness } = networkMeasures(agents, links);
		expect(betweenness!.get('q')).toBeCloseTo(1 / 3, 10);
		expect(betweenness!.get('r')).toBeCloseTo(1 / 3, 10);
		expect(betweenness!.get('p')).toBe(0);
		expect(betweenness!.get('lone')).toBe(0);
	});

	it('finds the centre of a star as the only broker', () => {
		const star = ['c', 'x1', 'x2', 'x3', 'x4'].map((id) => agent(id, ['A']));
		const spokes = ['x1', 'x2', 'x3', 'x4'].map((id) => link('c', id));
		const { betweenness } = networkMeasures(star, spokes);
		// Every one of the 6 pairs of leaves goes through the centre: 6 / 6 = 1.
		expect(betweenness!.get('c')).toBeCloseTo(1, 10);
		expect(betweenness!.get('x1')).toBe(0);
	});

	it('names the agents whose links reach two or more areas, and the isolated ones', () => {
		const { bridges, isolated } = networkMeasures(agents, links);
		// q is linked to p (A) and r (B); r to q (A) and s (B). p and s reach one area each, and
		// lone, though a member of two areas, links nobody.
		expect(bridges).toEqual([
			{ id: 'q', areaIds: ['A', 'B'] },
			{ id: 'r', areaIds: ['A', 'B'] }
		]);
		expect(isolated).toEqual(['lone']);
	});

	it('counts agents per area and sector, an agent in two areas in both rows', () => {
		const { areaSector } = networkMeasures([...agents, agent('none', [], 'media')], links);
		expect(Object.fromEntries(areaSector.get('A')!)).toEqual({ academia: 2, private: 1 });
		expect(Object.fromEntries(areaSector.get('B')!)).toEqual({ academia: 2, public: 1 });
		expect(Object.fromEntries(areaSector.get(NO_AREA)!)).toEqual({ media: 1 });
	});

	it('ignores links leaving the view, and counts a repeated link without doubling paths', () => {
		const repeated = [...links, link('p', 'q'), link('p', 'outside')];
		const { degree, betweenness, linkCount } = networkMeasures(agents, repeated);
		expect(degree.get('p')).toBe(2);
		expect(linkCount).toBe(4);
		expect(betweenness!.get('q')).toBeCloseTo(1 / 3, 10);
	});

	it('describes an empty view without failing', () => {
		const empty = networkMeasures([], links);
		expect(empty.betweenness).toEqual(new Map());
		expect(empty).toMatchObject({ bridges: [], isolated: [], linkCount: 0 });
		expect(networkMeasures([agent('solo', [])], []).isolated).toEqual(['solo']);
	});

	it('skips betweenness for views above the limit', () => {
		expect(networkMeasures(agents, links, 4).betweenness).toBeNull();
	});
});
