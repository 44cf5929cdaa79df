/**
 * The map index is kept up to date from change events, never rebuilt: after any sequence of
 * random edits (two replicas, syncs, undo, concurrent deletes that leave links dangling) it
 * must equal a recomputation from scratch over the document.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as Y from 'yjs';
import { MapDocument, type Link } from '../../src/lib/model/index.ts';
import { FACETS, agentFacts, type AgentFacts, type Facet } from '../../src/lib/filters/filter.ts';
import { AgentIndex, type IndexChange } from '../../src/lib/map/agent-index.ts';
import { seedDemoMap } from '../../src/lib/demo/demo-map.ts';
import { AGENT_IDS, EditSession, editsArb, latArb, lonArb } from './index-random-edits.ts';

interface Expected {
	facts: Map<string, AgentFacts>;
	links: Map<string, Link>;
	degree: Map<string, number>;
	totals: Record<Facet, Map<string, number>>;
}

/** The index's content computed directly from the document, the slow and obvious way. */
function fromScratch(map: MapDocument): Expected {
	const agents = map.agents();
	const present = new Set(agents.map((agent) => agent.id));
	const projectsOf = new Map<string, string[]>();
	for (const project of map.projects()) {
		for (const id of project.agentIds) projectsOf.set(id, [...(projectsOf.get(id) ?? []), project.id].sort());
	}
	const facts = new Map(agents.map((agent) => [agent.id, agentFacts(agent, projectsOf.get(agent.id) ?? [])]));
	const links = new Map<string, Link>();
	for (const id of map.ids('links')) {
		const link = map.link(id);
		if (link && present.has(link.from) && present.has(link.to)) links.set(id, link);
	}
	const degree = new Map<string, number>();
	for (const link of links.values()) {
		for (const end of new Set([link.from, link.to])) degree.set(end, (degree.get(end) ?? 0) + 1);
	}
	const totals = Object.fromEntries(FACETS.map((facet) => [facet, new Map<string, number>()])) as Expected['totals'];
	for (const f of facts.values()) {
		for (const facet of FACETS) for (const value of f.values[facet]) totals[facet].set(value, (totals[facet].get(value) ?? 0) + 1);
	}
	return { facts, links, degree, totals };
}

function expectIndexEquals(index: AgentIndex, map: MapDocument, boxes: [number, number, number, number][] = []): void {
	const expected = fromScratch(map);
	expect(index.size).toBe(expected.facts.size);
	expect(new Map([...index.all()].map((f) => [f.agent.id, f]))).toEqual(expected.facts);
	expect(new Map([...index.links()].map((l) => [l.id, l]))).toEqual(expected.links);
	for (const id of expected.facts.keys()) expect(index.degree(id)).toBe(expected.degree.get(id) ?? 0);
	for (const facet of FACETS) expect(index.facetTotals(facet)).toEqual(expected.totals[facet]);
	for (const [west, south, east, north] of boxes) {
		const inside = [...expected.facts.values()]
			.filter(({ agent: { position: [lon, lat] } }) => lon >= west && lon <= east && lat >= south && lat <= north)
			.map((f) => f.agent.id);
		expect(index.search([west, south, east, north]).sort()).toEqual(inside.sort());
	}
}

/** Two indexes hold the same agents, links, counts and facets (in whatever order they were built). */
function expectSameIndex(index: AgentIndex, expected: AgentIndex): void {
	const byId = (all: Iterable<AgentFacts>) => new Map([...all].map((f) => [f.agent.id, f]));
	expect(byId(index.all())).toEqual(byId(expected.all()));
	expect(new Map([...index.links()].map((l) => [l.id, l]))).toEqual(new Map([...expected.links()].map((l) => [l.id, l])));
	expect(index.linkCount).toBe(expected.linkCount);
	const ends = new Set([...expected.links()].flatMap((l) => [l.from, l.to]));
	for (const id of new Set([...AGENT_IDS, ...ends])) {
		expect(index.degree(id)).toBe(expected.degree(id));
		expect(index.linksAt(id).map((l) => l.id).sort()).toEqual(expected.linksAt(id).map((l) => l.id).sort());
	}
	for (const facet of FACETS) {
		expect(index.facetTotals(facet)).toEqual(expected.facetTotals(facet));
		for (const value of expected.facetTotals(facet).keys()) expect(index.having(facet, value)).toEqual(expected.having(facet, value));
	}
	expect(index.search([-180, -90, 180, 90]).sort()).toEqual(expected.search([-180, -90, 180, 90]).sort());
	const projects = (of: AgentIndex) => new Map(of.projects().map((p) => [p.id, p]));
	expect(projects(index)).toEqual(projects(expected));
}

const boxArb = fc
	.tuple(lonArb, lonArb, latArb, latArb)
	.map(([x1, x2, y1, y2]) => [Math.min(x1, x2), Math.min(y1, y2), Math.max(x1, x2), Math.max(y1, y2)] as [number, number, number, number]);

describe('the map index', () => {
	it('equals a from-scratch recomputation after random edits', () => {
		fc.assert(
			fc.property(editsArb, fc.array(boxArb, { maxLength: 3 }), (edits, boxes) => {
				const session = new EditSession();
				const index = new AgentIndex(session.maps[0]);
				for (const edit of edits) {
					session.apply(edit);
					expectIndexEquals(index, session.maps[0]);
				}
				session.sync();
				expectIndexEquals(index, session.maps[0], boxes);
				// A second index started now, from the same document, agrees too.
				const fresh = new AgentIndex(session.maps[0]);
				expect([...fresh.all()]).toEqual(expect.arrayContaining([...index.all()]));
				fresh.destroy();
				index.destroy();
			}),
			{ numRuns: 150 }
		);
	});

	it('reports each change as before/after pairs that replay to the index’s content', () => {
		fc.assert(
			fc.property(editsArb, (edits) => {
				const session = new EditSession();
				const index = new AgentIndex(session.maps[0]);
				const agents = new Map([...index.all()].map((f) => [f.agent.id, f]));
				const links = new Map([...index.links()].map((l) => [l.id, l]));
				index.subscribe((change: IndexChange) => {
					for (const [id, { before, after }] of change.agents) {
						expect(agents.get(id) ?? null).toBe(before);
						if (after) agents.set(id, after);
						else agents.delete(id);
					}
					for (const [id, { before, after }] of change.links) {
						expect(links.get(id) ?? null).toBe(before);
						if (after) links.set(id, after);
						else links.delete(id);
					}
				});
				for (const edit of edits) session.apply(edit);
				session.sync();
				expect(agents).toEqual(new Map([...index.all()].map((f) => [f.agent.id, f])));
				expect(links).toEqual(new Map([...index.links()].map((l) => [l.id, l])));
				index.destroy();
			}),
			{ numRuns: 100 }
		);
	});

	it('builds the same index from a first sync (one update into an empty index) as edit by edit', () => {
		fc.assert(
			fc.property(editsArb, (edits) => {
				const session = new EditSession();
				const live = new AgentIndex(session.maps[0]);
				for (const edit of edits) session.apply(edit);
				session.sync();
				const replica = new MapDocument(new Y.Doc(), 'carla');
				const synced = new AgentIndex(replica);
				Y.applyUpdate(replica.doc, Y.encodeStateAsUpdate(session.maps[0].doc), 'remote');
				expectSameIndex(synced, live);
				expectSameIndex(new AgentIndex(replica), live);
				// The first sync's index keeps up with later edits like any other.
				session.apply({ op: 'delete', by: 0, id: '#0' });
				Y.applyUpdate(replica.doc, Y.encodeStateAsUpdate(session.maps[0].doc, Y.encodeStateVector(replica.doc)), 'remote');
				expectSameIndex(synced, live);
			}),
			{ numRuns: 100 }
		);
	});

	it('indexes the demo map: 165 agents, 260 links, projects by agent', () => {
		const map = new MapDocument(new Y.Doc(), 'demo');
		seedDemoMap(map);
		const index = new AgentIndex(map);
		expectIndexEquals(index, map, [[-74.2, 4.55, -74.0, 4.75]]);
		expect(index.size).toBe(165);
		expect(index.linkCount).toBe(260);
		expect([...index.all()].some((f) => f.projectIds.length > 0)).toBe(true);
		// Deleting an agent drops its links and its project memberships in one change.
		const hub = [...index.all()].sort((a, b) => index.degree(b.agent.id) - index.degree(a.agent.id))[0].agent.id;
		const changes: IndexChange[] = [];
		index.subscribe((change) => changes.push(change));
		map.deleteAgent(hub);
		expect(changes).toHaveLength(1);
		expect(changes[0].agents.get(hub)?.after).toBeNull();
		expect([...changes[0].links.values()].every((c) => c.after === null)).toBe(true);
		expectIndexEquals(index, map);
		index.destroy();
	});
});
