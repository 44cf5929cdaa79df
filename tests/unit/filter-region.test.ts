/**
 * A drawn region: a point on a polygon's edge is inside, a hair beyond it is not, concave
 * shapes are followed exactly, and a circle is a true radius in kilometres at Bogotá's
 * latitude (where a degree of longitude is shorter than a degree of latitude).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compileRegion, distanceKm, inBBox, normalizeRegion, type Region } from '../../src/lib/filters/region.ts';
import type { LonLat } from '../../src/lib/model/index.ts';

const KM_PER_DEGREE = (6371.0088 * Math.PI) / 180; // ≈ 111.195 km along a meridian
const BOGOTA: LonLat = [-74.08, 4.65];

/** A point `km` away from `from` towards the north (0°) or the east (90°), for short distances. */
function offset(from: LonLat, km: number, bearing: 0 | 90 | 45): LonLat {
	const north = bearing === 0 ? km : bearing === 45 ? km / Math.SQRT2 : 0;
	const east = bearing === 90 ? km : bearing === 45 ? km / Math.SQRT2 : 0;
	const lat = from[1] + north / KM_PER_DEGREE;
	return [from[0] + east / (KM_PER_DEGREE * Math.cos((from[1] * Math.PI) / 180)), lat];
}

describe('polygon regions', () => {
	// A square over central Bogotá, about 11 km a side.
	const square: Region = { kind: 'polygon', ring: [[-74.15, 4.6], [-74.05, 4.6], [-74.05, 4.7], [-74.15, 4.7]] };
	const inSquare = compileRegion(square).contains;

	it('counts points on an edge or a vertex as inside', () => {
		expect(inSquare([-74.1, 4.6])).toBe(true); // on the south edge
		expect(inSquare([-74.05, 4.65])).toBe(true); // on the east edge
		expect(inSquare([-74.15, 4.7])).toBe(true); // a vertex
		expect(inSquare([-74.1, 4.65])).toBe(true);
	});

	it('leaves out points a hair beyond an edge', () => {
		expect(inSquare([-74.1, 4.6 - 1e-7])).toBe(false);
		expect(inSquare([-74.05 + 1e-7, 4.65])).toBe(false);
		expect(inSquare([-74.15 - 1e-7, 4.7 + 1e-7])).toBe(false);
	});

	it('follows a concave outline: the notch of an L is outside although inside its box', () => {
		const ell: Region = {
			kind: 'polygon',
			ring: [[-74.2, 4.6], [-74.0, 4.6], [-74.0, 4.65], [-74.1, 4.65], [-74.1, 4.8], [-74.2, 4.8]]
		};
		const inEll = compileRegion(ell).contains;
		expect(inEll([-74.05, 4.7])).toBe(false); // the notch
		expect(inEll([-74.05, 4.62])).toBe(true); // the foot
		expect(inEll([-74.15, 4.75])).toBe(true); // the stem
		expect(inEll([-74.1, 4.7])).toBe(true); // on the inner edge
	});

	it('gives the same answer whichever way the outline was drawn', () => {
		const reversed: Region = { kind: 'polygon', ring: [...(square as { ring: LonLat[] }).ring].reverse() };
		const inReversed = compileRegion(reversed).contains;
		fc.assert(
			fc.property(fc.double({ min: -74.2, max: -74.0, noNaN: true }), fc.double({ min: 4.55, max: 4.75, noNaN: true }), (lon, lat) => {
				expect(inReversed([lon, lat])).toBe(inSquare([lon, lat]));
			})
		);
	});

	it('cleans drawn outlines: closing vertex and repeats dropped, fewer than three points refused', () => {
		expect(normalizeRegion({ kind: 'polygon', ring: [[0, 0], [1, 0], [1, 0], [1, 1], [0, 0]] })).toEqual({
			kind: 'polygon',
			ring: [[0, 0], [1, 0], [1, 1]]
		});
		expect(normalizeRegion({ kind: 'polygon', ring: [[0, 0], [1, 0], [0, 0]] })).toBeNull();
		expect(normalizeRegion({ kind: 'polygon', ring: [[0, 0], [1, 0], [200, 1]] })).toBeNull();
		expect(normalizeRegion({ kind: 'polygon', ring: 'nope' })).toBeNull();
	});
});

describe('circle regions at Bogotá scale', () => {
	const fiveKm = compileRegion({ kind: 'circle', center: BOGOTA, radiusKm: 5 });

	it('includes points just inside the radius and excludes points just outside, in every direction', () => {
		for (const bearing of [0, 45, 90] as const) {
			expect(fiveKm.contains(offset(BOGOTA, 4.99, bearing))).toBe(true);
			expect(fiveKm.contains(offset(BOGOTA, 5.01, bearing))).toBe(false);
		}
	});

	it('measures kilometres, not degrees: 4.99 km east is inside though it is more than 5 km worth of latitude degrees', () => {
		const east = offset(BOGOTA, 4.99, 90);
		expect(east[0] - BOGOTA[0]).toBeGreaterThan(5 / KM_PER_DEGREE);
		expect(fiveKm.contains(east)).toBe(true);
		expect(distanceKm(BOGOTA, east)).toBeCloseTo(4.99, 3);
	});

	it('has a bounding box that holds the whole circle', () => {
		fc.assert(
			fc.property(
				fc.double({ min: 0, max: 360, noNaN: true }),
				fc.double({ min: 0, max: 1, noNaN: true }),
				fc.double({ min: 0.1, max: 200, noNaN: true }),
				(bearing, fraction, radiusKm) => {
					const circle = compileRegion({ kind: 'circle', center: BOGOTA, radiusKm });
					const km = radiusKm * fraction;
					const b = (bearing * Math.PI) / 180;
					const point: LonLat = [
						BOGOTA[0] + (km * Math.sin(b)) / (KM_PER_DEGREE * Math.cos((BOGOTA[1] * Math.PI) / 180)),
						BOGOTA[1] + (km * Math.cos(b)) / KM_PER_DEGREE
					];
					if (circle.contains(point)) expect(inBBox(point, circle.bbox)).toBe(true);
				}
			),
			{ numRuns: 500 }
		);
	});

	it('refuses radii that are not positive or exceed 1,000 km', () => {
		expect(normalizeRegion({ kind: 'circle', center: BOGOTA, radiusKm: 0 })).toBeNull();
		expect(normalizeRegion({ kind: 'circle', center: BOGOTA, radiusKm: 1001 })).toBeNull();
		expect(normalizeRegion({ kind: 'circle', center: BOGOTA, radiusKm: 2.34567 })).toEqual({
			kind: 'circle',
			center: BOGOTA,
			radiusKm: 2.346
		});
	});
});
