/**
 * GET /api/maps/:mapId/first-view: what the map page draws of each agent, before the document
 * arrives (src/lib/map/first-view.ts says why). Same reader rights as the export, same filter
 * from the query string (the page's URL), read from the open room's document.
 */
import type { Env, Hono } from 'hono';
import { log } from '../log.ts';
import { BadRequest } from './body.ts';
import { withDocument, type ExportDeps } from './export-routes.ts';
import { buildFirstView } from '../../src/lib/map/first-view.ts';

export function mountFirstView<E extends Env>(app: Hono<E>, deps: ExportDeps<E>): void {
	app.get('/api/maps/:mapId/first-view', async (c) => {
		const mapId = c.req.param('mapId') ?? '';
		const allowed = await deps.authorizeRead(c, mapId);
		if (allowed !== true) return c.json({ error: allowed.message }, allowed.status);
		if (!(await deps.store.getMap(mapId))) return c.json({ error: 'No map with this id. Check the link.' }, 404);
		// Only the map page asks, and it connects next: the room it will join serves this too.
		deps.registry.prepare(mapId);
		const query = new URL(c.req.url).searchParams;
		try {
			const view = await withDocument(deps, mapId, (map) => buildFirstView(map, deps.selectAgents(query, map)?.test));
			c.header('Cache-Control', 'no-store');
			return c.json(view);
		} catch (error) {
			if (error instanceof BadRequest) throw error;
			log('error', 'could not make the first view of a map', { map: mapId, error });
			return c.json({ error: 'This map could not be read. Try again; if it persists, tell an operator.' }, 503);
		}
	});
}
