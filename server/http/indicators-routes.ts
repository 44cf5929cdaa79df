/**
 * Public indicators: the owner may publish a map's indicators, and then anyone may read them.
 *
 *   GET /api/maps/:mapId/publication        members: is it published, and where
 *   PUT /api/maps/:mapId/publication        owners: { "public": true | false }
 *   GET /api/public/:mapId/indicators       anyone, when published: aggregates only
 *
 * The public answer is computed here, from the map's document (the open room's, or the
 * stored state) and the targets its owners set (map-targets.ts), by the same pure code the
 * members' page runs (src/lib/indicators): counts and catalogue names, never an agent, a
 * contact, a note or a title. An unpublished map and a
 * missing one answer alike, so the route does not reveal which maps exist.
 */
import type { Context, Hono } from 'hono';
import { isDenial, resolveMapAccess } from '../auth/map-access.ts';
import { can } from '../auth/permissions.ts';
import type { RoomRegistry } from '../collab/room-registry.ts';
import { log } from '../log.ts';
import type { AccountStore } from '../store/account-store.ts';
import type { DocumentStore } from '../store/document-store.ts';
import { computeIndicators, indicatorInput } from '../../src/lib/indicators/compute.ts';
import type { PublicIndicators } from '../../src/lib/indicators/public.ts';
import type { MapDocument, Target } from '../../src/lib/model/index.ts';
import type { AppEnv } from './app-env.ts';
import { readJson } from './body.ts';
import { withDocument } from './export-routes.ts';
import { mapTargets } from './map-targets.ts';

export interface IndicatorsDeps {
	store: DocumentStore;
	accounts: AccountStore;
	registry: RoomRegistry;
}

/** How long a computed public answer is reused: a popular page must not reload a map per visit. */
const CACHE_MS = 30_000;
const CACHE_SIZE = 100;
const NOT_PUBLISHED = { error: 'These indicators are not published. Ask the map’s owner for the address of its public page.' };

/** Mounts the routes; `forget` drops a map's cached public answer (its targets changed). */
export function mountIndicators(app: Hono<AppEnv>, deps: IndicatorsDeps): { forget(mapId: string): void } {
	const cache = new Map<string, PublicIndicators>();

	async function access(c: Context<AppEnv>) {
		return resolveMapAccess(deps.accounts, c.req.param('mapId') ?? '', {
			user: c.get('session')?.user ?? null,
			shareToken: c.get('shareToken')
		});
	}

	app.get('/api/maps/:mapId/publication', async (c) => {
		const found = await access(c);
		if (isDenial(found)) return c.json({ error: found.message }, found.status);
		const mapId = c.req.param('mapId');
		return c.json({ public: await deps.accounts.indicatorsPublic(mapId), path: `/public/${mapId}` });
	});

	app.put('/api/maps/:mapId/publication', async (c) => {
		const found = await access(c);
		if (isDenial(found)) return c.json({ error: found.message }, found.status);
		if (!can(found.role, 'manage')) return c.json({ error: 'Only the map’s owners can publish its indicators.' }, 403);
		const body = await readJson(c);
		if (typeof body.public !== 'boolean') return c.json({ error: 'Send { "public": true } or { "public": false }.', field: 'public' }, 400);
		const mapId = c.req.param('mapId');
		await deps.accounts.setIndicatorsPublic(mapId, body.public);
		cache.delete(mapId);
		return c.json({ public: body.public, path: `/public/${mapId}` });
	});

	app.get('/api/public/:mapId/indicators', async (c) => {
		const mapId = c.req.param('mapId');
		if (!(await deps.accounts.indicatorsPublic(mapId))) return c.json(NOT_PUBLISHED, 404);
		let answer = cache.get(mapId);
		if (!answer || Date.now() - answer.generatedAt > CACHE_MS) {
			const record = await deps.store.getMap(mapId);
			if (!record) return c.json(NOT_PUBLISHED, 404);
			try {
				const targets = await mapTargets(deps, mapId);
				answer = await withDocument(deps, mapId, (map) => publicIndicators(map, record.name, targets));
			} catch (error) {
				log('error', 'could not compute public indicators', { map: mapId, error });
				return c.json({ error: 'These indicators could not be computed right now. Try again in a moment.' }, 503);
			}
			if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
			cache.set(mapId, answer);
		}
		c.header('Cache-Control', 'no-store');
		return c.json(answer);
	});

	return { forget: (mapId) => cache.delete(mapId) };
}

/**
 * Aggregates only: the indicators and the map's name and targets (the owners', not the
 * document's: editors can write those).
 */
export function publicIndicators(map: MapDocument, storedName: string, targets: readonly Target[]): PublicIndicators {
	const indicators = computeIndicators(indicatorInput(map, targets));
	return { map: { name: storedName }, generatedAt: Date.now(), indicators };
}
