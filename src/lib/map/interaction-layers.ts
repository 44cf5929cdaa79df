/**
 * One interaction of the register drawn on the map: a line between every two of its
 * participants and a ring around each, in the register's teal (the colour of cooperation
 * instruments on the timeline), with a white casing so it reads over any basemap and over the
 * grey links. Kept apart from the component, which only adds the layers and feeds them data.
 */
import type { FilterSpecification } from 'maplibre-gl';
import type { Feature, LineString, Point } from 'geojson';
import type { Agent, Interaction } from '#lib/model/index.ts';
import { AGENT_LAYERS, FOCUS_LAYER, type LayerStep } from './agent-layers.ts';

export const INTERACTION_SOURCE = 'interaction-highlight';
export const INTERACTION_LAYERS = {
	casing: 'interaction-highlight-casing',
	line: 'interaction-highlight-line',
	ring: 'interaction-highlight-ring'
} as const;
export const INTERACTION_COLOR = '#00798c';

/**
 * Where each layer goes among the agents' layers: the lines above the links and under the
 * agents (so agents stay clickable and draggable), the rings just under the focused agent.
 */
export const INTERACTION_LAYERS_BEFORE: Record<string, string> = {
	[INTERACTION_LAYERS.casing]: AGENT_LAYERS.heat,
	[INTERACTION_LAYERS.line]: AGENT_LAYERS.heat,
	[INTERACTION_LAYERS.ring]: FOCUS_LAYER
};

export function interactionLayers(): LayerStep[] {
	const lines: FilterSpecification = ['==', ['geometry-type'], 'LineString'];
	return [
		{ kind: 'source', id: INTERACTION_SOURCE, spec: { type: 'geojson', data: { type: 'FeatureCollection', features: [] } } },
		{
			kind: 'layer',
			spec: {
				id: INTERACTION_LAYERS.casing,
				type: 'line',
				source: INTERACTION_SOURCE,
				filter: lines,
				layout: { 'line-cap': 'round' },
				paint: { 'line-color': '#ffffff', 'line-width': 7, 'line-opacity': 0.9 }
			}
		},
		{
			kind: 'layer',
			spec: {
				id: INTERACTION_LAYERS.line,
				type: 'line',
				source: INTERACTION_SOURCE,
				filter: lines,
				layout: { 'line-cap': 'round' },
				paint: { 'line-color': INTERACTION_COLOR, 'line-width': 3.5 }
			}
		},
		{
			kind: 'layer',
			spec: {
				id: INTERACTION_LAYERS.ring,
				type: 'circle',
				source: INTERACTION_SOURCE,
				filter: ['==', ['geometry-type'], 'Point'],
				paint: {
					'circle-opacity': 0,
					'circle-radius': ['interpolate', ['linear'], ['zoom'], 8, 9, 12, 12, 15, 15],
					'circle-stroke-color': INTERACTION_COLOR,
					'circle-stroke-width': 3
				}
			}
		}
	];
}

/** The participants that still exist, each once, in the interaction's order. */
export function participantsOf(interaction: Interaction, agents: ReadonlyMap<string, Agent>): Agent[] {
	return [...new Set(interaction.participantIds)].map((id) => agents.get(id)).filter((agent) => agent !== undefined);
}

/** A line between every two participants (a small group: a handful of agents) and a point on each. */
export function interactionFeatures(participants: readonly Agent[]): Feature<LineString | Point>[] {
	const features: Feature<LineString | Point>[] = [];
	for (let i = 0; i < participants.length; i++) {
		const from = participants[i];
		features.push({ type: 'Feature', geometry: { type: 'Point', coordinates: [...from.position] }, properties: { agent: from.id } });
		for (const to of participants.slice(i + 1)) {
			features.push({
				type: 'Feature',
				geometry: { type: 'LineString', coordinates: [[...from.position], [...to.position]] },
				properties: { pair: `${from.id}|${to.id}` }
			});
		}
	}
	return features;
}
