/**
 * Which links a large map gives MapLibre's worker (src/lib/map/link-window.ts): those whose
 * segment may cross the window around the screen, none past the budget. A link between two
 * agents outside the window but crossing it counts (the segment, not its ends); a link whose
 * bounding box misses the window does not; the budget is exact (at the budget the set is kept,
 * one more and it is refused). Agents' names likewise (name-window.ts), by position.
 */
import { describe, expect, it } from 'vitest';
import type { LonLat } from '../../src/lib/model/index.ts';
import { inBBox, type BBox } from '../../src/lib/filters/region.ts';
import { contains, linksInBox, padded, segmentMeets, windowChange, windowOutdated } from '../../src/lib/map/link-window.ts';
import { agentsInBox } from '../../src/lib/map/name-window.ts';

const screen: BBox = [-74.2, 4.5, -74.0, 4.7];

describe('link window', () => {
	it('pads a box by a share of its size on each side, and tells when one box holds another', () => {
		const grown = padded(screen, 1);
		expect(grown[0]).toBeCloseTo(-74.4);
		expect(grown[1]).toBeCloseTo(4.3);
		expect(grown[2]).toBeCloseTo(-73.8);
		expect(grown[3]).toBeCloseTo(4.9);
		expect(contains(grown, screen)).toBe(true);
		expect(contains(screen, grown)).toBe(false);
		// A pan by half a screen stays inside the padded window; a pan by two screens does not.
		expect(contains(grown, [-74.1, 4.5, -73.9, 4.7])).toBe(true);
		expect(contains(grown, [-73.8, 4.5, -73.6, 4.7])).toBe(false);
	});

	it('counts a segment that crosses the box with both ends outside it, not one beside it', () => {
		expect(segmentMeets([-74.5, 4.6], [-73.5, 4.6], screen)).toBe(true);
		expect(segmentMeets([-74.1, 4.6], [-74.1, 4.65], screen)).toBe(true);
		expect(segmentMeets([-74.5, 4.8], [-73.5, 4.9], screen)).toBe(false);
		expect(segmentMeets([-75, 4.6], [-74.3, 4.6], screen)).toBe(false);
	});

	it('gives the links that meet the box, leaves out those it cannot draw, and refuses more than the budget', () => {
		const ends = new Map<string, [LonLat, LonLat] | null>([
			['inside', [[-74.1, 4.6], [-74.05, 4.62]]],
			['across', [[-74.5, 4.6], [-73.5, 4.6]]],
			['away', [[-75, 5], [-75.1, 5.1]]],
			['no-end', null]
		]);
		const ids = [...ends.keys()];
		const within = linksInBox(ids, (id) => ends.get(id) ?? null, screen, 10);
		expect(within).toEqual(new Set(['inside', 'across']));
		expect(linksInBox(ids, (id) => ends.get(id) ?? null, screen, 2)).toEqual(new Set(['inside', 'across']));
		expect(linksInBox(ids, (id) => ends.get(id) ?? null, screen, 1)).toBeNull();
	});
});

describe('name window', () => {
	it('gives the agents that stand in the box, leaves out those not drawn, and refuses more than the budget', () => {
		const at = new Map<string, LonLat | null>([
			['centre', [-74.1, 4.6]],
			['edge', [-74.2, 4.7]],
			['outside', [-73.9, 4.6]],
			['nowhere', null]
		]);
		const ids = [...at.keys()];
		const position = (id: string) => at.get(id) ?? null;
		expect(inBBox([-74.2, 4.7], screen)).toBe(true);
		expect(agentsInBox(ids, position, screen, 10)).toEqual(new Set(['centre', 'edge']));
		expect(agentsInBox(ids, position, screen, 2)).toEqual(new Set(['centre', 'edge']));
		expect(agentsInBox(ids, position, screen, 1)).toBeNull();
	});
});

describe('window change', () => {
	it('removes what left the view or the window, adds what came inside, updates what it held', () => {
		const ids = new Set(['kept', 'moved-out', 'gone']);
		const inside = (id: string) => id !== 'moved-out' && id !== 'far';
		const change = windowChange(ids, ['gone', 'never-held'], ['kept', 'moved-out', 'new', 'far'], inside);
		expect(change).toEqual({ remove: ['gone', 'moved-out'], add: ['new'], update: ['kept'] });
		expect(ids).toEqual(new Set(['kept', 'new']));
	});
});

describe('window outdated', () => {
	it('asks for a new window when there is none, the screen left it, or it was crowded and one zoomed in', () => {
		const window = { box: padded(screen, 1), zoom: 12, ids: new Set<string>() };
		expect(windowOutdated(null, screen, 12)).toBe(true);
		expect(windowOutdated(window, screen, 14)).toBe(false);
		expect(windowOutdated(window, [-73.8, 4.5, -73.6, 4.7], 12)).toBe(true);
		expect(windowOutdated({ ...window, ids: null }, screen, 12.1)).toBe(false);
		expect(windowOutdated({ ...window, ids: null }, screen, 12.5)).toBe(true);
	});
});
