import { describe, it, expect } from 'vitest';
import { DEMO_MAP_NAME, seedDemoMap } from '../../src/lib/demo/demo-map.ts';
import { REAL_INSTITUTIONS } from '../../src/lib/demo/demo-catalogue.ts';
import { MapDocument, SECTORS, type Agent, type Issue } from '../../src/lib/model/index.ts';
import { computeIndicators, indicatorInput } from '../../src/lib/indicators/compute.ts';

function seeded(seed?: number): MapDocument {
	const map = new MapDocument();
	seedDemoMap(map, seed);
	return map;
}

/** The content of a map without the wall-clock timestamps the model stamps on agents and links. */
function content(map: MapDocument): string {
	const agents = map.agents().map(({ createdAt, updatedAt, ...rest }: Agent) => rest);
	const links = map.links().map(({ createdAt, ...rest }) => rest);
	return JSON.stringify({ agents, links, projects: map.projects() });
}

const ID = /^[A-Za-z0-9_-]{1,64}$/;

describe('demo map', () => {
	const map = seeded();
	const agents = map.agents();
	const links = map.links();

	it('is deterministic: the same seed gives the same agents, links and projects', () => {
		expect(content(seeded(2026))).toBe(content(map));
		expect(content(seeded(7))).toBe(content(seeded(7)));
	});

	it('differs for a different seed', () => {
		expect(content(seeded(7))).not.toBe(content(map));
	});

	it('sets the demo name, a Spanish description and the regional view', () => {
		const meta = map.readMeta();
		expect(meta.name).toBe(DEMO_MAP_NAME);
		expect(meta.description).toMatch(/ilustrativ/);
		expect(meta.center).toEqual([-74.1, 4.68]);
		expect(meta.zoom).toBe(9);
	});

	it('has the five specialisation areas with distinct colours and 3–4 niches each', () => {
		const areas = map.areas();
		expect(areas.map((area) => area.name)).toEqual([
			'Bio-Polo',
			'Bogotá Región Creativa',
			'Servicios Empresariales',
			'Hub de Conocimiento Avanzado',
			'Ciudad-Región Sostenible'
		]);
		expect(new Set(areas.map((area) => area.color.toLowerCase())).size).toBe(5);
		for (const area of areas) {
			expect(area.color).toMatch(/^#[0-9a-f]{6}$/i);
			const niches = map.niches().filter((niche) => niche.areaId === area.id);
			expect(niches.length).toBeGreaterThanOrEqual(3);
			expect(niches.length).toBeLessThanOrEqual(4);
		}
	});

	it('has at least 150 agents and 200 links', () => {
		expect(agents.length).toBeGreaterThanOrEqual(150);
		expect(links.length).toBeGreaterThanOrEqual(200);
	});

	it('has agents in every sector', () => {
		expect(new Set(agents.map((agent) => agent.sector))).toEqual(new Set(SECTORS));
	});

	it('places agents in at least 8 Cundinamarca municipalities besides Bogotá', () => {
		const outside = new Set(agents.map((agent) => agent.municipality).filter((m) => m !== 'Bogotá D.C.'));
		expect(outside.size).toBeGreaterThanOrEqual(8);
		expect(agents.filter((agent) => agent.municipality === 'Bogotá D.C.').length).toBeGreaterThan(agents.length / 2);
	});

	it('puts every agent inside the Bogotá–Cundinamarca bounding box', () => {
		for (const { position: [lon, lat] } of agents) {
			expect(lon).toBeGreaterThanOrEqual(-74.95);
			expect(lon).toBeLessThanOrEqual(-73.0);
			expect(lat).toBeGreaterThanOrEqual(3.7);
			expect(lat).toBeLessThanOrEqual(5.9);
		}
	});

	it('gives every agent 1–2 areas, 1–2 niches of those areas, 0–2 networks and 0–3 tags', () => {
		const nicheArea = new Map(map.niches().map((niche) => [niche.id, niche.areaId]));
		const networks = new Set(map.networks().map((network) => network.id));
		for (const agent of agents) {
			expect(agent.areaIds.length).toBeGreaterThanOrEqual(1);
			expect(agent.areaIds.length).toBeLessThanOrEqual(2);
			expect(agent.nicheIds.length).toBeGreaterThanOrEqual(1);
			expect(agent.nicheIds.length).toBeLessThanOrEqual(2);
			for (const niche of agent.nicheIds) expect(agent.areaIds).toContain(nicheArea.get(niche));
			expect(agent.tags.length).toBeLessThanOrEqual(3);
			expect(agent.networkIds.length).toBeLessThanOrEqual(2);
			for (const network of agent.networkIds) expect(networks.has(network)).toBe(true);
		}
	});

	it('marks invented agents as fictitious and gives them example domains only', () => {
		const real = new Set(REAL_INSTITUTIONS.map((institution) => institution.name));
		for (const agent of agents) {
			expect(agent.description).toMatch(/\(demo\)|ficticio/);
			if (real.has(agent.name)) {
				expect(agent.contact).toBe('');
				continue;
			}
			expect(new URL(agent.website).hostname).toMatch(/\.example\.(org|com)$/);
			if (agent.contact) expect(agent.contact).toMatch(/@[a-z0-9.-]+\.example\.(org|com)$/);
		}
		expect(agents.filter((agent) => real.has(agent.name)).length).toBe(REAL_INSTITUTIONS.length);
	});

	it('uses well-formed, unique agent names and ids', () => {
		expect(new Set(agents.map((agent) => agent.name)).size).toBe(agents.length);
		for (const agent of agents) expect(agent.id).toMatch(ID);
		for (const link of links) expect(link.id).toMatch(ID);
	});

	it('links only existing agents, never an agent to itself nor one pair twice', () => {
		const ids = new Set(agents.map((agent) => agent.id));
		const pairs = new Set<string>();
		for (const link of links) {
			expect(ids.has(link.from)).toBe(true);
			expect(ids.has(link.to)).toBe(true);
			expect(link.from).not.toBe(link.to);
			const pair = [link.from, link.to].sort().join('|');
			expect(pairs.has(pair)).toBe(false);
			pairs.add(pair);
			expect(link.weight).toBeGreaterThanOrEqual(1);
			expect(link.weight).toBeLessThanOrEqual(5);
		}
	});

	it('varies link kinds and links agents of one area more often than across areas', () => {
		expect(new Set(links.map((link) => link.kind)).size).toBeGreaterThanOrEqual(5);
		const areasOf = new Map(agents.map((agent) => [agent.id, agent.areaIds]));
		const sharing = links.filter((link) => areasOf.get(link.from)!.some((area) => areasOf.get(link.to)!.includes(area)));
		expect(sharing.length).toBeGreaterThan(links.length / 2);
		expect(sharing.length).toBeLessThan(links.length);
	});

	it('refers only to existing areas, niches and agents from niches and projects', () => {
		const areaIds = new Set(map.areas().map((area) => area.id));
		const nicheIds = new Set(map.niches().map((niche) => niche.id));
		const agentIds = new Set(agents.map((agent) => agent.id));
		for (const niche of map.niches()) expect(areaIds.has(niche.areaId)).toBe(true);
		const projects = map.projects();
		for (const nicheId of nicheIds) expect(projects.filter((p) => p.nicheId === nicheId).length).toBeGreaterThanOrEqual(2);
		for (const project of projects) {
			expect(nicheIds.has(project.nicheId)).toBe(true);
			expect(project.agentIds.length).toBeGreaterThanOrEqual(2);
			expect(project.agentIds.length).toBeLessThanOrEqual(5);
			for (const id of project.agentIds) expect(agentIds.has(id)).toBe(true);
		}
	});

	it('reads back with no validation issues', () => {
		const issues: Issue[] = [];
		map.agents(issues);
		map.links(issues);
		map.areas(issues);
		map.niches(issues);
		map.networks(issues);
		map.projects(issues);
		expect(issues).toEqual([]);
	});
});

// Before the demo had a history, every agent and link was stamped with the moment it was
// loaded: "new links per month" showed all 260 links in the current month. `now` is a moment
// before today, so a stamp of the real clock is caught as a date in the future.
describe('demo history', () => {
	const now = Date.UTC(2026, 5, 15, 15);
	const map = new MapDocument();
	seedDemoMap(map, 2026, now);
	const agents = new Map(map.agents().map((agent) => [agent.id, agent]));
	const links = map.links();
	const year = (ms: number) => new Date(ms).getUTCFullYear();

	it('dates agents and links from 2015 to now, each link after its relationship began and its agents', () => {
		for (const { createdAt } of [...agents.values(), ...links]) {
			expect(createdAt).toBeLessThanOrEqual(now);
			expect(createdAt).toBeGreaterThanOrEqual(Date.UTC(2015, 0, 1));
		}
		for (const link of links) {
			if (link.since) expect(link.createdAt!).toBeGreaterThanOrEqual(Date.parse(`${link.since}T00:00:00Z`));
			expect(agents.get(link.from)!.createdAt).toBeLessThanOrEqual(link.createdAt!);
			expect(agents.get(link.to)!.createdAt).toBeLessThanOrEqual(link.createdAt!);
		}
	});

	it('spreads links over the years, with few in the current month', () => {
		const indicators = computeIndicators(indicatorInput(map, []));
		expect(indicators.links.unknownDate).toBe(0);
		expect(new Set(links.map((link) => year(link.createdAt!))).size).toBeGreaterThanOrEqual(10);
		const thisMonth = indicators.links.byMonth.find((bar) => bar.key === '2026-06')?.count ?? 0;
		expect(thisMonth).toBeLessThanOrEqual(links.length / 20);
		expect(Math.max(...indicators.links.byMonth.map((bar) => bar.count))).toBeLessThanOrEqual(links.length / 10);
	});

	it('gives the same history for the same seed and moment, one moment per link', () => {
		const again = new MapDocument();
		seedDemoMap(again, 2026, now);
		expect(again.links().map((link) => link.createdAt)).toEqual(links.map((link) => link.createdAt));
		expect(again.agents().map((agent) => agent.createdAt)).toEqual([...agents.values()].map((agent) => agent.createdAt));
		expect(new Set(links.map((link) => link.createdAt)).size).toBeGreaterThan(links.length * 0.9);
	});
});
