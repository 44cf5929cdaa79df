/**
 * A region drawn on the map — a polygon or a circle of a chosen radius — and the test of
 * whether an agent's position lies inside it. Geometry comes from @turf/turf: a circle is a
 * true geodesic radius (haversine distance), not the 64-sided polygon drawn for it, and a
 * point exactly on a polygon's edge counts as inside.
 *
 * Regions are plain values (they travel in the URL), with coordinates rounded to 6 decimals
 * (about 10 cm), so that writing one and reading it back gives the very same value.
 */
import { booleanPointInPolygon, circle as turfCircle, distance, point, polygon as turfPolygon } from '@turf/turf';
import type { Polygon } from 'geojson';
import { isValidLonLat, type LonLat } from '../model/index.ts';

export type Region =
	| { kind: 'polygon'; ring: LonLat[] }
	| { kind: 'circle'; center: LonLat; radiusKm: number };

/** What the user is drawing on the map. */
export type DrawMode = Region['kind'];

/** `[west, south, east, north]` in degrees. */
export type BBox = [number, number, number, number];

export const MAX_POLYGON_VERTICES = 500;
export const MAX_RADIUS_KM = 1000;
const EARTH_RADIUS_KM = 6371.0088;

// `+ 0` turns -0 into 0, which a URL cannot tell apart.
const round6 = (n: number) => Math.round(n * 1e6) / 1e6 + 0;
const roundPoint = (p: LonLat): LonLat => [round6(p[0]), round6(p[1])];

/**
 * A clean region from anything (a drawing, a URL, a peer), or `null` when it is not one: a
 * polygon needs at least three distinct vertices, a circle a positive radius up to 1,000 km.
 * A closing vertex equal to the first, and repeated consecutive vertices, are dropped.
 */
export function normalizeRegion(value: unknown): Region | null {
	if (!value || typeof value !== 'object') return null;
	const region = value as Partial<Record<string, unknown>>;
	if (region.kind === 'circle') {
		const radius = region.radiusKm;
		if (!isValidLonLat(region.center) || typeof radius !== 'number' || !Number.isFinite(radius)) return null;
		const radiusKm = Math.round(radius * 1000) / 1000;
		if (radiusKm <= 0 || radiusKm > MAX_RADIUS_KM) return null;
		return { kind: 'circle', center: roundPoint(region.center), radiusKm };
	}
	if (region.kind === 'polygon') {
		if (!Array.isArray(region.ring) || region.ring.length > MAX_POLYGON_VERTICES + 1) return null;
		const ring: LonLat[] = [];
		for (const vertex of region.ring) {
			if (!isValidLonLat(vertex)) return null;
			const rounded = roundPoint(vertex);
			const last = ring[ring.length - 1];
			if (!last || last[0] !== rounded[0] || last[1] !== rounded[1]) ring.push(rounded);
		}
		const [first, last] = [ring[0], ring[ring.length - 1]];
		if (ring.length > 1 && first[0] === last[0] && first[1] === last[1]) ring.pop();
		if (new Set(ring.map((p) => `${p[0]},${p[1]}`)).size < 3) return null;
		return { kind: 'polygon', ring };
	}
	return null;
}

export interface CompiledRegion {
	readonly bbox: BBox;
	contains(position: LonLat): boolean;
}

/** Prepares a region for many containment tests: its bounding box, and the exact test. */
export function compileRegion(region: Region): CompiledRegion {
	if (region.kind === 'circle') {
		const center = point([region.center[0], region.center[1]]);
		const { radiusKm } = region;
		return {
			bbox: circleBBox(region.center, radiusKm),
			contains: (position) => distance(center, point([position[0], position[1]]), { units: 'kilometers' }) <= radiusKm
		};
	}
	const shape = turfPolygon(regionGeometry(region).coordinates);
	const bbox = ringBBox(region.ring);
	return {
		bbox,
		contains: (position) =>
			inBBox(position, bbox) && booleanPointInPolygon([position[0], position[1]], shape, { ignoreBoundary: false })
	};
}

export function inBBox(position: LonLat, [west, south, east, north]: BBox): boolean {
	return position[0] >= west && position[0] <= east && position[1] >= south && position[1] <= north;
}

/** The polygon drawn on the map for a region (a circle as 64 points on its edge). */
export function regionGeometry(region: Region): Polygon {
	if (region.kind === 'circle') {
		return turfCircle([region.center[0], region.center[1]], region.radiusKm, { steps: 64, units: 'kilometers' }).geometry;
	}
	const ring = region.ring.map((p) => [p[0], p[1]]);
	return { type: 'Polygon', coordinates: [[...ring, ring[0]]] };
}

/** Great-circle distance in kilometres, the measure a circle's radius uses. */
export function distanceKm(a: LonLat, b: LonLat): number {
	return distance(point([a[0], a[1]]), point([b[0], b[1]]), { units: 'kilometers' });
}

function ringBBox(ring: readonly LonLat[]): BBox {
	const bbox: BBox = [Infinity, Infinity, -Infinity, -Infinity];
	for (const [lon, lat] of ring) {
		bbox[0] = Math.min(bbox[0], lon);
		bbox[1] = Math.min(bbox[1], lat);
		bbox[2] = Math.max(bbox[2], lon);
		bbox[3] = Math.max(bbox[3], lat);
	}
	return bbox;
}

/**
 * The smallest box around a spherical cap: its widest longitude is asin(sin δ / cos φ) away
 * (slightly more than δ / cos φ), and a cap that reaches a pole spans every longitude.
 */
function circleBBox(center: LonLat, radiusKm: number): BBox {
	const delta = radiusKm / EARTH_RADIUS_KM;
	const phi = (center[1] * Math.PI) / 180;
	const toDeg = 180 / Math.PI;
	const margin = 1e-9;
	const south = Math.max(-90, center[1] - delta * toDeg - margin);
	const north = Math.min(90, center[1] + delta * toDeg + margin);
	const ratio = Math.sin(delta) / Math.cos(phi);
	if (north >= 90 || south <= -90 || ratio >= 1) return [-180, south, 180, north];
	const dLon = Math.asin(ratio) * toDeg + margin;
	// A circle across the antimeridian: widen the box to every longitude rather than split it.
	if (center[0] - dLon < -180 || center[0] + dLon > 180) return [-180, south, 180, north];
	return [center[0] - dLon, south, center[0] + dLon, north];
}
