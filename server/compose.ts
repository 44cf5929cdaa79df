/** Builds Tejido's parts from a config: stores, sessions, rooms and the Hono app over them. */
import type { Handler } from 'hono';
import { join } from 'node:path';
import { WebSocketServer } from 'ws';
import { createAdminIfNoUsers } from './auth/bootstrap.ts';
import { LoginThrottle } from './auth/login-throttle.ts';
import { SessionManager } from './auth/sessions.ts';
import { RoomRegistry } from './collab/room-registry.ts';
import type { ServerConfig } from './config.ts';
import { DEMO_MAP_ID, seedDemoIfEmpty } from './demo/seed-demo.ts';
import type { AppEnv } from './http/app-env.ts';
import { createApp } from './http/app.ts';
import { SqliteAccountStore } from './store/sqlite-account-store.ts';
import { SqliteStore } from './store/sqlite-store.ts';

export async function composeTejido(config: ServerConfig, pages?: Handler<AppEnv>) {
	const store = new SqliteStore(join(config.dataDir, 'tejido.db'));
	const accounts = new SqliteAccountStore(store.db);
	const seeded = config.seedDemo && (await seedDemoIfEmpty(store));
	// Printed on stdout, not in the log: it is for the person who just started the server.
	const adminId = await createAdminIfNoUsers(accounts, (line) => console.log(line));
	if (seeded) {
		// The demo is open to every account as editor, so a new user can try Tejido at once.
		await accounts.updateMap(DEMO_MAP_ID, { openRole: 'editor' });
		if (adminId) await accounts.setMember(DEMO_MAP_ID, adminId, 'owner');
	}
	const sessions = new SessionManager(accounts);
	const throttle = new LoginThrottle();
	const registry = new RoomRegistry(store, {
		compactEvery: config.compactEvery,
		graceMs: config.roomGraceMs,
		retryMs: 500
	});
	const app = createApp({ store, accounts, sessions, throttle, registry, config, pages });
	// ws closes a connection whose message exceeds maxPayload with 1009, before we see it.
	const wss = new WebSocketServer({ noServer: true, maxPayload: config.maxMessageBytes });
	return {
		store,
		accounts,
		registry,
		app,
		wss,
		/** Drops every socket, stores what rooms hold, closes the database. */
		async close() {
			for (const client of wss.clients) client.terminate();
			await registry.closeAll();
			await store.close();
		}
	};
}
