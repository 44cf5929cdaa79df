/**
 * When the disk fails, nothing is lost silently:
 * - a data directory that cannot be written (under a file, read-only, or a full disk) stops
 *   the server at start with a clear error and a non-zero exit code;
 * - when writes start failing while people edit (the disk fills up), the room keeps the edits
 *   in memory, retries, and tells every client that edits are not being saved; peers receive
 *   only what is stored; when the disk has room again the status clears and everything is
 *   stored (it survives a SIGKILL right after);
 * - a damaged snapshot row closes that map with a clear reason, while other maps, the export
 *   of the healthy ones and the process keep working.
 *
 * "Disk full" is made real without privileges: `prlimit` lowers the running server's
 * file-size limit (RLIMIT_FSIZE), so every write to its database fails with EFBIG, exactly
 * where a full disk fails with ENOSPC. A read-only directory is a read-only bind mount in a
 * private mount namespace of the server process (skipped where namespaces are not allowed).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { SERVER_STATUS_FIELD, type ServerStatus } from '../../server/collab/protocol.ts';
import { SqliteStore } from '../../server/store/sqlite-store.ts';
import { MapDocument } from '../../src/lib/model/index.ts';
import {
	cleanupAfterEach,
	closeOf,
	connectClient,
	createMaps,
	failedStart,
	health,
	startServer,
	tempDataDir,
	waitFor,
	type ServerProcess,
	type TestClient
} from './harness.ts';

const cleanups = cleanupAfterEach();
const track = cleanups.track;


/** Makes every write of the process to a regular file fail (EFBIG), or lets them work again. */
function diskFull(pid: number, full: boolean): void {
	execFileSync('prlimit', ['--pid', String(pid), `--fsize=${full ? 1 : 'unlimited'}:`]);
}

/** The saving status the server publishes in its presence state, as `client` sees it. */
function savingStatus(client: TestClient): ServerStatus | null {
	for (const state of client.provider.awareness.getStates().values()) {
		const status = state?.[SERVER_STATUS_FIELD] as ServerStatus | undefined;
		if (status) return status;
	}
	return null;
}

const mountNamespaces = spawnSync('unshare', ['-m', '--propagation', 'private', 'true']).status === 0;

describe('a data directory that cannot be written stops the server at start', () => {
	function expectRefusal({ code, output }: { code: number | null; output: string }, reason: RegExp): void {
		expect(code, output).not.toBe(0);
		expect(code, output).not.toBeNull();
		expect(output).not.toMatch(/running at/);
		expect(output).toMatch(/ERROR Tejido could not start/);
		expect(output).toMatch(reason);
	}

	it('DATA_DIR under a regular file', async () => {
		const data = tempDataDir();
		cleanups.push(data.remove);
		writeFileSync(join(data.dir, 'not-a-directory'), '');
		expectRefusal(await failedStart(join(data.dir, 'not-a-directory', 'data')), /ENOTDIR|not a directory/);
	});

	it.skipIf(!mountNamespaces)('a read-only DATA_DIR (even for root)', async () => {
		const data = tempDataDir();
		cleanups.push(data.remove);
		// A private mount namespace: the read-only bind mount exists only for the server process.
		const wrap = ['unshare', '-m', '--propagation', 'private', 'sh', '-c', 'mount -o bind,ro "$0" "$0" && exec "$@"', data.dir];
		expectRefusal(await failedStart(data.dir, {}, { wrap }), /unable to open database file|read-?only/i);
	});

	it('a full disk (no byte can be written)', async () => {
		const data = tempDataDir();
		cleanups.push(data.remove);
		expectRefusal(await failedStart(data.dir, {}, { wrap: ['prlimit', '--fsize=1:'] }), /disk I\/O error|disk is full|EFBIG/i);
	});
});

describe('the disk fills up while people edit', () => {
	it('tells every client, keeps the edits, and stores them once it can write again', async () => {
		const data = tempDataDir();
		cleanups.push(data.remove);
		const cookie = await createMaps(data.dir, ['m']);
		let server = await startServer(data.dir);
		let serverStopped = false;
		cleanups.push(() => (serverStopped ? undefined : server.stop()));
		const a = track(connectClient(server.wsUrl, 'm', 'ana', { cookie }));
		const b = track(connectClient(server.wsUrl, 'm', 'beto', { cookie }));
		await Promise.all([a.synced(), b.synced()]);
		const before = a.map.addAgent({ name: 'Antes del disco lleno', position: [-74.08, 4.6] });
		await waitFor(() => b.map.agent(before) !== null, 'B sees the first edit');
		expect(savingStatus(a)).toBeNull();

		diskFull(server.process.pid!, true);
		cleanups.push(() => {
			if (!serverStopped) diskFull(server.process.pid!, false);
		});
		const during = Array.from({ length: 5 }, (_, i) =>
			a.map.addAgent({ name: `Con el disco lleno ${i}`, position: [-74.1, 4.6 + i / 100] })
		);
		await waitFor(() => savingStatus(b)?.saving === 'failing', 'B is told that edits are not being saved');
		await waitFor(() => savingStatus(a)?.saving === 'failing', 'A, who made the edits, is told too');
		expect(savingStatus(b)!.unsaved).toBeGreaterThan(0);
		// Someone who opens the map now is told at once.
		const late = track(connectClient(server.wsUrl, 'm', 'carla', { cookie }));
		await late.synced();
		await waitFor(() => savingStatus(late)?.saving === 'failing', 'a client joining during the outage is told');
		// Peers receive only what is stored: B has none of the unsaved edits.
		await new Promise((r) => setTimeout(r, 300));
		expect(during.filter((id) => b.map.agent(id) !== null)).toEqual([]);
		expect(server.output()).toMatch(/ERROR could not store an update; retrying map="m"/);
		expect((await health(server.url)).status).toBe('ok');

		diskFull(server.process.pid!, false);
		await waitFor(
			() => savingStatus(b) === null && during.every((id) => b.map.agent(id) !== null),
			'the status clears and B receives every edit made during the outage',
			20_000
		);
		await waitFor(() => savingStatus(a) === null && savingStatus(late) === null, 'the status clears for everyone');
		expect(server.output()).toMatch(/storing updates works again map="m"/);

		// Stored for real: SIGKILL, restart, and a fresh client has every edit.
		await server.kill();
		serverStopped = true;
		server = await startServer(data.dir);
		serverStopped = false;
		const fresh = track(connectClient(server.wsUrl, 'm', 'fresh', { cookie }));
		await fresh.synced();
		expect([before, ...during].filter((id) => fresh.map.agent(id) === null)).toEqual([]);
	});
});

describe('a damaged snapshot row', () => {
	let server: ServerProcess;
	let cookie = '';
	const data = tempDataDir();

	/** Stores a map of `count` agents and compacts it, so it lives in a snapshot row. */
	async function storeCompacted(store: SqliteStore, mapId: string, count: number): Promise<void> {
		const doc = new Y.Doc();
		const map = new MapDocument(doc, 'seed');
		for (let i = 0; i < count; i++) {
			map.addAgent({ name: `Agente ${i}`, position: [-74.1 + i / 1000, 4.6], description: 'texto '.repeat(20) });
		}
		await store.appendUpdate(mapId, Y.encodeStateAsUpdate(doc), 'seed');
		doc.destroy();
		expect(await store.compact(mapId, Number.MAX_SAFE_INTEGER)).toBe(1);
	}

	beforeAll(async () => {
		cookie = await createMaps(data.dir, ['good', 'garbled', 'truncated']);
		const store = new SqliteStore(join(data.dir, 'tejido.db'));
		for (const id of ['good', 'garbled', 'truncated']) await storeCompacted(store, id, 40);
		await store.close();
		// Damage as a bad disk or a bad manual edit leaves it: bytes overwritten, or cut short.
		const db = new DatabaseSync(join(data.dir, 'tejido.db'));
		const read = db.prepare('SELECT data FROM map_snapshots WHERE map_id = ?');
		const write = db.prepare('UPDATE map_snapshots SET data = ? WHERE map_id = ?');
		const garbled = new Uint8Array((read.get('garbled') as { data: Uint8Array }).data);
		garbled.fill(0xff, 100, 160);
		write.run(garbled, 'garbled');
		const truncated = new Uint8Array((read.get('truncated') as { data: Uint8Array }).data);
		write.run(truncated.slice(0, truncated.length >> 1), 'truncated');
		db.close();
		server = await startServer(data.dir);
	});

	afterAll(async () => {
		await server.stop();
		data.remove();
	});


	it('closes that map with 4503, a reason for the user and a hint for the operator', async () => {
		for (const mapId of ['garbled', 'truncated']) {
			const { code, reason } = await closeOf(server.wsUrl, mapId, cookie);
			expect(code).toBe(4503);
			expect(reason).toMatch(/could not be opened/i);
			expect(server.output()).toMatch(new RegExp(`could not load a map.*map="${mapId}".*hint=".*map_snapshots`));
		}
		const exported = await fetch(`${server.url}/api/maps/garbled/export.geojson`, { headers: { cookie } });
		expect(exported.status).toBe(503);
		expect(((await exported.json()) as { error: string }).error).toMatch(/could not be read/);
	});

	it('leaves the other maps, their export and the process working', async () => {
		const client = connectClient(server.wsUrl, 'good', 'ana', { cookie });
		cleanups.push(() => client.destroy());
		await client.synced();
		expect(client.map.agents()).toHaveLength(40);
		const id = client.map.addAgent({ name: 'Sigue funcionando', position: [-74.1, 4.6] });
		const exported = await fetch(`${server.url}/api/maps/good/export.geojson`, { headers: { cookie } });
		expect(exported.status).toBe(200);
		const names = ((await exported.json()) as { features: { properties: { name?: string } }[] }).features.map((f) => f.properties.name);
		expect(names).toContain('Agente 0');
		await waitFor(() => client.map.agent(id) !== null, 'the edit is applied');
		expect((await health(server.url)).status).toBe('ok');
	});
});
