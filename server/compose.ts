/** Builds Tejido's parts from a config: the store, the rooms and the Hono app over them. */
import type { Handler } from 'hono';
import { join } from 'node:path';
import { WebSocketServer } from 'ws';
import { RoomRegistry } from './collab/room-registry.ts';
import type { ServerConfig } from './config.ts';
import { seedDemoIfEmpty } from './demo/seed-demo.ts';
import type { AppEnv } from './http/app-env.ts';
import { createApp } from './http/app.ts';
import { SqliteStore } from './store/sqlite-store.ts';

export async function composeTejido(config: ServerConfig, pages?: Handler<AppEnv>) {
	const store = new SqliteStore(join(config.dataDir, 'tejido.db'));
	if (config.seedDemo) await seedDemoIfEmpty(store);
	const registry = new RoomRegistry(store, {
		compactEvery: config.compactEvery,
		graceMs: config.roomGraceMs,
		retryMs: 500
	});
	const app = createApp({ store, registry, config, pages });
	// ws closes a connection whose message exceeds maxPayload with 1009, before we see it.
	const wss = new WebSocketServer({ noServer: true, maxPayload: config.maxMessageBytes });
	return {
		store,
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
