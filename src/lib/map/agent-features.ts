/**
 * Converts agents and links into the GeoJSON MapLibre draws. Kept apart from the components
 * so it can be tested and reused (the export issue uses the same shapes).
 */
import type { Feature, FeatureCollection, LineString, Point } from 'geojson';
import type { Agent, Area, Link } from '#lib/model/index.ts';

export const NO_AREA_COLOR = '#7a7a7a';

export interface AgentProps {
	id: string;
	name: string;
	sector: string;
	color: string;
}

/** The colour of an agent: its first specialisation area's, in the areas' order. */
export function areaColorLookup(areas: readonly Area[]): (agent: Agent) => string {
	const rank = new Map(areas.map((area, index) => [area.id, index]));
	return (agent) => {
		let best: Area | undefined;
		for (const id of agent.areaIds) {
			const index = rank.get(id);
			if (index !== undefined && (!best || index < rank.get(best.id)!)) best = areas[index];
		}
		return best?.color ?? NO_AREA_COLOR;
	};
}

export function agentFeatures(
	agents: Iterable<Agent>,
	colorOf: (agent: Agent) => string
): FeatureCollection<Point, AgentProps> {
	const features: Feature<Point, AgentProps>[] = [];
	for (const agent of agents) {
		features.push({
			type: 'Feature',
			geometry: { type: 'Point', coordinates: [agent.position[0], agent.position[1]] },
			properties: { id: agent.id, name: agent.name, sector: agent.sector, color: colorOf(agent) }
		});
	}
	return { type: 'FeatureCollection', features };
}

export interface LinkProps {
	id: string;
	kind: string;
	weight: number;
	highlighted: boolean;
}

export function linkFeatures(
	links: Iterable<Link>,
	agents: ReadonlyMap<string, Agent>,
	selectedId: string | null
): FeatureCollection<LineString, LinkProps> {
	const features: Feature<LineString, LinkProps>[] = [];
	for (const link of links) {
		const from = agents.get(link.from);
		const to = agents.get(link.to);
		if (!from || !to) continue;
		features.push({
			type: 'Feature',
			geometry: { type: 'LineString', coordinates: [[...from.position], [...to.position]] },
			properties: {
				id: link.id,
				kind: link.kind,
				weight: link.weight,
				highlighted: selectedId !== null && (link.from === selectedId || link.to === selectedId)
			}
		});
	}
	return { type: 'FeatureCollection', features };
}
