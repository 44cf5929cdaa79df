/**
 * The position of an imported row, from a GeoJSON Point or from longitude and latitude cells,
 * and what is wrong with it: unreadable, out of range, or apparently swapped. Swapped
 * coordinates are the classic spreadsheet mistake: Bogotá at latitude −74, longitude 4.6 is a
 * valid point in Antarctica, so range checks alone miss it. A point looks swapped when it lies
 * outside the map's region (or far from the row's municipality) and its swap lies inside.
 */
import { findPlace } from '../geo/places.ts';
import { cellNumber, cellText, distanceKm, type Cell } from './values.ts';

export interface Box {
	west: number;
	south: number;
	east: number;
	north: number;
}

export interface PositionReading {
	point: readonly [number, number] | null;
	problem?: 'invalid-coordinates' | 'out-of-range' | 'swapped';
	/** The coordinates as the file gave them, to show in the report. */
	value?: string;
	/** The coordinates were swapped back, as the user asked. */
	fixed?: boolean;
}

/** Farther than this from its municipality, a point whose swap is near it looks swapped. */
const TOWN_KM = 100;

export function readPosition(input: {
	geometry: readonly [number, number] | null | 'invalid' | undefined;
	lon: Cell | undefined;
	lat: Cell | undefined;
	municipality: string;
	region: Box;
	fixSwapped: boolean;
}): PositionReading {
	let raw: [number, number];
	let value: string;
	if (input.geometry === 'invalid') return { point: null, problem: 'invalid-coordinates', value: '' };
	if (input.geometry) {
		raw = [input.geometry[0], input.geometry[1]];
		value = `lat ${raw[1]}, lon ${raw[0]}`;
	} else {
		const lon = cellNumber(input.lon);
		const lat = cellNumber(input.lat);
		value = `lat ${cellText(input.lat) || '—'}, lon ${cellText(input.lon) || '—'}`;
		if (lon === null && lat === null) return { point: null };
		if (lon === null || lat === null || Number.isNaN(lon) || Number.isNaN(lat)) {
			return { point: null, problem: 'invalid-coordinates', value };
		}
		raw = [lon, lat];
	}
	// 0, 0 is what an empty numeric cell becomes in many exports, not a place in the sea.
	if (raw[0] === 0 && raw[1] === 0) return { point: null, problem: 'invalid-coordinates', value };
	const flipped: [number, number] = [raw[1], raw[0]];
	if (inRange(flipped) && (swappedIntoRegion(raw, flipped, input.region) || swappedNearTown(raw, flipped, input.municipality))) {
		return input.fixSwapped ? { point: flipped, fixed: true, value } : { point: null, problem: 'swapped', value };
	}
	if (!inRange(raw)) return { point: null, problem: 'out-of-range', value };
	return { point: raw };
}

function inRange([lon, lat]: readonly [number, number]): boolean {
	return Math.abs(lon) <= 180 && Math.abs(lat) <= 90;
}

function inside([lon, lat]: readonly [number, number], box: Box): boolean {
	return lon >= box.west && lon <= box.east && lat >= box.south && lat <= box.north;
}

function swappedIntoRegion(raw: [number, number], flipped: [number, number], region: Box): boolean {
	return !inside(raw, region) && inside(flipped, region);
}

function swappedNearTown(raw: [number, number], flipped: [number, number], municipality: string): boolean {
	const place = municipality ? findPlace(municipality) : undefined;
	if (!place || !inRange(raw)) return false;
	const town: [number, number] = [place.lon, place.lat];
	return distanceKm(raw, town) > TOWN_KM && distanceKm(flipped, town) < TOWN_KM;
}
