/**
 * The first view of a map: what the map draws of each agent (position, name, sector, first
 * area) and the areas' colours, sent by the server in one small request so that a large map
 * (the server's FIRST_VIEW_MIN_AGENTS, 20,000 agents by default) is drawn before its document
 * is read. At 50,000 agents the document is 90 MB and takes seconds to receive and read; this
 * view is a few MB. It is drawn read-only and replaced by the live view as soon as the
 * document is loaded (swap.svelte.ts).
 *
 * Built by the server from the same document and the same filter the page applies
 * (server/http/first-view-routes.ts), read by the page (fetch.ts).
 */
import type { Feature, Point } from 'geojson';
import { SECTORS, isValidLonLat, type Agent, type Area, type LonLat, type MapDocument, type Sector } from '#lib/model/index.ts';
import { areaRank, areaSlot, primaryArea, type AgentProps } from '../agent-features.ts';

export const FIRST_VIEW_FORMAT = 'tejido-first-view/1';

/** One agent as the map draws it: [id, longitude, latitude, sector, first area id or '', name]. */
export type FirstViewRow = [id: string, lon: number, lat: number, sector: Sector, area: string, name: string];

export interface FirstView {
	format: typeof FIRST_VIEW_FORMAT;
	/** The map's areas in their order: the colours of the agents' circles and of the legend. */
	areas: Area[];
	agents: FirstViewRow[];
}

/** The first view of `map`, limited to the agents `include` accepts (the page's filter). */
export function buildFirstView(map: MapDocument, include?: (agent: Agent) => boolean): FirstView {
	const areas = map.areas();
	const rank = areaRank(areas);
	const agents: FirstViewRow[] = [];
	for (const agent of map.agents()) {
		if (include && !include(agent)) continue;
		agents.push([agent.id, agent.position[0], agent.position[1], agent.sector, primaryArea(agent, rank), agent.name]);
	}
	return { format: FIRST_VIEW_FORMAT, areas, agents };
}

const SECTOR_SET: ReadonlySet<string> = new Set(SECTORS);

/**
 * Reads a first view received from the network, or null when it is not one. A row that is
 * not well formed is left out: the document, which replaces this view, is the authority.
 */
export function readFirstView(value: unknown): FirstView | null {
	if (!value || typeof value !== 'object') return null;
	const { format, areas, agents } = value as Record<string, unknown>;
	if (format !== FIRST_VIEW_FORMAT || !Array.isArray(areas) || !Array.isArray(agents)) return null;
	return { format, areas: areas.filter(isArea), agents: agents.filter(isRow) };
}

function isArea(value: unknown): value is Area {
	if (!value || typeof value !== 'object') return false;
	const { id, name, color, order } = value as Record<string, unknown>;
	return typeof id === 'string' && typeof name === 'string' && typeof color === 'string' && typeof order === 'number';
}

function isRow(value: unknown): value is FirstViewRow {
	if (!Array.isArray(value) || value.length !== 6) return false;
	const [id, lon, lat, sector, area, name] = value;
	return (
		typeof id === 'string' &&
		isValidLonLat([lon, lat]) &&
		typeof sector === 'string' &&
		SECTOR_SET.has(sector) &&
		typeof area === 'string' &&
		typeof name === 'string'
	);
}

/** The agents of a first view as the features the live view draws (see `agentFeature`). */
export function firstViewFeatures(view: FirstView): Feature<Point, AgentProps>[] {
	const rank = areaRank(view.areas);
	return view.agents.map((row) => firstViewFeature(row, rank));
}

/** One agent of a first view as the feature the live view draws, its area ranked by `rank` (its view's areas). */
export function firstViewFeature([id, lon, lat, sector, area, name]: FirstViewRow, rank: ReadonlyMap<string, number>): Feature<Point, AgentProps> {
	const slot = areaSlot(rank.get(area));
	return { type: 'Feature', id, geometry: { type: 'Point', coordinates: [lon, lat] }, properties: { id, name, sector, area, slot } };
}

export function rowPosition(row: FirstViewRow): LonLat {
	return [row[1], row[2]];
}

/**
 * Whether the live view's `features` draw exactly what `view` drew: the same agents, each at
 * the same place with the same name, sector and colouring area (and its place in the clusters' rings).
 */
export function drawsTheSame(view: FirstView, features: readonly Feature<Point, AgentProps>[]): boolean {
	if (view.agents.length !== features.length) return false;
	const rows = new Map(view.agents.map((row) => [row[0], row]));
	const rank = areaRank(view.areas);
	return features.every(({ geometry: { coordinates }, properties: agent }) => {
		const row = rows.get(agent.id);
		return (
			row !== undefined &&
			row[1] === coordinates[0] &&
			row[2] === coordinates[1] &&
			row[3] === agent.sector &&
			row[4] === agent.area &&
			areaSlot(rank.get(row[4])) === agent.slot &&
			row[5] === agent.name
		);
	});
}
