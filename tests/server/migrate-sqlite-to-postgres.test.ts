/**
 * The SQLite → PostgreSQL migration command on a real deployment's file: a server seeds the
 * demo map on SQLite and people use it; the command copies it into a real PostgreSQL; a server
 * on PostgreSQL then serves the same agents, links, members, update log, accounts and sessions.
 */
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { MapDocument } from '../../src/lib/model/index.ts';
import { PostgresAccountStore } from '../../server/store/postgres-account-store.ts';
import { PostgresStore, openPostgres } from '../../server/store/postgres-store.ts';
import { SqliteAccountStore } from '../../server/store/sqlite-account-store.ts';
import { SqliteStore } from '../../server/store/sqlite-store.ts';
import { PostgresOutboxStore } from '../../server/store/postgres-outbox-store.ts';
import { SqliteOutboxStore } from '../../server/store/sqlite-outbox-store.ts';
import { Client } from './http-client.ts';
import { canonical, connectClient, startServer, tempDataDir, waitFor, type ServerProcess, type TestClient } from './harness.ts';
import { startPostgres, type PostgresServer } from './services.ts';

const ROOT = resolve(import.meta.dirname, '../..');
let postgres: PostgresServer;
const data = tempDataDir();
const file = join(data.dir, 'tejido.db');
const sockets: TestClient[] = [];
let server: ServerProcess | undefined;

beforeAll(async () => {
	postgres = await startPostgres();
});

afterAll(async () => {
	for (const socket of sockets) socket.destroy();
	await server?.stop();
	await postgres?.stop();
	data.remove();
});

function migrate(url: string): Promise<{ code: number | null; output: string }> {
	return new Promise((done) => {
		const child = spawn(process.execPath, ['scripts/migrate-sqlite-to-postgres.ts', '--from', file], {
			cwd: ROOT,
			env: { ...process.env, DATABASE_URL: url },
			stdio: ['ignore', 'pipe', 'pipe']
		});
		let output = '';
		child.stdout.on('data', (chunk) => (output += chunk));
		child.stderr.on('data', (chunk) => (output += chunk));
		child.once('exit', (code) => done({ code, output }));
	});
}

async function synced(wsUrl: string, mapId: string, cookie: string): Promise<TestClient> {
	const c = connectClient(wsUrl, mapId, 'checker', { cookie });
	sockets.push(c);
	await c.synced();
	return c;
}

/** Everything the migration must carry, read through the store interfaces. */
async function snapshotOf(store: SqliteStore | PostgresStore, accounts: SqliteAccountStore | PostgresAccountStore, userIds: string[]) {
	const maps = await store.listMaps();
	const perMap = [];
	for (const map of maps) {
		perMap.push({
			map,
			settings: await accounts.mapSettings(map.id),
			document: await store.loadDocument(map.id),
			members: await accounts.listMembers(map.id),
			invitations: await accounts.listLinks('invitation', map.id),
			targets: await accounts.targets(map.id),
			documentTargetsPending: await accounts.documentTargetsPending(map.id),
			shares: await accounts.listLinks('share', map.id)
		});
	}
	const users = [];
	for (const id of userIds) users.push(await accounts.userById(id));
	return { users, userCount: await accounts.countUsers(), perMap };
}

describe('migrating a SQLite deployment into PostgreSQL', () => {
	it('carries every agent, link, member, update, account and session, and refuses a second run', async () => {
		// A SQLite deployment: the demo map, an administrator, an editor and a second map.
		server = await startServer(data.dir, { SEED_DEMO: '1' });
		const password = /password:\s+(\S+)/.exec(server.output())![1];
		const admin = new Client(server.url);
		const adminEmail = /email:\s+(\S+)/.exec(server.output())![1];
		expect((await admin.post('/api/auth/signin', { email: adminEmail, password })).status).toBe(200);
		const editor = new Client(server.url);
		const { id: editorId } = await editor.signUp('Editora');
		const invitation = await admin.post('/api/maps/demo/invitations', { role: 'editor' });
		expect((await editor.post(`/api/invitations/${invitation.body.token}/accept`)).status).toBe(200);
		await admin.post('/api/maps/demo/shares', {});
		const second = await admin.post('/api/maps', { name: 'Segundo mapa', template: 's3' });
		const secondId = (second.body.map as { id: string }).id;
		const target = { label: 'Meta migrada', kinds: ['agreement'], goal: 5, until: '2027-12-31' };
		expect((await admin.post(`/api/maps/${secondId}/targets`, target)).status).toBe(201);

		const live = await synced(server.wsUrl, 'demo', editor.cookie);
		const agent = live.map.addAgent({ name: 'Agregada antes de migrar', position: [-74.07, 4.62] });
		live.map.addLink({ from: agent, to: live.map.ids('agents')[0], kind: 'agreement' });
		const watcher = await synced(server.wsUrl, 'demo', admin.cookie);
		await waitFor(() => watcher.map.agent(agent) !== null && canonical(watcher.doc) === canonical(live.doc), 'the edit is stored');
		const adminId = ((await admin.get('/api/me')).body.user as { id: string }).id;
		await server.stop();
		server = undefined;

		// A log with both a snapshot (made when the server closed the map) and later updates.
		const sqlite = new SqliteStore(file);
		const later = new MapDocument(new Y.Doc(), 'late');
		const updates: Uint8Array[] = [];
		later.doc.on('update', (u: Uint8Array) => updates.push(u));
		later.addAgent({ name: 'Escrita después del cierre', position: [-74.1, 4.7] });
		await sqlite.appendUpdate('demo', updates[0], 'user:late');
		// A map whose document's targets are still to be carried over stays so.
		sqlite.db.exec("UPDATE maps SET document_targets_pending = 1 WHERE id = 'demo'");
		// An email not delivered yet and a reset link not used yet go along.
		const inOneHour = Date.now() + 3_600_000;
		const queued = await new SqliteOutboxStore(sqlite.db).enqueue({ to: 'x@example.org', subject: 'S', text: 'T', html: '<p>T</p>', expiresAt: inOneHour });
		const reset = { id: 'reset-1', userId: editorId, secretHash: new Uint8Array(32).fill(5), createdAt: Date.now(), expiresAt: inOneHour };
		await new SqliteAccountStore(sqlite.db).createPasswordReset(reset);
		const before = await snapshotOf(sqlite, new SqliteAccountStore(sqlite.db), [adminId, editorId]);
		await sqlite.close();
		const demoBefore = before.perMap.find((m) => m.map.id === 'demo')!;
		expect(demoBefore.document.snapshot).not.toBeNull();
		expect(demoBefore.document.updates.length).toBeGreaterThan(0);
		const expectedDemo = new MapDocument(new Y.Doc());
		Y.applyUpdate(expectedDemo.doc, demoBefore.document.snapshot!);
		for (const { update } of demoBefore.document.updates) Y.applyUpdate(expectedDemo.doc, update);
		expect(expectedDemo.agentCount()).toBe(165 + 2);
		expect(demoBefore.documentTargetsPending).toBe(true);
		expect(before.perMap.find((m) => m.map.id === secondId)!.targets.map((t) => t.label)).toEqual(['Meta migrada']);

		const url = await postgres.createDatabase();
		const first = await migrate(url);
		expect(first.output).not.toMatch(/MISMATCH/);
		expect(first.code).toBe(0);
		expect(first.output).toMatch(/ok\s+map_updates\s+\d+ → \d+ rows/);

		// Row for row, through the store interfaces: maps, settings, snapshots, every update
		// (number, bytes, actor, time), members, links, accounts.
		const pool = await openPostgres(url, { poolSize: 2 });
		const store = new PostgresStore(pool);
		try {
			const after = await snapshotOf(store, new PostgresAccountStore(pool), [adminId, editorId]);
			expect(after).toEqual(before);
			expect((await new PostgresOutboxStore(pool).claim(Date.now(), 1000, 10)).map((m) => [m.id, m.to])).toEqual([[queued, 'x@example.org']]);
			expect(await new PostgresAccountStore(pool).getPasswordReset('reset-1')).toEqual(reset);
			expect(after.perMap.map((m) => m.map.id).sort()).toEqual(['demo', secondId].sort());
			// New updates are numbered above the copied ones.
			const seq = await store.appendUpdate(secondId, updates[0], 'user:probe');
			const highest = Math.max(...before.perMap.flatMap((m) => [m.document.snapshotSeq, ...m.document.updates.map((u) => u.seq)]));
			expect(seq).toBeGreaterThan(highest);
		} finally {
			await store.close();
		}

		// A server on PostgreSQL: the same password signs in, the old session cookie still works,
		// and the demo map has every agent and link.
		const pgData = tempDataDir();
		server = await startServer(pgData.dir, { DATABASE_URL: url });
		server.process.once('exit', () => pgData.remove());
		const adminAgain = new Client(server.url);
		expect((await adminAgain.post('/api/auth/signin', { email: adminEmail, password })).status).toBe(200);
		const members = await adminAgain.get('/api/maps/demo/members');
		expect(members.body.members).toEqual(demoBefore.members);
		const reader = await synced(server.wsUrl, 'demo', editor.cookie);
		expect(canonical(reader.doc)).toBe(expectedDemo.toCanonicalJSON());
		expect(reader.map.agents().map((a) => a.id).sort()).toEqual(expectedDemo.agents().map((a) => a.id).sort());
		const byId = <T extends { id: string }>(items: T[]) => [...items].sort((x, y) => (x.id < y.id ? -1 : 1));
		expect(byId(reader.map.links())).toEqual(byId(expectedDemo.links()));
		expect(reader.map.agent(agent)?.name).toBe('Agregada antes de migrar');

		// Into a database that is no longer empty, the command refuses and changes nothing.
		const again = await migrate(url);
		expect(again.code).toBe(1);
		expect(again.output).toMatch(/already holds users or maps/);
	});
});
