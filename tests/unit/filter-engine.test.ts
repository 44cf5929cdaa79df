/**
 * The filtered view follows the index incrementally: after random edits and random changes
 * of filter, the agents, links and per-choice counts equal a from-scratch evaluation of the
 * predicate, and the diffs it reported replay exactly to that content (what the map's
 * sources receive).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as Y from 'yjs';
import { MapDocument, SECTORS, type Sector } from '../../src/lib/model/index.ts';
import { EMPTY_FILTER, FACETS, compileFilter, normalizeFilter, type AgentFilter, type Facet } from '../../src/lib/filters/filter.ts';
import { FilterEngine, type ViewChange } from '../../src/lib/filters/filter-engine.ts';
import { AgentIndex } from '../../src/lib/map/agent-index.ts';
import { seedDemoMap } from '../../src/lib/demo/demo-map.ts';
import {
	AREA_IDS,
	AGENT_IDS,
	EditSession,
	MUNICIPALITIES,
	NETWORK_IDS,
	NICHE_IDS,
	PROJECT_IDS,
	editArb,
	latArb,
	lonArb
} from './index-random-edits.ts';

const narrowingArb: fc.Arbitrary<AgentFilter> = fc
	.record({
		areas: fc.subarray(AREA_IDS, { maxLength: 2 }),
		niches: fc.subarray(NICHE_IDS, { maxLength: 1 }),
		sectors: fc.subarray([...SECTORS] as Sector[], { maxLength: 4 }),
		networks: fc.subarray(NETWORK_IDS, { maxLength: 1 }),
		projects: fc.subarray(PROJECT_IDS, { maxLength: 2 }),
		municipalities: fc.subarray(MUNICIPALITIES.filter(Boolean), { maxLength: 2 }),
		text: fc.constantFrom('', 'agent', 'bogota', 'universidad', 'ag-1', 'lab soacha'),
		region: fc.oneof(
			fc.constant(null),
			fc.record({ kind: fc.constant('circle' as const), center: fc.tuple(lonArb, latArb), radiusKm: fc.double({ min: 0.5, max: 12, noNaN: true }) }),
			fc.record({ kind: fc.constant('polygon' as const), ring: fc.array(fc.tuple(lonArb, latArb), { minLength: 3, maxLength: 6 }) })
		)
	})
	.map((value) => normalizeFilter(value));
/** Often no filter or a loose one, so that edits meet agents and links inside the view. */
const filterArb = fc.oneof(
	{ arbitrary: fc.constant(EMPTY_FILTER), weight: 2 },
	{ arbitrary: fc.constantFrom(...AREA_IDS).map((area) => normalizeFilter({ areas: [area] })), weight: 1 },
	{ arbitrary: narrowingArb, weight: 3 }
);

const stepArb = fc.oneof(
	{ arbitrary: editArb.map((edit) => ({ edit })), weight: 4 },
	{ arbitrary: filterArb.map((filter) => ({ filter })), weight: 1 }
);

/** The view by definition: the predicate per agent; counts as "matches every other facet". */
function fromScratch(map: MapDocument, index: AgentIndex, filter: AgentFilter) {
	const all = [...index.all()];
	const ids = new Set(all.filter((f) => compileFilter(filter).matches(f)).map((f) => f.agent.id));
	const links = new Set(map.links().filter((l) => ids.has(l.from) && ids.has(l.to)).map((l) => l.id));
	const counts = {} as Record<Facet, Map<string, number>>;
	for (const facet of FACETS) {
		const others = compileFilter({ ...filter, [facet]: [] });
		const tally = new Map<string, number>();
		for (const f of all) {
			if (!others.matches(f)) continue;
			for (const value of f.values[facet]) tally.set(value, (tally.get(value) ?? 0) + 1);
		}
		counts[facet] = tally;
	}
	return { ids, links, counts };
}

/** What a map source holds if it applies every reported diff: positions of agents and link ends. */
class Mirror {
	readonly agents = new Map<string, string>();
	readonly links = new Map<string, string>();
	readonly #index: AgentIndex;
	constructor(index: AgentIndex, engine: FilterEngine) {
		this.#index = index;
		for (const id of engine.ids) this.agents.set(id, this.agentShape(id));
		for (const id of engine.linkIds) this.links.set(id, this.linkShape(id));
		engine.subscribe((change) => this.apply(change));
	}
	agentShape(id: string): string {
		return JSON.stringify(this.#index.get(id)!.agent);
	}
	linkShape(id: string): string {
		const link = this.#index.link(id)!;
		return JSON.stringify([link, this.#index.get(link.from)!.agent.position, this.#index.get(link.to)!.agent.position]);
	}
	apply(change: ViewChange): void {
		for (const id of change.left) expect(this.agents.delete(id)).toBe(true);
		for (const id of change.entered) {
			expect(this.agents.has(id)).toBe(false);
			this.agents.set(id, this.agentShape(id));
		}
		for (const id of change.updated) {
			expect(this.agents.has(id)).toBe(true);
			this.agents.set(id, this.agentShape(id));
		}
		for (const id of change.linksLeft) expect(this.links.delete(id)).toBe(true);
		for (const id of change.linksEntered) {
			expect(this.links.has(id)).toBe(false);
			this.links.set(id, this.linkShape(id));
		}
		for (const id of change.linksUpdated) this.links.set(id, this.linkShape(id));
	}
}

function expectEngineMatches(engine: FilterEngine, index: AgentIndex, map: MapDocument, mirror: Mirror): void {
	const expected = fromScratch(map, index, engine.filter);
	expect(new Set(engine.ids)).toEqual(expected.ids);
	expect(new Set(engine.linkIds)).toEqual(expected.links);
	for (const facet of FACETS) expect(new Map(engine.counts(facet))).toEqual(expected.counts[facet]);
	expect(new Map([...expected.ids].map((id) => [id, mirror.agentShape(id)]))).toEqual(mirror.agents);
	expect(new Map([...expected.links].map((id) => [id, mirror.linkShape(id)]))).toEqual(mirror.links);
}

describe('the filtered view', () => {
	// On these small maps any change moves more than 1/8 of the agents, so the default settles
	// links in one pass over them; a ratio of 0 takes the per-agent walk instead.
	it.each([
		['settling links in one pass', undefined],
		['settling the links of each changed agent', 0]
	] as const)('equals a from-scratch evaluation after random edits and filter changes, and its diffs replay to it (%s)', (_, scanLinksRatio) => {
		fc.assert(
			fc.property(filterArb, fc.array(stepArb, { minLength: 5, maxLength: 40, size: 'max' }), (initial, steps) => {
				const session = new EditSession();
				const map = session.maps[0];
				const index = new AgentIndex(map);
				const engine = new FilterEngine(index, initial, { scanLinksRatio });
				const mirror = new Mirror(index, engine);
				expectEngineMatches(engine, index, map, mirror);
				for (const step of steps) {
					if ('edit' in step) session.apply(step.edit);
					else engine.setFilter(step.filter);
					expectEngineMatches(engine, index, map, mirror);
				}
				engine.destroy();
				index.destroy();
			}),
			{ numRuns: 150 }
		);
	});

	it('counts, for each choice, the agents it would leave (demo map)', () => {
		const map = new MapDocument(new Y.Doc(), 'demo');
		seedDemoMap(map);
		const index = new AgentIndex(map);
		const engine = new FilterEngine(index, normalizeFilter({ areas: ['area-bio'] }));
		// Within the chosen facet, each area's count is its own total (choices are alternatives)…
		expect(engine.count('areas', 'area-creativa')).toBe(index.having('areas', 'area-creativa').size);
		// …and in another facet, the counts add up to the view (one sector per agent).
		const perSector = [...engine.counts('sectors').values()].reduce((a, b) => a + b, 0);
		expect(perSector).toBe(engine.ids.size);
		engine.setFilter(normalizeFilter({ areas: ['area-bio'], sectors: ['academia'] }));
		expect(engine.ids.size).toBe(engine.count('sectors', 'academia'));
		expect(engine.ids.size).toBe(engine.count('areas', 'area-bio'));
		// A drawn region narrows everything, counts included.
		engine.setFilter(normalizeFilter({ region: { kind: 'circle', center: [-74.08, 4.65], radiusKm: 3 } }));
		expect(engine.ids.size).toBeGreaterThan(0);
		expect(engine.ids.size).toBeLessThan(index.size);
		expect([...engine.counts('sectors').values()].reduce((a, b) => a + b, 0)).toBe(engine.ids.size);
		engine.destroy();
		index.destroy();
	});

	it('keeps an agent that a colleague edits in the view, reported as updated', () => {
		const session = new EditSession();
		const [mine, theirs] = session.maps;
		const index = new AgentIndex(mine);
		const engine = new FilterEngine(index, normalizeFilter({ areas: [AREA_IDS[0]] }));
		const changes: ViewChange[] = [];
		engine.subscribe((change) => changes.push(change));
		const id = AGENT_IDS[0];
		expect(engine.ids.has(id)).toBe(true);
		theirs.moveAgent(id, [-74.05, 4.7]);
		session.sync();
		expect(changes.at(-1)?.updated).toEqual([id]);
		expect(engine.ids.has(id)).toBe(true);
		engine.destroy();
		index.destroy();
	});
});
