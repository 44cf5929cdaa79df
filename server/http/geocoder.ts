/**
 * An online geocoder for street addresses, optional (GEOCODER_URL): a Nominatim-compatible
 * `/search` endpoint, or a Photon-compatible `/api` one (told apart by the path ending in
 * `/api`). Answers are normalised to `GeocodedPlace`s; the request is biased to the
 * Bogotá–Cundinamarca region and cut off after a timeout.
 */
import type { GeocodedPlace } from '../../src/lib/geo/place-search.ts';

export class GeocoderError extends Error {
	readonly kind: 'timeout' | 'upstream';
	constructor(message: string, kind: 'timeout' | 'upstream') {
		super(message);
		this.kind = kind;
	}
}

export interface GeocoderOptions {
	url: string;
	timeoutMs: number;
	/** Sent as User-Agent: Nominatim's usage policy asks every application to name itself. */
	userAgent: string;
	limit?: number;
	language?: string;
}

// West, north, east, south of the region, with a margin: where results are preferred.
const VIEWBOX = [-75.0, 5.95, -72.9, 3.65] as const;

export function isPhoton(url: string): boolean {
	return /\/api\/?$/.test(new URL(url).pathname);
}

function requestUrl(options: GeocoderOptions, query: string): URL {
	const url = new URL(options.url);
	const limit = String(options.limit ?? 6);
	const language = options.language ?? 'es';
	if (isPhoton(options.url)) {
		url.searchParams.set('q', query);
		url.searchParams.set('limit', limit);
		url.searchParams.set('lang', language === 'es' ? 'default' : language);
		// A location bias towards the capital, not a hard limit.
		url.searchParams.set('lat', '4.65');
		url.searchParams.set('lon', '-74.1');
	} else {
		url.searchParams.set('q', query);
		url.searchParams.set('format', 'jsonv2');
		url.searchParams.set('limit', limit);
		url.searchParams.set('accept-language', language);
		url.searchParams.set('countrycodes', 'co');
		url.searchParams.set('viewbox', VIEWBOX.join(','));
	}
	return url;
}

function position(lon: unknown, lat: unknown): [number, number] | null {
	const [x, y] = [Number(lon), Number(lat)];
	if (!Number.isFinite(x) || !Number.isFinite(y) || Math.abs(x) > 180 || Math.abs(y) > 90) return null;
	return [x, y];
}

const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');

/** Nominatim: `[{ lat, lon, name, display_name }]`, the coordinates as strings. */
function fromNominatim(items: unknown[]): GeocodedPlace[] {
	return items.flatMap((item) => {
		const row = item as Record<string, unknown>;
		const at = position(row.lon, row.lat);
		if (!at) return [];
		const parts = text(row.display_name).split(',').map((part) => part.trim()).filter(Boolean);
		const name = text(row.name);
		// Unnamed results (a house number on a street) are called by their first two parts.
		const label = name || parts.slice(0, 2).join(' ') || `${at[1]}, ${at[0]}`;
		const rest = name && parts[0] === name ? parts.slice(1) : parts.slice(name ? 0 : 2);
		return [{ label, detail: rest.slice(0, 3).join(', '), position: at }];
	});
}

/** Photon: a GeoJSON FeatureCollection of points with OSM-style properties. */
function fromPhoton(features: unknown[]): GeocodedPlace[] {
	return features.flatMap((feature) => {
		const { geometry, properties } = feature as { geometry?: { coordinates?: unknown[] }; properties?: Record<string, unknown> };
		const at = position(geometry?.coordinates?.[0], geometry?.coordinates?.[1]);
		if (!at) return [];
		const p = properties ?? {};
		const street = [text(p.street), text(p.housenumber)].filter(Boolean).join(' ');
		const label = text(p.name) || street || `${at[1]}, ${at[0]}`;
		const detail = [...new Set([label === street ? '' : street, text(p.district), text(p.city), text(p.state)])].filter(Boolean).join(', ');
		return [{ label, detail, position: at }];
	});
}

/** Looks an address up; throws GeocoderError when the service is slow, down or answers nonsense. */
export async function geocode(options: GeocoderOptions, query: string): Promise<GeocodedPlace[]> {
	let response: Response;
	try {
		response = await fetch(requestUrl(options, query), {
			headers: { accept: 'application/json', 'user-agent': options.userAgent },
			signal: AbortSignal.timeout(options.timeoutMs),
			redirect: 'error'
		});
	} catch (error) {
		const timedOut = error instanceof Error && error.name === 'TimeoutError';
		throw new GeocoderError(timedOut ? `no answer within ${options.timeoutMs} ms` : `unreachable: ${String(error)}`, timedOut ? 'timeout' : 'upstream');
	}
	if (!response.ok) throw new GeocoderError(`answered ${response.status}`, 'upstream');
	let body: unknown;
	try {
		body = await response.json();
	} catch {
		throw new GeocoderError('answered something that is not JSON', 'upstream');
	}
	if (Array.isArray(body)) return fromNominatim(body).slice(0, options.limit ?? 6);
	const features = (body as { features?: unknown } | null)?.features;
	if (Array.isArray(features)) return fromPhoton(features).slice(0, options.limit ?? 6);
	throw new GeocoderError('answered neither a Nominatim list nor a Photon collection', 'upstream');
}
