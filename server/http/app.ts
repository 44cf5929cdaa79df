/**
 * The one Hono app: HTTP API under /api, the collaboration websocket under /collab, and
 * (in production) every other request handed to the SvelteKit pages.
 */
import { Hono, type Handler } from 'hono';
import { guestAccess, type AuthorizeCollab } from '../collab/access.ts';
import type { RoomRegistry } from '../collab/room-registry.ts';
import { mountCollab } from '../collab/websocket-route.ts';
import type { ServerConfig } from '../config.ts';
import { log } from '../log.ts';
import type { DocumentStore } from '../store/document-store.ts';
import type { AppEnv } from './app-env.ts';

export interface AppDeps {
	store: DocumentStore;
	registry: RoomRegistry;
	config: ServerConfig;
	authorize?: AuthorizeCollab;
	/** Serves everything that is not API or websocket (the SvelteKit handler in production). */
	pages?: Handler<AppEnv>;
}

export function createApp(deps: AppDeps): Hono<AppEnv> {
	const app = new Hono<AppEnv>();

	app.get('/api/health', (c) =>
		c.json({ status: 'ok', version: deps.config.version, openRooms: deps.registry.openRooms })
	);

	app.get('/api/config', (c) => c.json({ basemapStyleUrl: deps.config.basemapStyleUrl }));

	app.get('/api/maps', async (c) => c.json({ maps: await deps.store.listMaps() }));

	app.get('/api/maps/:mapId', async (c) => {
		const map = await deps.store.getMap(c.req.param('mapId'));
		if (!map) return c.json({ error: 'No map with this id. Check the link.' }, 404);
		return c.json(map);
	});

	app.all('/api/*', (c) => c.json({ error: `No API route ${c.req.method} ${c.req.path}.` }, 404));

	mountCollab(app, { ...deps, authorize: deps.authorize ?? guestAccess });

	if (deps.pages) app.all('*', deps.pages);

	app.onError((error, c) => {
		log('error', 'unhandled error in a request', { path: c.req.path, error });
		return c.json({ error: 'Something went wrong on the server. Try again; if it persists, tell an operator.' }, 500);
	});
	return app;
}
