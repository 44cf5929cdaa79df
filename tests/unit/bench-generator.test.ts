/**
 * The benchmark's map generator: the same seed gives the same map (byte for byte once the
 * clock is frozen, since the model stamps created/updated times), and the map is realistic
 * enough to measure with: every field filled, memberships, ~4 links per agent, agents near
 * real places of the region.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { agentId, generateMap } from '../../bench/generate-map.ts';
import { PLACES } from '../../src/lib/geo/places.ts';
import type { Issue } from '../../src/lib/model/index.ts';

afterEach(() => vi.useRealTimers());

function frozen<T>(fn: () => T): T {
	vi.useFakeTimers({ toFake: ['Date'] });
	vi.setSystemTime(new Date('2026-01-15T12:00:00Z'));
	try {
		return fn();
	} finally {
		vi.useRealTimers();
	}
}

const bytes = (seed: number, agents = 300) => frozen(() => Y.encodeStateAsUpdate(generateMap({ agents, seed }).map.doc));

describe('benchmark map generator', () => {
	it('gives byte-identical documents for the same seed', () => {
		expect(Buffer.from(bytes(7)).equals(Buffer.from(bytes(7)))).toBe(true);
	});

	it('gives the same content for the same seed even with a running clock', () => {
		const a = generateMap({ agents: 200, seed: 11 }).map;
		const b = generateMap({ agents: 200, seed: 11 }).map;
		const content = (map: typeof a) => JSON.stringify(map.agents().map(({ createdAt, updatedAt, ...rest }) => rest));
		expect(content(a)).toBe(content(b));
		const links = (map: typeof a) => JSON.stringify(map.links().map(({ createdAt, ...rest }) => rest));
		expect(links(a)).toBe(links(b));
	});

	it('gives a different map for a different seed', () => {
		expect(Buffer.from(bytes(7)).equals(Buffer.from(bytes(8)))).toBe(false);
	});

	it('makes N agents with deterministic ids and four links per agent', () => {
		const { map, counts, agentIds } = generateMap({ agents: 500, seed: 3 });
		expect(counts.agents).toBe(500);
		expect(map.agentCount()).toBe(500);
		expect(agentIds[0]).toBe(agentId(0));
		expect(agentIds[499]).toBe('agent-0000499');
		expect(counts.links).toBe(2000);
		const links = map.links();
		expect(links).toHaveLength(2000);
		const pairs = new Set(links.map((link) => [link.from, link.to].sort().join('|')));
		expect(pairs.size).toBe(2000);
		expect(links.every((link) => link.from !== link.to)).toBe(true);
		expect(counts.projects).toBeGreaterThan(0);
	});

	it('fills every agent field with valid values and memberships', () => {
		const { map } = generateMap({ agents: 400, seed: 5 });
		const issues: Issue[] = [];
		const agents = map.agents(issues);
		map.links(issues);
		expect(issues).toEqual([]);
		const areas = new Set(map.areas().map((area) => area.id));
		const niches = new Set(map.niches().map((niche) => niche.id));
		const networks = new Set(map.networks().map((network) => network.id));
		for (const agent of agents) {
			for (const field of ['name', 'address', 'municipality', 'website', 'contact', 'description'] as const) {
				expect(agent[field], `${agent.id}.${field}`).not.toBe('');
			}
			expect(agent.areaIds.length).toBeGreaterThan(0);
			expect(agent.nicheIds.length).toBeGreaterThan(0);
			expect(agent.tags.length).toBeGreaterThan(0);
			expect(agent.areaIds.every((id) => areas.has(id))).toBe(true);
			expect(agent.nicheIds.every((id) => niches.has(id))).toBe(true);
			expect(agent.networkIds.every((id) => networks.has(id))).toBe(true);
		}
		expect(agents.filter((agent) => agent.networkIds.length > 0).length).toBeGreaterThan(agents.length / 2);
		expect(new Set(agents.map((agent) => agent.sector)).size).toBe(8);
	});

	it('clusters agents around real places of Bogotá–Cundinamarca', () => {
		const { map } = generateMap({ agents: 400, seed: 9 });
		const agents = map.agents();
		// Within ~6 km of a gazetteer place: three standard deviations of the scatter, and a bit.
		const near = (lon: number, lat: number) =>
			PLACES.some((place) => Math.hypot((place.lon - lon) * 111 * Math.cos((lat * Math.PI) / 180), (place.lat - lat) * 111) < 6);
		expect(agents.every((agent) => near(agent.position[0], agent.position[1]))).toBe(true);
		const inBogota = agents.filter((agent) => agent.municipality === 'Bogotá D.C.').length;
		expect(inBogota / agents.length).toBeGreaterThan(0.55);
		expect(inBogota / agents.length).toBeLessThan(0.85);
	});
});
