/**
 * Several server processes serving the same maps: PostgreSQL holds everything, Redis carries
 * updates and presence between the processes. Real processes (server/main.ts), a real
 * PostgreSQL and a real Redis on loopback, stock y-websocket clients.
 */
import fc from 'fast-check';
import { join } from 'node:path';
import pg from 'pg';
import { applyRandomEdit, randomEdit } from './random-edits.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { MemoryLoginThrottle, RedisLoginThrottle, type LoginThrottle } from '../../server/auth/login-throttle.ts';
import type { FanOut, FanOutMessage } from '../../server/collab/fanout.ts';
import { connectRedis } from '../../server/collab/fanout-redis.ts';
import { encodeUpdateMessage, type Connection } from '../../server/collab/protocol.ts';
import { Room } from '../../server/collab/room.ts';
import { SqliteStore } from '../../server/store/sqlite-store.ts';
import { Client } from './http-client.ts';
import {
	canonical,
	cleanupAfterEach,
	connectClient,
	sameState,
	sendRawUpdate,
	startServer,
	tempDataDir,
	waitFor,
	type ServerProcess,
	type TestClient
} from './harness.ts';
import { startPostgres, startRedis, type PostgresServer, type RedisServer } from './services.ts';

let postgres: PostgresServer;
let redis: RedisServer;
let databaseUrl = '';
const servers: ServerProcess[] = [];
let a: ServerProcess;
let b: ServerProcess;
let owner: Client;

const cleanups = cleanupAfterEach();

/** Starts one more server process on the shared database and Redis. */
async function startProcess(env: Record<string, string> = {}): Promise<ServerProcess> {
	const data = tempDataDir();
	const server = await startServer(data.dir, { DATABASE_URL: databaseUrl, REDIS_URL: redis.url, COMPACT_EVERY: '30', ...env });
	servers.push(server);
	server.process.once('exit', () => data.remove());
	return server;
}

beforeAll(async () => {
	[postgres, redis] = await Promise.all([startPostgres(), startRedis()]);
	databaseUrl = await postgres.createDatabase();
	// Both start on an empty database at once: it is migrated, seeded and given an admin once.
	[a, b] = await Promise.all([startProcess({ SEED_DEMO: '1' }), startProcess({ SEED_DEMO: '1' })]);
	owner = new Client(a.url);
	await owner.signUp('Owner');
});

afterAll(async () => {
	for (const server of servers) if (server.process.exitCode === null && server.process.signalCode === null) await server.stop();
	await Promise.all([postgres?.stop(), redis?.stop()]);
});

function client(server: ServerProcess, mapId: string, actor: string, cookie = owner.cookie): TestClient {
	const c = connectClient(server.wsUrl, mapId, actor, { cookie });
	cleanups.push(() => c.destroy());
	return c;
}

async function newMap(name = 'Compartido'): Promise<string> {
	const reply = await owner.post('/api/maps', { name });
	expect(reply.status).toBe(201);
	return (reply.body.map as { id: string }).id;
}

async function query<T extends Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
	const db = new pg.Client({ connectionString: databaseUrl });
	await db.connect();
	try {
		return (await db.query(sql, params)).rows as T[];
	} finally {
		await db.end();
	}
}


describe('two processes on PostgreSQL and Redis', () => {
	it('started together on an empty database, seed the demo and create the administrator once', async () => {
		const admins = servers.filter((s) => s.output().includes('An administrator account was created'));
		expect(admins).toHaveLength(1);
		expect(await query('SELECT id FROM maps WHERE id = $1', ['demo'])).toHaveLength(1);
		// An account made on one process signs in on the other: sessions live in PostgreSQL.
		const onB = new Client(b.url, owner.cookie);
		expect((await onB.get('/api/me')).status).toBe(200);
	});

	it('clients on both processes see each other’s edits, and each update is stored once', async () => {
		const mapId = await newMap();
		const onA = client(a, mapId, 'ana');
		const onB = client(b, mapId, 'beto');
		await Promise.all([onA.synced(), onB.synced()]);
		const fromA = onA.map.addAgent({ name: 'Universidad', position: [-74.08, 4.63] });
		await waitFor(() => onB.map.agent(fromA)?.name === 'Universidad', 'B sees A’s agent');
		const fromB = onB.map.addAgent({ name: 'Empresa', position: [-74.05, 4.66] });
		await waitFor(() => onA.map.agent(fromB) !== null, 'A sees B’s agent');
		onA.map.addLink({ from: fromA, to: fromB, kind: 'funding' });
		await waitFor(() => onB.map.links().length === 1, 'B sees A’s link');
		expect(sameState(onA.doc, onB.doc)).toBe(true);
		// The map's creation plus three edits; an update that arrived over Redis is not stored again.
		const rows = await query<{ n: string; distinct: string }>(
			'SELECT COUNT(*) AS n, COUNT(DISTINCT data) AS distinct FROM map_updates WHERE map_id = $1',
			[mapId]
		);
		expect(rows[0]).toEqual({ n: '4', distinct: '4' });
	});

	it('an update that can never be applied does not make the other process’s updates stored twice', async () => {
		const mapId = await newMap('Pendiente');
		const onA = client(a, mapId, 'ana');
		const onB = client(b, mapId, 'beto');
		await Promise.all([onA.synced(), onB.synced()]);
		// A modified client sends process A the second of two edits only: A keeps it waiting for
		// the first, which never comes.
		const forged = new Y.Doc();
		const updates: Uint8Array[] = [];
		forged.on('update', (update: Uint8Array) => updates.push(update));
		forged.getMap('agents').set('primero', 1);
		forged.getMap('agents').set('segundo', 2);
		await sendRawUpdate(a.wsUrl, mapId, owner.cookie, updates[1]);
		const stored = async () =>
			Number(
				(
					await query<{ n: string }>(
						'SELECT (SELECT COUNT(*) FROM map_updates WHERE map_id = $1) + (SELECT COUNT(*) FROM map_history WHERE map_id = $1) AS n',
						[mapId]
					)
				)[0].n
			);
		const before = await stored();
		for (const name of ['Uno', 'Dos', 'Tres']) onB.map.addAgent({ name, position: [-74.08, 4.63] });
		await waitFor(() => onA.map.agentCount() === 3, 'A’s client sees B’s three agents');
		// Time for a second copy to be stored, if A were to store what it received from B.
		await new Promise((resolve) => setTimeout(resolve, 500));
		expect(await stored()).toBe(before + 3);
		expect(sameState(onA.doc, onB.doc)).toBe(true);
	});

	it('random concurrent edits from clients on both processes converge', async () => {
		const mapId = await newMap('Aleatorio');
		const group = [client(a, mapId, 'a1'), client(a, mapId, 'a2'), client(b, mapId, 'b1'), client(b, mapId, 'b2')];
		await Promise.all(group.map((c) => c.synced()));
		const seed = group[0].map.addAgent({ name: 'seed', position: [-74, 4.6], id: 'seed' });
		await waitFor(() => group.every((c) => c.map.agent(seed) !== null), 'seed agent everywhere');

		const edit = randomEdit(group.length);
		await fc.assert(
			fc.asyncProperty(fc.array(edit, { minLength: 5, maxLength: 40 }), async (edits) => {
				for (const e of edits) applyRandomEdit(group[e.who].map, e, seed);
				await waitFor(() => group.every((c) => sameState(c.doc, group[0].doc)), 'all four documents identical', 20_000);
			}),
			{ numRuns: 12 }
		);
		// A client arriving later on either process gets the same document.
		const late = [client(a, mapId, 'late-a'), client(b, mapId, 'late-b')];
		await Promise.all(late.map((c) => c.synced()));
		await waitFor(() => late.every((c) => sameState(c.doc, group[0].doc)), 'late clients have everything');
	});

	it('presence is seen across processes, also by a process that opens the map later, and goes when a user leaves', async () => {
		const mapId = await newMap('Presencia');
		const ana = client(a, mapId, 'ana');
		await ana.synced();
		ana.provider.awareness.setLocalStateField('user', { name: 'Ana', pointer: [-74.1, 4.6] });
		// B opens the map only now: it asks A for the presence A's clients already published.
		const beto = client(b, mapId, 'beto');
		await beto.synced();
		// Presence is told apart by client id: the name shown is the account's, which both share.
		const sees = (observer: typeof ana, other: typeof ana) => observer.provider.awareness.getStates().get(other.doc.clientID)?.user !== undefined;
		await waitFor(() => sees(beto, ana), 'B’s client sees Ana without waiting for a renewal', 5_000);
		beto.provider.awareness.setLocalStateField('user', { name: 'Beto', pointer: [-74.2, 4.7] });
		await waitFor(() => sees(ana, beto), 'A’s client sees Beto', 5_000);
		ana.provider.awareness.setLocalStateField('user', { name: 'Ana', pointer: [-74.3, 4.8] });
		await waitFor(
			() => [...beto.provider.awareness.getStates().values()].some((s) => s.user?.pointer?.[0] === -74.3),
			'B’s client sees Ana’s pointer move'
		);
		ana.destroy();
		await waitFor(() => !sees(beto, ana), 'Ana’s presence goes when she leaves', 5_000);
	});

	it('a sign-out and a share revocation on one process close the sockets they covered on the other', async () => {
		const mapId = await newMap('Revocaciones');
		// A second session of the owner, signed in on A, connected to B; then signed out on A.
		const device = new Client(a.url);
		const email = String(((await owner.get('/api/me')).body.user as { email: string }).email);
		expect((await device.post('/api/auth/signin', { email, password: 'correct horse battery' })).status).toBe(200);
		const onB = client(b, mapId, 'device', device.cookie);
		const share = await owner.post(`/api/maps/${mapId}/shares`, {});
		const partner = connectClient(b.wsUrl, mapId, 'partner', { share: String(share.body.token) });
		cleanups.push(() => partner.destroy());
		await Promise.all([onB.synced(), partner.synced()]);
		const closeOf = (c: TestClient) =>
			new Promise<number>((resolve) => c.provider.once('connection-close', (event: { code: number } | null) => resolve(event?.code ?? 0)));
		const [signedOut, revoked] = [closeOf(onB), closeOf(partner)];
		expect((await device.post('/api/auth/signout')).status).toBe(200);
		expect(await signedOut).toBe(4401);
		expect((await owner.delete(`/api/maps/${mapId}/shares/${share.body.id}`)).status).toBe(200);
		expect(await revoked).toBe(4410);
	});

	it('a role change made on one process reconnects that member on the other with the new rights', async () => {
		const mapId = await newMap('Roles');
		const member = new Client(b.url);
		const { id: memberId } = await member.signUp('Miembro');
		const invitation = await owner.post(`/api/maps/${mapId}/invitations`, { role: 'editor' });
		expect((await member.post(`/api/invitations/${invitation.body.token}/accept`)).status).toBe(200);
		const onB = client(b, mapId, 'member', member.cookie);
		const onA = client(a, mapId, 'owner');
		await Promise.all([onA.synced(), onB.synced()]);
		const before = onB.map.addAgent({ name: 'como editor', position: [-74, 4.6] });
		await waitFor(() => onA.map.agent(before) !== null, 'the editor’s edit arrives');

		const closed = new Promise<number>((resolve) =>
			onB.provider.once('connection-close', (event: { code: number } | null) => resolve(event?.code ?? 0))
		);
		expect((await owner.patch(`/api/maps/${mapId}/members/${memberId}`, { role: 'viewer' })).status).toBe(200);
		expect(await closed).toBe(4403);
		// y-websocket treats 44xx closes as final; the app reconnects after checking its rights.
		onB.provider.connect();
		await waitFor(() => onB.provider.synced, 'the member reconnects');
		const after = onB.map.addAgent({ name: 'como lector', position: [-74, 4.7] });
		const marker = onA.map.addAgent({ name: 'marcador', position: [-74.1, 4.7] });
		await waitFor(() => onB.map.agent(marker) !== null, 'the owner’s marker reaches the member');
		await new Promise((resolve) => setTimeout(resolve, 200));
		expect(onA.map.agent(after)).toBeNull();
	});

	it('SIGKILL of one process while clients on both edit: its clients move to the other and nothing seen is lost', async () => {
		const mapId = await newMap('Caída');
		const doomed = await startProcess();
		const writers = [client(doomed, mapId, 'writer-c'), client(b, mapId, 'writer-b')];
		const watchers = [client(doomed, mapId, 'watcher-c'), client(b, mapId, 'watcher-b')];
		await Promise.all([...writers, ...watchers].map((c) => c.synced()));
		const seen = new Set<string>();
		/** Per watcher, agents it saw from the writer on the other process. */
		const crossed = [new Set<string>(), new Set<string>()];
		watchers.forEach((watcher, w) => {
			watcher.map.observe(() => {
				for (const id of watcher.map.ids('agents')) {
					seen.add(id);
					if (watcher.map.agent(id)?.name.startsWith(`w${1 - w} `)) crossed[w].add(id);
				}
			});
		});

		let streaming = true;
		const made = [0, 0];
		const streams = writers.map(async (writer, w) => {
			while (streaming) {
				writer.map.addAgent({ name: `w${w} ${made[w]}`, position: [-74.1 + w / 10, 4.6 + (made[w] % 100) / 1000] });
				made[w]++;
				await new Promise((resolve) => setTimeout(resolve, 3));
			}
		});
		await waitFor(
			() => seen.size >= 150 && crossed.every((ids) => ids.size >= 50),
			'each watcher saw a good part of the other process’s stream',
			20_000
		);
		await doomed.kill();
		const seenAtKill = new Set(seen);
		await new Promise((resolve) => setTimeout(resolve, 100));
		streaming = false;
		await Promise.all(streams);

		// The dead process's clients get a new provider on the live one, with the same document.
		const moved = [writers[0], watchers[0]].map((old) => {
			old.provider.awareness.destroy();
			old.provider.destroy();
			const again = connectClient(b.wsUrl, mapId, 'moved', { cookie: owner.cookie, doc: old.doc });
			// The old client's cleanup destroys the shared document; this one only its provider.
			cleanups.push(() => {
				again.provider.awareness.destroy();
				again.provider.destroy();
			});
			return again;
		});
		const everyone = [...moved, writers[1], watchers[1]];
		const total = made[0] + made[1];
		await waitFor(
			() => everyone.every((c) => c.map.agentCount() === total && sameState(c.doc, everyone[0].doc)),
			'every client converges on every edit made',
			30_000
		);
		const all = new Set(everyone[0].map.ids('agents'));
		expect(seenAtKill.size).toBeGreaterThanOrEqual(150);
		expect([...seenAtKill].filter((id) => !all.has(id))).toEqual([]);

		// And the database has it all: a process started now loads it from PostgreSQL.
		const fresh = await startProcess();
		const reader = client(fresh, mapId, 'reader');
		await reader.synced();
		await waitFor(() => canonical(reader.doc) === canonical(everyone[0].doc), 'a new process serves everything');
		await fresh.stop();
	});

	it('a Redis restart loses no edit: each process re-reads its open maps from PostgreSQL', async () => {
		const mapId = await newMap('Sin Redis');
		const onA = client(a, mapId, 'ana');
		const onB = client(b, mapId, 'beto');
		await Promise.all([onA.synced(), onB.synced()]);
		const port = Number(new URL(redis.url).port);
		await redis.stop();
		// Stored by each process, but with no way to reach the other one.
		const whileDown = [
			onA.map.addAgent({ name: 'sin Redis en A', position: [-74, 4.6] }),
			onB.map.addAgent({ name: 'sin Redis en B', position: [-74.1, 4.6] })
		];
		await new Promise((resolve) => setTimeout(resolve, 300));
		redis = await startRedis({ port });
		await waitFor(
			() => whileDown.every((id) => onA.map.agent(id) !== null && onB.map.agent(id) !== null) && sameState(onA.doc, onB.doc),
			'both clients have both edits once Redis is back',
			20_000
		);
		await waitFor(() => [a, b].every((s) => s.output().includes('Redis subscriber reconnected')), 'both processes re-read the map');
		const after = onA.map.addAgent({ name: 'con Redis otra vez', position: [-74.2, 4.6] });
		await waitFor(() => onB.map.agent(after) !== null, 'live fan-out works again');
	});

	// Last: it leaves this address throttled in Redis for the rest of the window.
	it('login throttling counts failures on every process together', async () => {
		const target = new Client(a.url);
		const { email } = await target.signUp('Objetivo');
		const statuses: number[] = [];
		for (let i = 0; i < 12; i++) {
			const via = new Client(i % 2 === 0 ? a.url : b.url);
			statuses.push((await via.post('/api/auth/signin', { email, password: 'wrong password 123' })).status);
		}
		expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
		expect(statuses.slice(10)).toEqual([429, 429]);
		for (const server of [a, b]) {
			const reply = await new Client(server.url).post('/api/auth/signin', { email, password: 'correct horse battery' });
			expect(reply.status).toBe(429);
		}
	});
});

describe('a room’s rules for what comes from other processes', () => {
	/** Stands in for Redis, to stage one exact interleaving that real processes hit only by chance. */
	class StagedFanOut implements FanOut {
		listener: ((message: FanOutMessage) => void) | null = null;
		published: FanOutMessage[] = [];
		async subscribe(_mapId: string, listener: (message: FanOutMessage) => void) {
			this.listener = listener;
			return async () => {
				this.listener = null;
			};
		}
		publish(_mapId: string, message: FanOutMessage) {
			this.published.push(message);
		}
		onReconnect() {}
		async close() {}
	}

	it('stores a client’s update that was waiting for a dependency another process published', async () => {
		const data = tempDataDir();
		cleanups.push(data.remove);
		const store = new SqliteStore(join(data.dir, 'tejido.db'));
		cleanups.push(() => store.close());
		await store.createMap({ id: 'm', name: 'M', createdAt: 1 });
		const fanout = new StagedFanOut();
		const room = new Room('m', store, { compactEvery: 1000, retryMs: 10, fanout });
		cleanups.push(() => room.close());
		await room.ready;
		const connection: Connection = { id: 'c', actor: 'user:x', canWrite: true, send: () => {}, close: () => {} };
		room.join(connection);

		// The client's second edit depends on its first (the next clock of the same client).
		const client = new Y.Doc();
		const updates: Uint8Array[] = [];
		client.on('update', (u: Uint8Array) => updates.push(u));
		client.getMap('agents').set('first', 1);
		client.getMap('agents').set('second', 2);
		// The second reaches this process first; the first arrives through the fan-out (another
		// process stored it), and lets the second integrate in that same transaction.
		room.receive(connection, encodeUpdateMessage(updates[1]));
		await new Promise((resolve) => setTimeout(resolve, 20));
		fanout.listener!({ kind: 'update', payload: updates[0] });
		await waitFor(() => room.doc.getMap('agents').get('second') === 2, 'both edits integrated');

		// Stored: the first edit (from the other process's store) plus this store's rows hold both.
		const storedHere = async () => {
			const check = new Y.Doc();
			Y.applyUpdate(check, updates[0]);
			for (const { update } of (await store.loadDocument('m')).updates) Y.applyUpdate(check, update);
			return check.getMap('agents').get('second');
		};
		for (let i = 0; i < 50 && (await storedHere()) !== 2; i++) await new Promise((resolve) => setTimeout(resolve, 20));
		expect(await storedHere()).toBe(2);
		// And the other processes are told too: they lack the second edit.
		expect(fanout.published.some((m) => m.kind === 'update')).toBe(true);
	});
});

describe('login throttle', () => {
	it('in Redis keeps the same sliding window as in memory', async () => {
		const connections = await connectRedis(redis.url);
		cleanups.push(() => connections.close());
		const options = { maxFailures: 3, windowMs: 1000 };
		const throttles: LoginThrottle[] = [
			new MemoryLoginThrottle(options),
			new RedisLoginThrottle(connections.commands, options, `test:${Date.now()}:`)
		];
		const results = [];
		for (const throttle of throttles) {
			const seen: number[] = [];
			for (const at of [0, 100, 200]) {
				seen.push(await throttle.retryAfter('account:a', at));
				await throttle.fail('account:a', at);
			}
			seen.push(await throttle.retryAfter('account:a', 250), await throttle.retryAfter('account:b', 250));
			seen.push(await throttle.retryAfter('account:a', 1001));
			await throttle.fail('account:a', 1001);
			seen.push(await throttle.retryAfter('account:a', 1050));
			await throttle.succeed('account:a');
			seen.push(await throttle.retryAfter('account:a', 1060));
			results.push(seen);
		}
		expect(results[0]).toEqual([0, 0, 0, 750, 0, 0, 50, 0]);
		expect(results[1]).toEqual(results[0]);
	});
});
