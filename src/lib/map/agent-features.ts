/**
 * Agents and links as the GeoJSON features MapLibre draws, and the colour expressions that
 * paint them. Colours are expressions over a feature's `area` or `sector` rather than baked
 * into the data, so recolouring an area or switching "colour by" never touches the sources.
 */
import type { ExpressionSpecification } from 'maplibre-gl';
import type { Feature, LineString, Point } from 'geojson';
import { SECTORS, type Agent, type Area, type Link, type Sector } from '#lib/model/index.ts';

export const NO_AREA_COLOR = '#7a7a7a';

/** One colour per sector, distinguishable from each other and readable on the light basemap. */
export const SECTOR_COLORS: Record<Sector, string> = {
	public: '#3b6fb6',
	private: '#d1495b',
	academia: '#e0a230',
	research: '#7b4ea3',
	'civil-society': '#00a6a6',
	international: '#2e8540',
	media: '#e07a1f',
	other: '#8a8f98'
};

export type ColorBy = 'area' | 'sector';

export interface AgentProps {
	id: string;
	name: string;
	sector: Sector;
	/** The agent's first area in the areas' order, which gives its colour; '' for none. */
	area: string;
	/** That area's place in the clusters' rings (cluster-mix.ts), -1 for none. */
	slot: number;
}

/** Ranks areas by their order, to find each agent's first area. */
export function areaRank(areas: readonly Area[]): Map<string, number> {
	return new Map(areas.map((area, index) => [area.id, index]));
}

export function primaryArea(agent: Agent, rank: ReadonlyMap<string, number>): string {
	let best = '';
	let bestRank = Infinity;
	for (const id of agent.areaIds) {
		const r = rank.get(id);
		if (r !== undefined && r < bestRank) [best, bestRank] = [id, r];
	}
	return best;
}

/**
 * Areas the clusters' rings (cluster-mix.ts) count one by one, in the areas' order; agents of
 * later areas are counted with those of no area: a ring of more segments is hard to read, and
 * each area counted costs MapLibre's worker time at every clustering.
 */
export const AREA_SLOTS = 8;

/** The slot an agent's colouring area counts in: its rank among the areas, or -1 (none, or past AREA_SLOTS). */
export function areaSlot(rank: number | undefined): number {
	return rank !== undefined && rank < AREA_SLOTS ? rank : -1;
}

export function agentFeature(agent: Agent, rank: ReadonlyMap<string, number>): Feature<Point, AgentProps> {
	const area = primaryArea(agent, rank);
	return {
		type: 'Feature',
		id: agent.id,
		geometry: { type: 'Point', coordinates: [agent.position[0], agent.position[1]] },
		properties: { id: agent.id, name: agent.name, sector: agent.sector, area, slot: areaSlot(rank.get(area)) }
	};
}

export interface LinkProps {
	id: string;
	from: string;
	to: string;
	kind: string;
	weight: number;
}

export function linkFeature(link: Link, from: Agent, to: Agent): Feature<LineString, LinkProps> {
	return {
		type: 'Feature',
		id: link.id,
		geometry: { type: 'LineString', coordinates: [[...from.position], [...to.position]] },
		properties: { id: link.id, from: link.from, to: link.to, kind: link.kind, weight: link.weight }
	};
}

/** The circle colour: by the agent's first area, or by its sector. */
export function colorExpression(colorBy: ColorBy, areas: readonly Area[]): ExpressionSpecification | string {
	if (colorBy === 'sector') {
		return ['match', ['get', 'sector'], ...SECTORS.flatMap((sector) => [sector, SECTOR_COLORS[sector]]), SECTOR_COLORS.other] as unknown as ExpressionSpecification;
	}
	if (areas.length === 0) return NO_AREA_COLOR;
	return ['match', ['get', 'area'], ...areas.flatMap((area) => [area.id, area.color]), NO_AREA_COLOR] as unknown as ExpressionSpecification;
}
