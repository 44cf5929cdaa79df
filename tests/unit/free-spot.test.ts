import { describe, expect, it } from 'vitest';
import { freeSpot, MIN_GAP_PX, type Point } from '../../src/lib/map/free-spot.ts';

const distance = (a: Point, b: Point) => Math.hypot(a[0] - b[0], a[1] - b[1]);

describe('freeSpot: a new agent at the map centre never covers one already there', () => {
	it('keeps the centre when nothing is near it', () => {
		expect(freeSpot([400, 300], [[100, 100]])).toEqual([400, 300]);
	});

	it('moves off an agent sitting exactly on the centre, by the smallest ring', () => {
		const spot = freeSpot([400, 300], [[400, 300]]);
		expect(distance(spot, [400, 300])).toBeCloseTo(MIN_GAP_PX, 5);
	});

	it('finds a spot clear of every agent in a dense cluster around the centre', () => {
		const taken: Point[] = [];
		for (let x = -2; x <= 2; x++) for (let y = -2; y <= 2; y++) taken.push([400 + x * 20, 300 + y * 20]);
		const spot = freeSpot([400, 300], taken);
		for (const point of taken) expect(distance(spot, point)).toBeGreaterThanOrEqual(MIN_GAP_PX);
	});
});
