/**
 * Edit propagation across two server processes (issue 9's scale-out): the stored map is
 * copied into a throwaway PostgreSQL with the project's migration command, two servers share
 * it and a throwaway Redis, the stock editing client is on process A and every receiving
 * client on process B, so each edit is stored in PostgreSQL by A, published on Redis and
 * fanned out by B. PostgreSQL and Redis are the Debian servers the server tests start
 * (tests/server/services.ts); without them this part says why it did not run.
 */
import { join } from 'node:path';
import { migrateSqliteToPostgres } from '../scripts/migrate-sqlite-to-postgres.ts';
import { startPostgres, startRedis, type PostgresServer, type RedisServer } from '../tests/server/services.ts';
import { agentPicker } from './edits.ts';
import { cpuSeconds } from './proc.ts';
import { connectRawClient, type RawClient } from './raw-client.ts';
import { Fanout, propagate, SERVER_ENV } from './server-bench.ts';
import { startBenchServer, type BenchServer } from './server-process.ts';
import { distribution, type Distribution } from './stats.ts';
import { syncStockClient, type StockClient } from './stock-client.ts';
import type { StoredMap } from './stored-map.ts';

export interface ScaleOutOptions {
	dataDir: string;
	clients: number;
	edits: number;
	editGapMs: number;
	timeoutMs: number;
	log: (message: string) => void;
}

export interface ScaleOutFigures {
	what: string;
	/** Copying the SQLite database into PostgreSQL (the migration command, verified). */
	migrateMs: number;
	clients: number;
	edits: number;
	toAllMs: Distribution;
	lost: number;
	/** Both processes together, in cores (1 = one core busy) while the edits ran. */
	serverCpuCores: number;
}

export async function benchScaleOut(stored: StoredMap, options: ScaleOutOptions): Promise<ScaleOutFigures> {
	const { log } = options;
	let postgres: PostgresServer | null = null;
	let redis: RedisServer | null = null;
	const servers: BenchServer[] = [];
	const receivers: RawClient[] = [];
	let editor: StockClient | null = null;
	try {
		log('two processes: starting PostgreSQL and Redis, copying the map');
		[postgres, redis] = await Promise.all([startPostgres(), startRedis()]);
		const databaseUrl = await postgres.createDatabase();
		const t0 = performance.now();
		await migrateSqliteToPostgres(join(options.dataDir, 'tejido.db'), databaseUrl, () => {});
		const migrateMs = performance.now() - t0;
		const env = { ...SERVER_ENV, DATABASE_URL: databaseUrl, REDIS_URL: redis.url };
		for (let i = 0; i < 2; i++) servers.push(await startBenchServer({ dataDir: options.dataDir, pages: false, env }));
		const [a, b] = servers;

		const connect = { cookie: stored.cookie, timeoutMs: options.timeoutMs };
		editor = (await syncStockClient(a.wsUrl, stored.mapId, 'bench-two-editor', connect)).client;
		log(`two processes: connecting ${options.clients - 1} receiving clients to the second`);
		for (let i = 0; i < options.clients - 1; i++) {
			receivers.push(await connectRawClient(b.wsUrl, stored.mapId, `bench-two-${String(i).padStart(2, '0')}`, connect));
		}

		log(`two processes: ${options.edits} edits`);
		const cpu0 = cpuSeconds(a.pid) + cpuSeconds(b.pid);
		const started = performance.now();
		const result = await propagate(editor, new Fanout(receivers), agentPicker(stored.agentIds, 11), options.edits, options.editGapMs, options.timeoutMs);
		const wallSeconds = (performance.now() - started) / 1000;
		const cpu = cpuSeconds(a.pid) + cpuSeconds(b.pid) - cpu0;
		return {
			what: 'editor on process A, receivers on process B; PostgreSQL store, Redis pub/sub between them',
			migrateMs,
			clients: receivers.length + 1,
			edits: options.edits,
			toAllMs: distribution(result.toAll),
			lost: result.lost,
			serverCpuCores: cpu / wallSeconds
		};
	} finally {
		for (const receiver of receivers) receiver.close();
		editor?.destroy();
		for (const server of servers) await server.stop(10_000);
		await redis?.stop();
		await postgres?.stop();
	}
}
