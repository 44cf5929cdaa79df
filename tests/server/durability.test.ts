/**
 * Nothing a client has seen is lost: across a clean restart, and across SIGKILL in the middle
 * of a stream of edits (the server stores each update before it broadcasts it).
 */
import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { encodeSyncStep1 } from '../../server/collab/protocol.ts';
import { canonical, cleanupAfterEach, connectClient, createMaps, sameState, startServer, tempDataDir, waitFor, type ServerProcess, type TestClient } from './harness.ts';

/** Session cookie of an account allowed to edit the test maps. */
let cookie = '';

const cleanups = cleanupAfterEach();
const track = cleanups.track;

/** A new data directory holding map 'm' (removed after the test); `cookie` becomes its editor's session. */
async function newMapDir(): Promise<string> {
	const data = tempDataDir();
	cleanups.push(data.remove);
	cookie = await createMaps(data.dir, ['m']);
	return data.dir;
}

/** A client of map 'm' on `server`, once it has synced. */
async function syncedClient(server: ServerProcess, name: string): Promise<TestClient> {
	const client = track(connectClient(server.wsUrl, 'm', name, { cookie }));
	await client.synced();
	return client;
}

describe('durability', () => {
	it('keeps every edit across a clean restart', async () => {
		const dir = await newMapDir();
		let server = await startServer(dir);
		const a = await syncedClient(server, 'ana');
		const ids = Array.from({ length: 20 }, (_, i) => a.map.addAgent({ name: `A${i}`, position: [-74 - i / 100, 4.6] }));
		a.map.addLink({ from: ids[0], to: ids[1], kind: 'agreement' });
		const expected = canonical(a.doc);
		// The sender's updates are stored before others see them; a second client seeing the
		// last one tells us the server has it.
		const b = track(connectClient(server.wsUrl, 'm', 'beto', { cookie }));
		await waitFor(() => canonical(b.doc) === expected, 'B has everything');
		a.provider.disconnect();
		b.provider.disconnect();
		await server.stop();

		server = await startServer(dir);
		cleanups.push(() => server.stop());
		const c = await syncedClient(server, 'carla');
		expect(canonical(c.doc)).toBe(expected);
		expect(c.map.links()).toHaveLength(1);
	});

	it('gives a fresh client the stored snapshot and the log after it, after a crash', async () => {
		// A snapshot (written when the first server closed the room) and a short log after it
		// (the crash left it uncompacted): a client that arrives with nothing must end with both.
		const dir = await newMapDir();
		let server = await startServer(dir);
		const a = await syncedClient(server, 'ana');
		const ids: string[] = [];
		a.map.transact(() => {
			for (let i = 0; i < 200; i++) ids.push(a.map.addAgent({ name: `Base ${i}`, position: [-74.2 + i / 1000, 4.6] }));
		});
		const b = track(connectClient(server.wsUrl, 'm', 'beto', { cookie }));
		await waitFor(() => b.map.ids('agents').length === 200, 'B has the base');
		a.provider.disconnect();
		b.provider.disconnect();
		await server.stop(); // closing the room compacts: the snapshot

		server = await startServer(dir);
		const c = await syncedClient(server, 'carla');
		c.map.addAgent({ name: 'Después', position: [-74.05, 4.65] });
		c.map.updateAgent(ids[0], { name: 'Base 0, renamed' });
		c.map.deleteAgent(ids[1]);
		const expected = canonical(c.doc);
		const d = track(connectClient(server.wsUrl, 'm', 'diana', { cookie }));
		await waitFor(() => canonical(d.doc) === expected, 'D has the log after the snapshot');
		c.provider.disconnect();
		d.provider.disconnect();
		await server.kill(); // no compaction: the log stays after the snapshot

		server = await startServer(dir);
		cleanups.push(() => server.stop());
		const fresh = await syncedClient(server, 'fresh');
		expect(canonical(fresh.doc)).toBe(expected);
		expect(fresh.map.agent(ids[0])?.name).toBe('Base 0, renamed');
		expect(fresh.map.agent(ids[1])).toBeNull();
	});

	it('sends a client that arrives with nothing no content deleted before, after a restart', async () => {
		// The stored snapshot is a merge of updates, which keeps deleted values; the room's
		// document drops them. A viewer invited after a phone number was removed must not
		// receive it in the bytes of its first sync.
		const dir = await newMapDir();
		let server = await startServer(dir);
		const a = await syncedClient(server, 'ana');
		const secret = '+57 300 555 0199 (privado)';
		const id = a.map.addAgent({ name: 'Fundación Reservada', position: [-74.07, 4.62], contact: secret });
		a.map.updateAgent(id, { contact: '' });
		const b = track(connectClient(server.wsUrl, 'm', 'beto', { cookie }));
		await waitFor(() => b.map.agent(id)?.contact === '', 'B has the removal');
		a.provider.disconnect();
		b.provider.disconnect();
		await server.stop(); // closing the room compacts the log into the snapshot

		server = await startServer(dir);
		cleanups.push(() => server.stop());
		const bytes = Buffer.concat(await firstSyncBytes(server.wsUrl, 'm', cookie));
		expect(bytes.includes(Buffer.from('Fundación Reservada'))).toBe(true); // the agent itself came
		expect(bytes.includes(Buffer.from(secret))).toBe(false);
	});

	it('loses nothing a client had seen when the server is SIGKILLed mid-stream', async () => {
		const dir = await newMapDir();
		let server = await startServer(dir, { COMPACT_EVERY: '25' });
		const writer = track(connectClient(server.wsUrl, 'm', 'writer', { cookie }));
		const watcher = track(connectClient(server.wsUrl, 'm', 'watcher', { cookie }));
		await Promise.all([writer.synced(), watcher.synced()]);
		const seen = new Set<string>();
		watcher.map.observe(() => {
			for (const id of watcher.map.ids('agents')) seen.add(id);
		});

		// Stream edits with a little time between them, and kill the server mid-stream.
		let sent = 0;
		let streaming = true;
		const stream = (async () => {
			while (streaming) {
				writer.map.addAgent({ name: `edit ${sent}`, position: [-74.1, 4.6 + (sent % 100) / 1000] });
				sent++;
				await new Promise((r) => setTimeout(r, 2));
			}
		})();
		await waitFor(() => seen.size >= 150, 'watcher saw a good part of the stream', 20_000);
		await server.kill();
		streaming = false;
		await stream;
		watcher.provider.disconnect();
		const seenAtKill = new Set(seen);

		// Same port, so the writer's provider finds the server again by itself.
		server = await startServer(dir, { PORT: new URL(server.url).port });
		cleanups.push(() => server.stop());
		const fresh = await syncedClient(server, 'fresh');
		const stored = new Set(fresh.map.ids('agents'));
		const lost = [...seenAtKill].filter((id) => !stored.has(id));
		expect(seenAtKill.size).toBeGreaterThanOrEqual(150);
		expect(lost).toEqual([]);
		// And the writer, reconnecting on its own, brings back what the server never got.
		await waitFor(() => fresh.map.ids('agents').length === sent, 'all of the writer’s edits arrive after reconnect', 20_000);
	});
});

describe('offline editing', () => {
	it('edits made while disconnected merge on reconnect, on both sides', async () => {
		const dir = await newMapDir();
		const server = await startServer(dir);
		cleanups.push(() => server.stop());
		const a = track(connectClient(server.wsUrl, 'm', 'ana', { cookie }));
		const b = track(connectClient(server.wsUrl, 'm', 'beto', { cookie }));
		await Promise.all([a.synced(), b.synced()]);
		const shared = a.map.addAgent({ name: 'Compartido', position: [-74.08, 4.6] });
		await waitFor(() => b.map.agent(shared) !== null, 'B has the shared agent');

		a.provider.disconnect();
		// While A is offline: both edit different fields of the same agent, and each adds agents.
		a.map.updateAgent(shared, { description: 'escrito sin conexión' });
		const offline = a.map.addAgent({ name: 'Creado sin conexión', position: [-74.1, 4.62] });
		b.map.updateAgent(shared, { website: 'https://example.org' });
		const online = b.map.addAgent({ name: 'Creado en línea', position: [-74.05, 4.7] });
		b.map.addLink({ from: shared, to: online, kind: 'agreement' });

		a.provider.connect();
		await waitFor(() => sameState(a.doc, b.doc), 'A and B converge after reconnect');
		const merged = b.map.agent(shared)!;
		expect(merged.description).toBe('escrito sin conexión');
		expect(merged.website).toBe('https://example.org');
		expect(b.map.agent(offline)?.name).toBe('Creado sin conexión');
		expect(a.map.agent(online)?.name).toBe('Creado en línea');
		expect(a.map.links()).toHaveLength(1);
	});

	it('a link made offline to an agent deleted meanwhile is hidden, not shown dangling', async () => {
		const dir = await newMapDir();
		const server = await startServer(dir);
		cleanups.push(() => server.stop());
		const a = track(connectClient(server.wsUrl, 'm', 'ana', { cookie }));
		const b = track(connectClient(server.wsUrl, 'm', 'beto', { cookie }));
		await Promise.all([a.synced(), b.synced()]);
		const x = a.map.addAgent({ name: 'X', position: [-74.08, 4.6] });
		const y = a.map.addAgent({ name: 'Y', position: [-74.09, 4.61] });
		await waitFor(() => b.map.agent(y) !== null, 'B has both agents');

		a.provider.disconnect();
		a.map.addLink({ from: x, to: y, kind: 'funding' });
		b.map.deleteAgent(y);
		a.provider.connect();
		await waitFor(() => sameState(a.doc, b.doc), 'converged');
		expect(a.map.agent(y)).toBeNull();
		expect(a.map.links()).toEqual([]);
		expect(b.map.links()).toEqual([]);
	});
});

/** Every message a raw client with an empty document receives until a moment after it asked. */
function firstSyncBytes(wsUrl: string, mapId: string, cookie: string): Promise<Buffer[]> {
	return new Promise((resolve, reject) => {
		const received: Buffer[] = [];
		const ws = new WebSocket(`${wsUrl}/${mapId}`, { headers: { cookie } });
		ws.on('open', () => ws.send(encodeSyncStep1(new Y.Doc())));
		ws.on('message', (data: Buffer) => received.push(data));
		ws.on('error', reject);
		setTimeout(() => {
			ws.close();
			resolve(received);
		}, 1500);
	});
}
