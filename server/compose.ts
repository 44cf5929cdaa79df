/** Builds Tejido's parts from a config: stores, sessions, rooms and the Hono app over them. */
import type { Handler } from 'hono';
import { join } from 'node:path';
import { WebSocketServer } from 'ws';
import { createAdminIfNoUsers } from './auth/bootstrap.ts';
import { createThrottles } from './auth/throttles.ts';
import { SessionManager } from './auth/sessions.ts';
import { RedisFanOut, connectRedis, type RedisConnections } from './collab/fanout-redis.ts';
import { LiveConnections } from './collab/live-connections.ts';
import { RoomRegistry } from './collab/room-registry.ts';
import { ProjectionWorker } from './collab/projection-worker.ts';
import type { ServerConfig } from './config.ts';
import { DEMO_MAP_ID, seedDemoIfEmpty } from './demo/seed-demo.ts';
import type { AppEnv } from './http/app-env.ts';
import { createApp } from './http/app.ts';
import { carryOverAllDocumentTargets } from './http/map-targets.ts';
import { log } from './log.ts';
import type { AccountStore } from './store/account-store.ts';
import type { DocumentStore } from './store/document-store.ts';
import { MailSender } from './mail/sender.ts';
import type { OutboxStore } from './store/outbox-store.ts';
import { PostgresOutboxStore } from './store/postgres-outbox-store.ts';
import { SqliteOutboxStore } from './store/sqlite-outbox-store.ts';
import { PostgresAccountStore } from './store/postgres-account-store.ts';
import { PostgresStore, openPostgres } from './store/postgres-store.ts';
import { SqliteAccountStore } from './store/sqlite-account-store.ts';
import { SqliteStore } from './store/sqlite-store.ts';

interface Stores {
	store: DocumentStore;
	accounts: AccountStore;
	outbox: OutboxStore;
	/** Runs first-start work once even when several processes start together. */
	bootstrap<T>(fn: () => Promise<T>): Promise<T>;
}

async function openStores(config: ServerConfig): Promise<Stores> {
	if (config.databaseUrl) {
		const store = new PostgresStore(await openPostgres(config.databaseUrl, { poolSize: config.databasePoolSize }));
		return { store, accounts: new PostgresAccountStore(store.pool), outbox: new PostgresOutboxStore(store.pool), bootstrap: (fn) => store.exclusively('bootstrap', fn) };
	}
	const store = new SqliteStore(join(config.dataDir, 'tejido.db'));
	return { store, accounts: new SqliteAccountStore(store.db), outbox: new SqliteOutboxStore(store.db), bootstrap: (fn) => fn() };
}

export async function composeTejido(config: ServerConfig, pages?: Handler<AppEnv>) {
	const { store, accounts, outbox, bootstrap } = await openStores(config);
	let redis: RedisConnections | undefined;
	try {
		redis = config.redisUrl ? await connectRedis(config.redisUrl) : undefined;
	} catch (error) {
		await store.close();
		throw error;
	}
	log('info', 'storage selected', { database: config.databaseUrl ? 'postgresql' : 'sqlite', fanout: redis ? 'redis' : 'none' });
	await bootstrap(async () => {
		const seeded = config.seedDemo && (await seedDemoIfEmpty(store));
		// Printed on stdout, not in the log: it is for the person who just started the server.
		const adminId = await createAdminIfNoUsers(accounts, (line) => console.log(line));
		if (seeded && adminId) await accounts.setMember(DEMO_MAP_ID, adminId, 'owner');
		// Every start, so that a deployment seeded when the demo was open to edits follows DEMO_ROLE.
		if (config.seedDemo && (await accounts.mapSettings(DEMO_MAP_ID))) await accounts.updateMap(DEMO_MAP_ID, { openRole: config.demoRole });
	});
	const sessions = new SessionManager(accounts);
	const throttles = createThrottles(config.limits, redis?.commands);
	const fanout = redis ? new RedisFanOut(redis) : undefined;
	const live = new LiveConnections(
		{
			perAccount: config.maxConnectionsPerAccount,
			perShare: config.maxConnectionsPerShare,
			perAddress: config.maxConnectionsPerAddress,
			perRoom: config.maxConnectionsPerRoom,
			memberReserved: config.memberReservedConnections,
			idleTimeoutMs: config.idleTimeoutMs
		},
		fanout
	);
	await live.start();
	const projection = new ProjectionWorker();
	const registry = new RoomRegistry(store, {
		compactEvery: config.compactEvery,
		graceMs: config.roomGraceMs,
		retryMs: 500,
		maxMapBytes: config.maxMapBytes,
		maxPendingBytes: config.maxPendingBytes,
		redact: projection.redact,
		fanout
	});
	// Before anyone connects: an editor must not get to write targets that would then be carried over.
	await carryOverAllDocumentTargets({ store, accounts, registry });
	// Without SMTP_URL there is no sender: the app shows links to copy instead.
	const mail = config.mail ? new MailSender(outbox, config.mail) : null;
	mail?.start();
	const app = createApp({ store, accounts, sessions, throttles, live, registry, config, mail, pages });
	// ws closes a connection whose message exceeds maxPayload with 1009, before we see it.
	const wss = new WebSocketServer({ noServer: true, maxPayload: config.maxMessageBytes });
	return {
		store,
		accounts,
		registry,
		app,
		wss,
		/** Drops every socket, stores what rooms hold, closes the database and Redis. */
		async close() {
			for (const client of wss.clients) client.terminate();
			await live.close();
			await mail?.close();
			await registry.closeAll();
			await projection.close();
			await fanout?.close();
			await redis?.close();
			await store.close();
		}
	};
}
