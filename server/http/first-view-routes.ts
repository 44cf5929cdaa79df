/**
 * GET /api/maps/:mapId/first-view: what the map page draws of each agent, before the document
 * arrives (src/lib/map/first-view/format.ts says why). Same reader rights as the export, same filter
 * from the query string (the page's URL), read from the open room's document. A map smaller
 * than `minAgents` has none (204): its document comes about as fast as a first view is drawn,
 * and the page would only read it later. The whole map's size decides, not the filter's: the
 * page receives the whole document either way.
 */
import type { Env, Hono } from 'hono';
import { compress } from 'hono/compress';
import { log } from '../log.ts';
import { BadRequest } from './body.ts';
import { withDocument, type ExportDeps } from './export-routes.ts';
import { buildFirstView } from '../../src/lib/map/first-view/format.ts';

export function mountFirstView<E extends Env>(app: Hono<E>, deps: ExportDeps<E> & { minAgents: number }): void {
	// Gzip: a view of 50,000 agents is about 6 MB of JSON, a fifth of that compressed.
	app.use('/api/maps/:mapId/first-view', compress());
	app.get('/api/maps/:mapId/first-view', async (c) => {
		const mapId = c.req.param('mapId') ?? '';
		const allowed = await deps.authorizeRead(c, mapId);
		if ('status' in allowed) return c.json({ error: allowed.message }, allowed.status);
		if (!(await deps.store.getMap(mapId))) return c.json({ error: 'No map with this id. Check the link.' }, 404);
		// Only the map page asks, and it connects next: the room it will join serves this too.
		deps.registry.prepare(mapId);
		const query = new URL(c.req.url).searchParams;
		try {
			const view = await withDocument(deps, mapId, (map) =>
				map.agentCount() < deps.minAgents ? null : buildFirstView(map, deps.selectAgents(query, map)?.test)
			);
			c.header('Cache-Control', 'no-store');
			return view ? c.json(view) : c.body(null, 204);
		} catch (error) {
			if (error instanceof BadRequest) throw error;
			log('error', 'could not make the first view of a map', { map: mapId, error });
			return c.json({ error: 'This map could not be read. Try again; if it persists, tell an operator.' }, 503);
		}
	});
}
