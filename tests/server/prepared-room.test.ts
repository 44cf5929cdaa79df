/**
 * The map page asks for the map (GET /api/maps/:id?open=1) a few hundred milliseconds before
 * its websocket connects, so the server starts loading the map's room then
 * (RoomRegistry.prepare). This proves that only a caller allowed to read the map opens a room
 * that way, that a client connecting next joins the prepared room and syncs, that a room no
 * one connects to is closed after the grace period (no room is left open by asking), and that
 * one that could not load is closed at once (the next connection tries afresh).
 */
import { DatabaseSync } from 'node:sqlite';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClient, createMaps, health, startServer, tempDataDir, waitFor, type ServerProcess } from './harness.ts';

const GRACE_MS = 2000;
let server: ServerProcess;
let cookie = '';
const data = tempDataDir();

beforeAll(async () => {
	cookie = await createMaps(data.dir, ['open']);
	await createMaps(data.dir, ['closed'], null);
	await createMaps(data.dir, ['damaged']);
	// Bytes that are not a Yjs update: the map's room cannot load.
	const db = new DatabaseSync(join(data.dir, 'tejido.db'));
	db.prepare('INSERT INTO map_updates (map_id, seq, data, actor, at) VALUES (?, ?, ?, ?, ?)').run('damaged', 1, new Uint8Array([0xff, 0xff, 0x0f]), 'disk', Date.now());
	db.close();
	server = await startServer(data.dir, { ROOM_GRACE_MS: String(GRACE_MS) });
});

afterAll(async () => {
	await server?.stop();
	data.remove();
});

/** What the map page asks just before it connects. */
const ask = (mapId: string, headers: Record<string, string> = { cookie }) => fetch(`${server.url}/api/maps/${mapId}?open=1`, { headers });
const openRooms = async () => (await health(server.url)).openRooms;

describe('a room prepared when the map is asked for', () => {
	it('is opened for a reader, and closed after the grace period when no one connects', async () => {
		expect(await openRooms()).toBe(0);
		expect((await ask('open')).status).toBe(200);
		expect(await openRooms()).toBe(1);
		await expect.poll(openRooms, { timeout: 10_000 }).toBe(0);
	});

	it('is not opened when a page that does not connect asks (the settings page)', async () => {
		expect((await fetch(`${server.url}/api/maps/open`, { headers: { cookie } })).status).toBe(200);
		expect(await openRooms()).toBe(0);
	});

	it('is not opened for someone the map refuses (signed out, or without a role on it)', async () => {
		expect((await ask('open', {})).status).toBe(401);
		expect((await ask('closed')).status).toBe(403);
		expect((await ask('no-such-map')).status).toBe(404);
		expect(await openRooms()).toBe(0);
	});

	it('is the room the next client joins: it syncs, and the room stays while it is connected', async () => {
		const writer = connectClient(server.wsUrl, 'open', 'writer', { cookie });
		await waitFor(() => writer.provider.synced, 'writer synced');
		writer.map.addAgent({ id: 'a1', name: 'Uno', position: [-74.08, 4.6] });
		const checker = connectClient(server.wsUrl, 'open', 'checker', { cookie });
		await waitFor(() => checker.map.agent('a1') !== null, 'the server has the agent');
		checker.destroy();
		writer.destroy();
		await expect.poll(openRooms, { timeout: 10_000 }).toBe(0);

		expect((await ask('open')).status).toBe(200);
		const reader = connectClient(server.wsUrl, 'open', 'reader', { cookie });
		try {
			await waitFor(() => reader.map.agent('a1') !== null, 'the agent reached the client of the prepared room');
			expect(await openRooms()).toBe(1);
			// Past the grace period the prepared room is still open: a connected client holds it.
			await new Promise((done) => setTimeout(done, GRACE_MS + 1000));
			expect(await openRooms()).toBe(1);
		} finally {
			reader.destroy();
		}
		await expect.poll(openRooms, { timeout: 10_000 }).toBe(0);
	});

	it('is closed at once when the map cannot be loaded, not after the grace period', async () => {
		expect((await ask('damaged')).status).toBe(200);
		await expect.poll(openRooms, { timeout: GRACE_MS / 2 }).toBe(0);
	});
});
