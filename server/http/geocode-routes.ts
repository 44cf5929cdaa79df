/**
 * GET /api/geocode?q=…&lang=es|en: street addresses through the configured online geocoder
 * (GEOCODER_URL), for signed-in people. Without one it answers `{ configured: false }` and the
 * place search box keeps to the shipped gazetteer and pasted coordinates. Answers are kept
 * for a while: a box that searches as people type must not send the same query twice.
 */
import type { Env, Hono } from 'hono';
import type { ValidSession } from '../auth/sessions.ts';
import { log } from '../log.ts';
import { geocode, GeocoderError } from './geocoder.ts';
import type { GeocodedPlace } from '../../src/lib/geo/place-search.ts';

export interface GeocodeDeps {
	geocoderUrl: string | null;
	timeoutMs: number;
	version: string;
}

const MAX_QUERY = 200;
const CACHE_MS = 10 * 60_000;
const CACHE_SIZE = 500;

export function mountGeocode<E extends Env & { Variables: { session: ValidSession | null } }>(app: Hono<E>, deps: GeocodeDeps): void {
	const cache = new Map<string, { at: number; results: GeocodedPlace[] }>();

	app.get('/api/geocode', async (c) => {
		if (!c.get('session')) return c.json({ error: 'Sign in to search for addresses.' }, 401);
		const query = (c.req.query('q') ?? '').trim().replace(/\s+/g, ' ');
		if (!query) return c.json({ error: 'Say what to look for: /api/geocode?q=…', field: 'q' }, 400);
		if (query.length > MAX_QUERY) return c.json({ error: `Search for at most ${MAX_QUERY} characters.`, field: 'q' }, 400);
		if (!deps.geocoderUrl) return c.json({ configured: false, results: [] });
		const language = c.req.query('lang') === 'en' ? 'en' : 'es';

		const key = `${language}\n${query.toLowerCase()}`;
		const kept = cache.get(key);
		if (kept && Date.now() - kept.at < CACHE_MS) return c.json({ configured: true, results: kept.results });
		try {
			const results = await geocode(
				{ url: deps.geocoderUrl, timeoutMs: deps.timeoutMs, userAgent: `Tejido/${deps.version}`, language },
				query
			);
			cache.delete(key);
			cache.set(key, { at: Date.now(), results });
			// A Map iterates in insertion order: the first key is the oldest.
			if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
			return c.json({ configured: true, results });
		} catch (error) {
			if (!(error instanceof GeocoderError)) throw error;
			log('warn', 'the geocoder failed', { reason: error.message });
			return error.kind === 'timeout'
				? c.json({ error: 'The address search took too long. Try again in a moment.' }, 504)
				: c.json({ error: 'The address search is not answering. Places and coordinates still work.' }, 502);
		}
	});
}
