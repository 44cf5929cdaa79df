/**
 * Which of a large map's links the map's worker is given: those that cross the area around the
 * screen, and only while they are few enough to read and to tile.
 *
 * MapLibre's GeoJSON worker (geojson-vt) keeps every tile it ever cut, down from the top tile to
 * each one shown, and a link crosses many of them: on the benchmark's 50,000 agents, opening one
 * agent at street zoom left 2.5 million tile features (950 MB) in the worker, and the tab's
 * next reload waited seconds for that heap to go. Regional maps are dense around their capital
 * (86 % of those 200,000 links cross a zoom-11 screen over Bogotá), so the window alone is not
 * enough: above the budget the map draws only the links of the agents one chooses or points at,
 * and says why (filter or zoom in to see the rest). The rules every such window follows are
 * here too (ScreenWindow and below).
 */
import type { LonLat } from '../model/index.ts';
import type { BBox } from '../filters/region.ts';

/** The most links the map's worker is given at once. */
export const LINK_BUDGET = 20_000;

/**
 * What a window source holds: the ids around `box` (the screen and more), taken at `zoom`, or
 * null when there were more than its budget (crowded: none is drawn). The names' window
 * (name-window.ts) is one too.
 */
export interface ScreenWindow {
	box: BBox;
	zoom: number;
	ids: Set<string> | null;
}

/**
 * Whether a window must be made again for the `screen` at `zoom`: there is none, the screen has
 * left it, or it was crowded and one has zoomed in since (fewer may stand around the screen).
 */
export function windowOutdated(window: ScreenWindow | null, screen: BBox, zoom: number): boolean {
	return !window || !contains(window.box, screen) || (window.ids === null && zoom > window.zoom + 0.25);
}

/** `box` grown by `factor` of its width and height on each side. */
export function padded(box: BBox, factor: number): BBox {
	const [west, south, east, north] = box;
	const dx = (east - west) * factor;
	const dy = (north - south) * factor;
	return [west - dx, south - dy, east + dx, north + dy];
}

export function contains(outer: BBox, inner: BBox): boolean {
	return inner[0] >= outer[0] && inner[1] >= outer[1] && inner[2] <= outer[2] && inner[3] <= outer[3];
}

/** Whether the segment from `a` to `b` may cross `box` (their bounding boxes meet). */
export function segmentMeets(a: LonLat, b: LonLat, box: BBox): boolean {
	return Math.max(a[0], b[0]) >= box[0] && Math.min(a[0], b[0]) <= box[2] && Math.max(a[1], b[1]) >= box[1] && Math.min(a[1], b[1]) <= box[3];
}

/**
 * The links of `ids` that may cross `box`, or null when there are more than `budget` of them.
 * `ends` gives a link's two positions, or null for a link not drawn (an end missing).
 */
export function linksInBox(ids: Iterable<string>, ends: (id: string) => [LonLat, LonLat] | null, box: BBox, budget: number): Set<string> | null {
	return idsWithin(ids, budget, (id) => {
		const segment = ends(id);
		return segment !== null && segmentMeets(segment[0], segment[1], box);
	});
}

/** The ids for which `inside` holds, or null as soon as there are more than `budget`. */
export function idsWithin(ids: Iterable<string>, budget: number, inside: (id: string) => boolean): Set<string> | null {
	const found = new Set<string>();
	for (const id of ids) {
		if (!inside(id)) continue;
		if (found.size === budget) return null;
		found.add(id);
	}
	return found;
}

/**
 * What a change of the view does to a window's `ids` (links or agents around the screen), which
 * it updates: ids that left the view, or no longer lie `inside` the window, are removed; those
 * that came in or changed and lie inside are added, or updated when the window held them.
 */
export function windowChange(
	ids: Set<string>,
	left: readonly string[],
	changed: Iterable<string>,
	inside: (id: string) => boolean
): { remove: string[]; add: string[]; update: string[] } {
	const remove = left.filter((id) => ids.delete(id));
	const add: string[] = [];
	const update: string[] = [];
	for (const id of changed) {
		const within = inside(id);
		if (within && ids.has(id)) update.push(id);
		else if (within) add.push(id);
		else if (ids.delete(id)) remove.push(id);
		if (within) ids.add(id);
	}
	return { remove, add, update };
}
