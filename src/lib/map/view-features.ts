/**
 * The filtered view's agents and links as the features the map's sources hold, and the diffs
 * that keep those sources in step with the view (each source gets its own: MapLibre keeps what
 * it is given).
 */
import type { GeoJSONSourceDiff, Map as MapLibreMap } from 'maplibre-gl';
import type { Feature, Point } from 'geojson';
import type { FilteredView } from '#lib/filters/filtered-view.svelte.ts';
import type { LonLat } from '#lib/model/index.ts';
import { agentFeature, linkFeature, type AgentProps } from './agent-features.ts';
import type { BBox } from '#lib/filters/region.ts';

export function collection(features: Feature[]) {
	return { type: 'FeatureCollection' as const, features };
}

export function agentFeatures(view: FilteredView, ids: Iterable<string>, rank: ReadonlyMap<string, number>): Feature<Point, AgentProps>[] {
	const out: Feature<Point, AgentProps>[] = [];
	for (const id of ids) {
		const facts = view.index.get(id);
		if (facts) out.push(agentFeature(facts.agent, rank));
	}
	return out;
}

export function linkFeatures(view: FilteredView, ids: Iterable<string>): Feature[] {
	const out: Feature[] = [];
	for (const id of ids) {
		const link = view.index.link(id);
		const from = link && view.index.get(link.from);
		const to = link && view.index.get(link.to);
		if (link && from && to) out.push(linkFeature(link, from.agent, to.agent));
	}
	return out;
}

/** A drawn link's two positions, or null when it cannot be drawn (an end is missing). */
export function linkEnds(view: FilteredView, id: string): [LonLat, LonLat] | null {
	const link = view.index.link(id);
	const from = link && view.index.get(link.from);
	const to = link && view.index.get(link.to);
	return from && to ? [from.agent.position, to.agent.position] : null;
}

export function agentPosition(view: FilteredView, id: string): LonLat | null {
	return view.index.get(id)?.agent.position ?? null;
}

/** A diff for a source of agents. */
export function agentDiff(
	view: FilteredView,
	rank: ReadonlyMap<string, number>,
	left: readonly string[],
	entered: Iterable<string>,
	updated: Iterable<string>
): GeoJSONSourceDiff {
	return {
		remove: [...left],
		add: agentFeatures(view, entered, rank),
		update: agentFeatures(view, updated, rank).map((feature) => ({
			id: feature.id!,
			newGeometry: feature.geometry,
			addOrUpdateProperties: Object.entries(feature.properties!).map(([key, value]) => ({ key, value }))
		}))
	};
}

/** A diff for a source of links. */
export function linkDiff(view: FilteredView, left: readonly string[], entered: Iterable<string>, updated: Iterable<string>): GeoJSONSourceDiff {
	return {
		remove: [...left],
		add: linkFeatures(view, entered),
		update: linkFeatures(view, updated).map((feature) => ({ id: feature.id!, newGeometry: feature.geometry }))
	};
}

export function screenBox(map: MapLibreMap): BBox {
	const bounds = map.getBounds();
	return [bounds.getWest(), bounds.getSouth(), bounds.getEast(), bounds.getNorth()];
}

/** How far the links' and names' windows reach past the screen on each side, in screens. */
export const WINDOW_PAD = 1;
/** Links and names are put in their sources this much before the zoom from which they are drawn. */
export const PREFETCH_ZOOM = 0.5;
