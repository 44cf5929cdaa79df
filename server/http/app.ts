/**
 * The one Hono app: HTTP API under /api, the collaboration websocket under /collab, and
 * (in production) every other request handed to the SvelteKit pages.
 */
import { Hono, type Context, type Handler } from 'hono';
import type { Throttles } from '../auth/throttles.ts';
import type { LiveConnections } from '../collab/live-connections.ts';
import type { SessionManager } from '../auth/sessions.ts';
import type { RoomRegistry } from '../collab/room-registry.ts';
import { mountCollab } from '../collab/websocket-route.ts';
import type { ServerConfig } from '../config.ts';
import { log } from '../log.ts';
import type { AccountStore } from '../store/account-store.ts';
import type { DocumentStore } from '../store/document-store.ts';
import type { MailSender } from '../mail/sender.ts';
import type { AppEnv } from './app-env.ts';
import { isDenial, resolveMapAccess } from '../auth/map-access.ts';
import { mountAuth } from './auth-routes.ts';
import { mountActivity } from './activity-routes.ts';
import { mountExport } from './export-routes.ts';
import { selectAgents } from './export-selection.ts';
import { mountFirstView } from './first-view-routes.ts';
import { mountGeocode } from './geocode-routes.ts';
import { mountHealth } from './health-route.ts';
import { mountIndicators } from './indicators-routes.ts';
import { BadRequest } from './body.ts';
import { mountMaps } from './map-routes.ts';
import { mountTargets } from './targets-routes.ts';
import { readSession, sameOriginOnly } from './request-guards.ts';
import { securityHeaders } from './security-headers.ts';

export interface AppDeps {
	store: DocumentStore;
	accounts: AccountStore;
	sessions: SessionManager;
	throttles: Throttles;
	live: LiveConnections;
	registry: RoomRegistry;
	config: ServerConfig;
	/** Email delivery, or null without SMTP_URL. */
	mail: MailSender | null;
	/** Serves everything that is not API or websocket (the SvelteKit handler in production). */
	pages?: Handler<AppEnv>;
}

export function createApp(deps: AppDeps): Hono<AppEnv> {
	const app = new Hono<AppEnv>();

	app.use('*', securityHeaders());
	app.use('/api/*', readSession(deps.sessions), sameOriginOnly());
	app.use('/collab/*', readSession(deps.sessions));

	mountHealth(app, deps);
	app.get('/api/config', (c) => c.json({ basemapStyleUrl: deps.config.basemapStyleUrl, mail: deps.mail !== null }));

	mountAuth(app, deps);
	mountMaps(app, deps);
	const readers = {
		store: deps.store,
		registry: deps.registry,
		// Anyone who may read the map may export it: members, and partners with a share link.
		authorizeRead: async (c: Context<AppEnv>, mapId: string) => {
			const access = await resolveMapAccess(deps.accounts, mapId, {
				user: c.get('session')?.user ?? null,
				shareToken: c.get('shareToken')
			});
			return isDenial(access) ? access : { hidden: access.hidden.now };
		},
		selectAgents
	};
	mountExport(app, readers);
	mountFirstView(app, { ...readers, minAgents: deps.config.firstViewMinAgents });
	const indicators = mountIndicators(app, deps);
	mountTargets(app, { ...deps, changed: (mapId) => indicators.forget(mapId) });
	mountActivity(app, deps);
	mountGeocode(app, { geocoderUrl: deps.config.geocoderUrl, timeoutMs: deps.config.geocoderTimeoutMs, version: deps.config.version });
	app.all('/api/*', (c) => c.json({ error: `No API route ${c.req.method} ${c.req.path}.` }, 404));

	mountCollab(app, deps);

	if (deps.pages) app.all('*', deps.pages);

	app.onError((error, c) => {
		if (error instanceof BadRequest) return c.json({ error: error.message }, error.status);
		log('error', 'unhandled error in a request', { path: c.req.path, error });
		return c.json({ error: 'Something went wrong on the server. Try again; if it persists, tell an operator.' }, 500);
	});
	return app;
}
