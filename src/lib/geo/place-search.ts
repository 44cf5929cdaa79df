/**
 * What a place search box understands, as pure functions: the shipped gazetteer ranked by how
 * well a name matches what was typed, pasted coordinates (decimal or degrees-minutes-seconds,
 * lat/lon or lon/lat), and the addresses of Google Maps and OpenStreetMap views.
 */
import type { LonLat } from '../model/index.ts';
import { PLACES, type Place } from './places.ts';
import { normalizeKey } from '../exchange/values.ts';

export type PlaceKind = Place['kind'] | 'coordinates' | 'address';

export interface PlaceResult {
	/** Stable within one list: the option's key. */
	id: string;
	kind: PlaceKind;
	/** The name (or the coordinates, written out). */
	label: string;
	/** A second line: the department, or where an address is. */
	detail: string;
	position: LonLat;
	/** The zoom the map should show this at. */
	zoom: number;
}

/** An address found by the server's online geocoder (GET /api/geocode). */
export interface GeocodedPlace {
	label: string;
	detail: string;
	position: LonLat;
}

/** What typed text means before any gazetteer or geocoder is asked. */
export type ParsedQuery =
	| { kind: 'text'; text: string }
	| { kind: 'coordinates'; position: LonLat; zoom: number | null; swapped: boolean }
	/** It reads as coordinates, but they cannot be on Earth. */
	| { kind: 'invalid'; reason: 'latitude' | 'longitude' };

/** How close each kind of place is shown: a town fills the screen, a point is a street. */
export const ZOOM_FOR: Record<PlaceKind, number> = {
	capital: 11,
	locality: 13,
	municipality: 13,
	coordinates: 16,
	address: 17
};

/** Accent-, case- and punctuation-insensitive form, for matching names: the importer's rule. */
export const searchKey = normalizeKey;

// The region's span, generously (the two ranges do not overlap): "-74.08, 4.60" is read as
// lon, lat because read as lat, lon it would be in the Antarctic.
const REGION_LON = [-80, -66] as const;
const REGION_LAT = [-5, 14] as const;
const within = (value: number, [low, high]: readonly [number, number]) => value >= low && value <= high;

/** Decimal coordinates: "4.60, -74.08", "4.60 -74.08", "4,60; -74,08" (decimal commas). */
function parseDecimalPair(text: string): [number, number] | null {
	const dot = /^\(?\s*([+-]?\d{1,3}(?:\.\d+)?)\s*(?:[,;/]\s*|\s+)([+-]?\d{1,3}(?:\.\d+)?)\s*\)?$/.exec(text);
	if (dot) return [Number(dot[1]), Number(dot[2])];
	// Decimal commas only when the pair is split by a semicolon or by spaces.
	const comma = /^([+-]?\d{1,3},\d+)\s*(?:;\s*|\s+)([+-]?\d{1,3},\d+)$/.exec(text);
	if (comma) return [Number(comma[1].replace(',', '.')), Number(comma[2].replace(',', '.'))];
	return null;
}

/** Orders a pair as [lon, lat]; lat/lon unless the numbers only make sense the other way. */
function orderPair([a, b]: [number, number], zoom: number | null = null): ParsedQuery {
	let swapped = false;
	let [lat, lon] = [a, b];
	if (Math.abs(a) > 90 && Math.abs(b) <= 90) swapped = true;
	else if (within(a, REGION_LON) && within(b, REGION_LAT)) swapped = true;
	if (swapped) [lon, lat] = [a, b];
	return checked(lat, lon, zoom, swapped);
}

// One degrees-minutes-seconds value and its hemisphere, written before ("N 4°36′") or after
// ("4°36′N") every value; "O" is the Spanish "oeste" (west). Degrees may be marked ° or º (the
// ordinal sign Spanish keyboards type).
const DMS_VALUE = String.raw`(\d{1,3}(?:[.,]\d+)?)\s*[°º]\s*(?:(\d{1,2}(?:[.,]\d+)?)\s*['′’]\s*)?(?:(\d{1,2}(?:[.,]\d+)?)\s*(?:"|″|”|''|′′)\s*)?`;
const DMS_LETTER_FIRST = new RegExp(String.raw`([NSEWO])\s*${DMS_VALUE}`, 'giu');
const DMS_LETTER_AFTER = new RegExp(String.raw`${DMS_VALUE}([NSEWO])?`, 'giu');

/** "4°36'N 74°05'W", "N 4°36′35″ O 74°5′3″": null unless it is exactly two such values. */
function parseDms(text: string): ParsedQuery | null {
	if (!/[°º]/.test(text)) return null;
	const letterFirst = /^\s*[NSEWO]/i.test(text);
	const values: { value: number; hemisphere: string | undefined }[] = [];
	let rest = text;
	for (const match of text.matchAll(letterFirst ? DMS_LETTER_FIRST : DMS_LETTER_AFTER)) {
		const [whole, ...parts] = match;
		const [hemisphere, degrees, minutes, seconds] = letterFirst ? parts : [parts[3], ...parts.slice(0, 3)];
		const number = (part: string | undefined) => Number((part ?? '0').replace(',', '.'));
		values.push({
			value: number(degrees) + number(minutes) / 60 + number(seconds) / 3600,
			hemisphere: hemisphere?.toUpperCase()
		});
		rest = rest.replace(whole, ' ');
	}
	// Anything else left over (words, a third number) means it was not a pair of coordinates.
	if (values.length !== 2 || !/^[\s,;/]*$/.test(rest)) return null;
	const signed = values.map(({ value, hemisphere }) => ({
		value: hemisphere === 'S' || hemisphere === 'W' || hemisphere === 'O' ? -value : value,
		axis: hemisphere === undefined ? null : 'NS'.includes(hemisphere) ? 'lat' : 'lon'
	}));
	const [first, second] = signed;
	if (first.axis === null && second.axis === null) return orderPair([first.value, second.value]);
	if (first.axis === second.axis) return null;
	// One hemisphere letter is enough to tell which number is which.
	const latFirst = first.axis === 'lat' || second.axis === 'lon';
	const [lat, lon] = latFirst ? [first.value, second.value] : [second.value, first.value];
	return checked(lat, lon, null, !latFirst);
}

function checked(lat: number, lon: number, zoom: number | null, swapped = false): ParsedQuery {
	if (Math.abs(lat) > 90) return { kind: 'invalid', reason: 'latitude' };
	if (Math.abs(lon) > 180) return { kind: 'invalid', reason: 'longitude' };
	return { kind: 'coordinates', position: [lon, lat], zoom, swapped };
}

/** Coordinates typed or pasted: decimal pairs or degrees-minutes-seconds; null for other text. */
export function parseCoordinates(text: string): ParsedQuery | null {
	const trimmed = text.trim();
	const pair = parseDecimalPair(trimmed);
	if (pair) return orderPair(pair);
	return parseDms(trimmed);
}

const clampZoom = (zoom: number) => Math.min(19, Math.max(2, zoom));

function latLon(lat: string | null | undefined, lon: string | null | undefined, zoom: number | null): ParsedQuery | null {
	if (lat == null || lon == null || lat.trim() === '' || lon.trim() === '') return null;
	const [a, b] = [Number(lat), Number(lon)];
	if (!Number.isFinite(a) || !Number.isFinite(b)) return null;
	return checked(a, b, zoom === null ? null : clampZoom(zoom));
}

const NUMBER = '([+-]?\\d+(?:\\.\\d+)?)';

/** A view or a place on Google Maps: the place's own point when the link has it, else the view. */
function parseGoogle(url: URL): ParsedQuery | null {
	const path = decodeURIComponent(url.pathname + url.search + url.hash);
	// "!3d<lat>!4d<lon>" in the data segment is the chosen place itself, not the view's centre.
	const pin = new RegExp(`!3d${NUMBER}!4d${NUMBER}`).exec(path);
	const view = new RegExp(`@${NUMBER},${NUMBER}(?:,(\\d+(?:\\.\\d+)?)z)?`).exec(path);
	const zoom = view?.[3] ? Number(view[3]) : null;
	if (pin) return latLon(pin[1], pin[2], zoom);
	if (view) return latLon(view[1], view[2], zoom);
	for (const name of ['q', 'query', 'll', 'center', 'destination']) {
		const value = url.searchParams.get(name);
		const pair = value ? parseDecimalPair(value.trim()) : null;
		if (pair) return latLon(String(pair[0]), String(pair[1]), Number(url.searchParams.get('z')) || null);
	}
	return null;
}

/** OpenStreetMap: "#map=zoom/lat/lon", or a marker "?mlat=…&mlon=…" (with "zoom"). */
function parseOsm(url: URL): ParsedQuery | null {
	const marker = latLon(url.searchParams.get('mlat'), url.searchParams.get('mlon'), Number(url.searchParams.get('zoom')) || null);
	if (marker) return marker;
	const view = new RegExp(`map=(\\d+(?:\\.\\d+)?)/${NUMBER}/${NUMBER}`).exec(url.hash);
	if (view) return latLon(view[2], view[3], Number(view[1]));
	return latLon(url.searchParams.get('lat'), url.searchParams.get('lon'), Number(url.searchParams.get('zoom')) || null);
}

/** Google Maps, OpenStreetMap and geo: links; null when the text is not such a link. */
export function parseMapLink(text: string): ParsedQuery | null {
	const trimmed = text.trim();
	const geo = new RegExp(`^geo:${NUMBER},${NUMBER}`, 'i').exec(trimmed);
	if (geo) return latLon(geo[1], geo[2], null);
	let url: URL;
	try {
		url = new URL(trimmed);
	} catch {
		return null;
	}
	if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
	const host = url.hostname.replace(/^www\./, '');
	if (/(^|\.)google\.[a-z.]+$/.test(host) || host === 'maps.app.goo.gl') return parseGoogle(url);
	if (host === 'openstreetmap.org' || host.endsWith('.openstreetmap.org') || host === 'osm.org') return parseOsm(url);
	return null;
}

/** What the text is: a link, coordinates, or words to look up. */
export function parseQuery(text: string): ParsedQuery {
	return parseMapLink(text) ?? parseCoordinates(text) ?? { kind: 'text', text: text.trim() };
}

interface Entry {
	place: Place;
	key: string;
	words: string[];
}

const ENTRIES: Entry[] = PLACES.map((place) => {
	const key = searchKey(place.name);
	return { place, key, words: key.split(' ') };
});

/** Lower is better; null when the place does not match. */
function score(entry: Entry, query: string, queryWords: string[]): number | null {
	if (entry.key === query) return 0;
	if (entry.key.startsWith(query)) return 1;
	if (entry.words.some((word) => word.startsWith(query))) return 2;
	// "san cris" → San Cristóbal, "uribe rafael" → Rafael Uribe Uribe: every word starts one.
	if (queryWords.length > 1 && queryWords.every((q) => entry.words.some((word) => word.startsWith(q)))) return 3;
	if (query.length >= 3 && entry.key.includes(query)) return 4;
	return null;
}

// At equal match, the capital before the municipalities, and those before Bogotá's localities.
const KIND_ORDER: Record<Place['kind'], number> = { capital: 0, municipality: 1, locality: 2 };

/** The gazetteer's places whose names match, best first. */
export function rankPlaces(text: string, limit = 8): Place[] {
	const query = searchKey(text);
	if (!query) return [];
	const queryWords = query.split(' ');
	const scored: { place: Place; score: number; length: number }[] = [];
	for (const entry of ENTRIES) {
		const s = score(entry, query, queryWords);
		if (s !== null) scored.push({ place: entry.place, score: s, length: entry.key.length });
	}
	scored.sort(
		(a, b) =>
			a.score - b.score ||
			KIND_ORDER[a.place.kind] - KIND_ORDER[b.place.kind] ||
			a.length - b.length ||
			a.place.name.localeCompare(b.place.name, 'es')
	);
	return scored.slice(0, limit).map((s) => s.place);
}

/** Coordinates written out for people: "4.6097, -74.0817" (lat, lon, as maps show them). */
export function formatPosition([lon, lat]: LonLat): string {
	const round = (n: number) => String(Math.round(n * 1e5) / 1e5);
	return `${round(lat)}, ${round(lon)}`;
}

export function placeResult(place: Place): PlaceResult {
	return {
		id: `place:${place.kind}:${place.name}`,
		kind: place.kind,
		label: place.name,
		detail: place.department,
		position: [place.lon, place.lat],
		zoom: ZOOM_FOR[place.kind]
	};
}

export function coordinatesResult(position: LonLat, zoom: number | null): PlaceResult {
	const label = formatPosition(position);
	return { id: `coordinates:${label}`, kind: 'coordinates', label, detail: '', position, zoom: zoom ?? ZOOM_FOR.coordinates };
}

export function addressResult(place: GeocodedPlace, index: number): PlaceResult {
	return { id: `address:${index}:${place.label}`, kind: 'address', label: place.label, detail: place.detail, position: place.position, zoom: ZOOM_FOR.address };
}
