/**
 * The style of the agents' sources and layers: what each layer draws, in drawing order.
 * Kept apart from the component, which only adds them and feeds them data.
 */
import type { AddLayerObject, ExpressionSpecification, GeoJSONSourceSpecification, SymbolLayerSpecification } from 'maplibre-gl';
import { CLUSTER_CENTER, CLUSTER_SIZES, mixClusterProperties } from './cluster-mix.ts';
import { LINK_BUDGET } from './link-window.ts';
import { focusLinkPaint, linkPaint } from './link-style.ts';

export const SOURCES = { agents: 'agents', names: 'agents-names', links: 'links', focus: 'agents-focus', focusLinks: 'links-focus' } as const;
export const AGENT_LAYERS = {
	links: 'links-line',
	heat: 'agents-heat',
	cluster: 'agents-cluster',
	clusterRing: 'agents-cluster-ring',
	circle: 'agents-circle',
	label: 'agents-label',
	/** Every agent drawn on its own is named, at every zoom: only for a small filtered view (SMALL_VIEW). */
	labelAll: 'agents-label-all'
} as const;
export const FOCUS_LAYER = 'agents-focus';
/** The chosen agent's partners, drawn over the clusters while its links are (FOCUS_LINKS_LAYER). */
export const FOCUS_PARTNERS_LAYER = 'agents-focus-partners';
/**
 * A filtered view of at most this many agents names every agent drawn on its own, at every zoom
 * (from the agents' own source, so a clustered agent's name never floats beside its cluster).
 */
export const SMALL_VIEW = 200;

/** Whether a view of `count` agents out of the map's `total` names all of them at every zoom. */
export function namesEverywhere(count: number, total: number): boolean {
	return count <= SMALL_VIEW && count < total;
}
/**
 * Agents' names are drawn from this zoom on, from a source of their own (name-window.ts): not
 * clustered, so that an edit reloads only the tiles it touches (a change to a clustered source
 * reloads every tile of it), and holding only the names around the screen.
 */
export const NAMES_MIN_ZOOM = 11.5;
/** The selected and hovered agents' links, while the links layer waits for a closer zoom or is crowded. */
export const FOCUS_LINKS_LAYER = 'links-focus-line';

/** Agents cluster up to this zoom; beyond it every agent is drawn on its own. */
export const CLUSTER_MAX_ZOOM = 10;

/**
 * Links' level of detail. While agents are clustered a link would end beside a cluster, in
 * empty space: links are drawn from `minZoom` on, where agents are drawn one by one (clusters
 * end at CLUSTER_MAX_ZOOM), and then only those around the screen while they fit the budget
 * (link-window.ts: past a few tens of thousands links are a smear no one can read, and tiling
 * them costs seconds on every zoom); further out, or where too many cross the screen, the links
 * of the agent one selects or points at, with the agents at their other ends. Unclustered (the
 * heatmap), a map within the budget draws every link at every zoom.
 */
export const LINK_DETAIL = { manyLinks: LINK_BUDGET, minZoom: CLUSTER_MAX_ZOOM + 1 } as const;

/** The zoom from which links are drawn (those around the screen), or null if all are at every zoom. */
export function linksFromZoom(linkCount: number, clustered: boolean): number | null {
	return clustered || linkCount > LINK_DETAIL.manyLinks ? LINK_DETAIL.minZoom : null;
}
export const CLUSTER_LAYERS = [AGENT_LAYERS.cluster] as const;
/** Layers a pointer can pick an agent from. */
export const PICKABLE_LAYERS = [FOCUS_LAYER, AGENT_LAYERS.circle] as const;
const FONT = ['Noto Sans Regular', 'Arial', 'DejaVu Sans'];

const state = (key: string): ExpressionSpecification => ['boolean', ['feature-state', key], false];
/** Circle radius by zoom, `scale` times larger when the `scaled` condition holds. */
function radius(scale = 1, scaled: ExpressionSpecification | boolean = true): ExpressionSpecification {
	// MapLibre allows zoom only in a top-level interpolate: the condition goes in each stop.
	const stop = (r: number): ExpressionSpecification | number => (scale === 1 ? r : ['case', scaled, r * scale, r]);
	return ['interpolate', ['linear'], ['zoom'], 8, stop(4.5), 12, stop(7), 15, stop(10)];
}
const NAME_LAYOUT = {
	'text-field': ['get', 'name'],
	'text-font': FONT,
	'text-size': 12,
	'text-offset': [0, 1.1],
	'text-anchor': 'top',
	'text-optional': true
} satisfies SymbolLayerSpecification['layout'];
const NAME_PAINT = { 'text-color': '#222222', 'text-halo-color': '#ffffff', 'text-halo-width': 1.5 } satisfies SymbolLayerSpecification['paint'];
const empty = (): GeoJSONSourceSpecification['data'] => ({ type: 'FeatureCollection', features: [] });

export type LayerStep =
	| { kind: 'source'; id: string; spec: GeoJSONSourceSpecification }
	| { kind: 'layer'; spec: AddLayerObject };

/**
 * The layers in drawing order. `color` paints an agent, `clusterImage` names each cluster's ring
 * image (cluster-images.ts).
 */
export function agentLayers(color: ExpressionSpecification | string, clusterImage: ExpressionSpecification, heatmap: boolean): LayerStep[] {
	return [
		{ kind: 'source', id: SOURCES.links, spec: { type: 'geojson', data: empty(), promoteId: 'id' } },
		{
			kind: 'source',
			id: SOURCES.agents,
			spec: {
				type: 'geojson',
				data: empty(),
				promoteId: 'id',
				cluster: !heatmap,
				clusterRadius: 40,
				clusterMaxZoom: CLUSTER_MAX_ZOOM,
				// Counted in MapLibre's worker as it clusters: the page never reads clustered agents.
				clusterProperties: mixClusterProperties()
			}
		},
		{ kind: 'source', id: SOURCES.names, spec: { type: 'geojson', data: empty(), promoteId: 'id' } },
		{ kind: 'source', id: SOURCES.focus, spec: { type: 'geojson', data: empty(), promoteId: 'id' } },
		{ kind: 'source', id: SOURCES.focusLinks, spec: { type: 'geojson', data: empty(), promoteId: 'id' } },
		{
			kind: 'layer',
			spec: {
				id: AGENT_LAYERS.links,
				type: 'line',
				source: SOURCES.links,
				minzoom: LINK_DETAIL.minZoom,
				layout: { 'line-cap': 'round' },
				paint: linkPaint()
			}
		},
		{
			kind: 'layer',
			spec: {
				id: FOCUS_LINKS_LAYER,
				type: 'line',
				source: SOURCES.focusLinks,
				maxzoom: LINK_DETAIL.minZoom,
				layout: { 'line-cap': 'round', visibility: 'none' },
				paint: focusLinkPaint()
			}
		},
		{
			kind: 'layer',
			spec: {
				id: AGENT_LAYERS.heat,
				type: 'heatmap',
				source: SOURCES.agents,
				layout: { visibility: heatmap ? 'visible' : 'none' },
				paint: {
					'heatmap-radius': ['interpolate', ['linear'], ['zoom'], 7, 14, 11, 26, 14, 40],
					'heatmap-intensity': ['interpolate', ['linear'], ['zoom'], 7, 0.6, 13, 1.6],
					'heatmap-opacity': ['interpolate', ['linear'], ['zoom'], 12, 0.85, 15, 0.3],
					'heatmap-color': [
						'interpolate',
						['linear'],
						['heatmap-density'],
						0, 'rgba(255,255,255,0)',
						0.2, '#fde9b5',
						0.45, '#f9b45b',
						0.7, '#e8613c',
						1, '#a51f3c'
					]
				}
			}
		},
		{
			kind: 'layer',
			spec: {
				id: AGENT_LAYERS.cluster,
				type: 'circle',
				source: SOURCES.agents,
				filter: ['has', 'point_count'],
				paint: {
					'circle-color': CLUSTER_CENTER,
					'circle-radius': ['step', ['get', 'point_count'], ...CLUSTER_SIZES.flatMap(([from, r], i) => (i === 0 ? [r] : [from, r]))] as unknown as ExpressionSpecification,
					'circle-stroke-color': '#ffffff',
					'circle-stroke-width': 2
				}
			}
		},
		{
			kind: 'layer',
			spec: {
				id: AGENT_LAYERS.clusterRing,
				type: 'symbol',
				source: SOURCES.agents,
				filter: ['has', 'point_count'],
				// Always drawn, like the circle it rings (cluster-images.ts draws each ring).
				layout: {
					'icon-image': clusterImage,
					'icon-allow-overlap': true,
					'icon-ignore-placement': true,
					'text-field': ['get', 'point_count_abbreviated'],
					'text-font': FONT,
					'text-size': ['step', ['get', 'point_count'], 11, CLUSTER_SIZES[2][0], 12],
					'text-allow-overlap': true,
					'text-ignore-placement': true
				},
				paint: { 'text-color': '#ffffff' }
			}
		},
		{
			kind: 'layer',
			spec: {
				id: AGENT_LAYERS.circle,
				type: 'circle',
				source: SOURCES.agents,
				filter: ['!', ['has', 'point_count']],
				paint: {
					'circle-color': color,
					'circle-radius': radius(1.35, state('hovered')),
					'circle-stroke-color': ['case', ['any', state('selected'), state('hovered')], '#111111', '#ffffff'],
					'circle-stroke-width': ['case', state('selected'), 3, state('hovered'), 2.5, 1.2]
				}
			}
		},
		{
			kind: 'layer',
			spec: {
				id: AGENT_LAYERS.label,
				type: 'symbol',
				source: SOURCES.names,
				minzoom: NAMES_MIN_ZOOM,
				layout: NAME_LAYOUT,
				paint: NAME_PAINT
			}
		},
		{
			kind: 'layer',
			spec: {
				id: AGENT_LAYERS.labelAll,
				type: 'symbol',
				source: SOURCES.agents,
				filter: ['!', ['has', 'point_count']],
				layout: { ...NAME_LAYOUT, visibility: 'none' },
				paint: NAME_PAINT
			}
		},
		{
			kind: 'layer',
			spec: {
				id: FOCUS_PARTNERS_LAYER,
				type: 'circle',
				source: SOURCES.focus,
				maxzoom: LINK_DETAIL.minZoom,
				filter: ['boolean', ['get', 'partner'], false],
				paint: {
					'circle-color': color,
					'circle-radius': radius(0.8),
					'circle-stroke-color': '#ffffff',
					'circle-stroke-width': 1.5
				}
			}
		},
		{
			kind: 'layer',
			spec: {
				id: FOCUS_LAYER,
				type: 'circle',
				source: SOURCES.focus,
				filter: ['!', ['boolean', ['get', 'partner'], false]],
				paint: {
					'circle-color': color,
					'circle-radius': radius(1.35),
					'circle-stroke-color': '#111111',
					'circle-stroke-width': ['case', ['get', 'selected'], 3, 2.5]
				}
			}
		}
	];
}
