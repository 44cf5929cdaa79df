/**
 * Issue 23, items 1, 2 and 4: what a connection sends costs the server in proportion to the
 * message, what it leaves unread is bounded, and a map cannot grow without limit. Raw
 * y-protocol clients over real sockets, against the real server process.
 */
import * as encoding from 'lib0/encoding';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { CLOSE } from '../../server/collab/room.ts';
import { encodeUpdateMessage } from '../../server/collab/protocol.ts';
import { MapDocument } from '../../src/lib/model/map-document.ts';
import {
	canonical,
	connectClient,
	createAccount,
	createMaps,
	deleteOnlyUpdate,
	setMember,
	startServer,
	tempDataDir,
	waitFor,
	type ServerProcess,
	type TestClient
} from './harness.ts';

const AGENTS = 20_000;

/** A raw socket and how the server closed it. */
function rawSocket(wsUrl: string, mapId: string, cookie: string) {
	const ws = new WebSocket(`${wsUrl}/${mapId}`, { headers: { cookie } });
	ws.on('error', () => {});
	const opened = new Promise<void>((resolve) => ws.once('open', () => resolve()));
	const closed = new Promise<{ code: number; reason: string }>((resolve) =>
		ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() }))
	);
	return { ws, opened, closed };
}

function syncStep1(stateVector: Uint8Array): Uint8Array {
	const e = encoding.createEncoder();
	encoding.writeVarUint(e, 0);
	encoding.writeVarUint(e, 0);
	encoding.writeVarUint8Array(e, stateVector);
	return encoding.toUint8Array(e);
}

describe('readers and slow clients', () => {
	const data = tempDataDir();
	let server: ServerProcess;
	let viewerCookie = '';
	let writer: TestClient;

	beforeAll(async () => {
		// The test account only views map "big"; another account edits it.
		viewerCookie = await createMaps(data.dir, ['big'], 'viewer');
		const editor = await createAccount(data.dir, 'editor');
		await setMember(data.dir, 'big', editor.userId, 'editor');
		server = await startServer(data.dir, { MAX_BUFFERED_BYTES: String(1024 * 1024), MESSAGE_BURST: '10000' });
		writer = connectClient(server.wsUrl, 'big', 'editor', { cookie: editor.cookie });
		await writer.synced();
		writer.map.transact(() => {
			for (let i = 0; i < AGENTS; i++) writer.map.addAgent({ name: `Agent ${i}`, position: [-74 + i / 1e5, 4.6] });
		});
		const check = connectClient(server.wsUrl, 'big', 'check', { cookie: viewerCookie });
		await check.synced();
		await waitFor(() => check.map.agentCount() === AGENTS, 'the map holds every agent', 60_000);
		check.destroy();
	}, 120_000);

	afterAll(async () => {
		writer.destroy();
		await server.stop();
		data.remove();
	});

	// Before: each message was decoded and compared with a delete set of the whole map, and the
	// connection stayed open however many it sent.
	it('a reader flooding updates is closed with CLOSE.readOnly after a small budget; the map is unchanged', async () => {
		const { ws, opened, closed } = rawSocket(server.wsUrl, 'big', viewerCookie);
		await opened;
		const deletion = encodeUpdateMessage(deleteOnlyUpdate(writer.doc.clientID, 0, 50));
		for (let i = 0; i < 2000 && ws.readyState === WebSocket.OPEN; i++) ws.send(deletion);
		expect((await closed).code).toBe(CLOSE.readOnly);
		const fresh = connectClient(server.wsUrl, 'big', 'fresh', { cookie: viewerCookie });
		await fresh.synced();
		expect(fresh.map.agentCount()).toBe(AGENTS);
		expect(canonical(fresh.doc)).toBe(canonical(writer.doc));
		fresh.destroy();
	}, 60_000);

	// Before: every request was answered with the whole map again.
	it('repeated full-state requests on one connection are answered in full once', async () => {
		const { ws, opened } = rawSocket(server.wsUrl, 'big', viewerCookie);
		const answers: number[] = [];
		ws.on('message', (data: Buffer) => {
			// [0 sync][1 step 2][varuint length][update]: the reply's size stands for the update's.
			if (data[0] === 0 && data[1] === 1) answers.push(data.byteLength);
		});
		await opened;
		const request = syncStep1(Y.encodeStateVector(new Y.Doc()));
		for (let i = 0; i < 3; i++) ws.send(request);
		await waitFor(() => answers.length === 3, 'three answers', 30_000);
		ws.close();
		expect(answers[0]).toBeGreaterThan(100_000);
		expect(answers.slice(1)).toEqual([5, 5]);
	}, 60_000);

	// Before: the server queued every answer for a client that never read them.
	it('a client that stops reading is closed with CLOSE.slowReader', async () => {
		// 10 KB of presence (outside user.name, which the server sets to the account's name).
		writer.provider.awareness.setLocalState({ user: { name: 'x' }, selection: 'x'.repeat(10_000) });
		const { ws, opened, closed } = rawSocket(server.wsUrl, 'big', viewerCookie);
		await opened;
		ws.pause();
		const queryAwareness = new Uint8Array([3]);
		for (let i = 0; i < 5000; i++) ws.send(queryAwareness);
		await waitFor(() => server.output().includes('does not read what it is sent'), 'the server gives up on the slow reader', 30_000);
		ws.resume();
		expect((await closed).code).toBe(CLOSE.slowReader);
		writer.provider.awareness.setLocalState(null);
	}, 60_000);
});

describe('map size quota and pending updates', () => {
	const data = tempDataDir();
	let server: ServerProcess;
	let cookie = '';

	beforeAll(async () => {
		cookie = await createMaps(data.dir, ['q', 'p']);
		server = await startServer(data.dir, { MAX_MAP_BYTES: String(256 * 1024), MAX_PENDING_BYTES: String(64 * 1024) });
	});

	afterAll(async () => {
		await server.stop();
		data.remove();
	});

	// Before: the update was stored and the map grew past any bound.
	it('an update past the map size quota is refused with CLOSE.mapFull and a reason; the map is unchanged', async () => {
		const small = new Y.Doc();
		new MapDocument(small, 'ana').addAgent({ name: 'Fits', position: [-74, 4.6] });
		const first = rawSocket(server.wsUrl, 'q', cookie);
		await first.opened;
		first.ws.send(encodeUpdateMessage(Y.encodeStateAsUpdate(small)));
		const reader = connectClient(server.wsUrl, 'q', 'reader', { cookie });
		await waitFor(() => reader.map.agentCount() === 1, 'a small update is stored');

		const big = new Y.Doc();
		const bigMap = new MapDocument(big, 'ana');
		// 80 × 4,000 characters: about 320 KB, past the 256 KB quota.
		bigMap.transact(() => {
			for (let i = 0; i < 80; i++) bigMap.addAgent({ name: `Big ${i}`, position: [-74, 4.6], description: 'x'.repeat(4000) });
		});
		const second = rawSocket(server.wsUrl, 'q', cookie);
		await second.opened;
		second.ws.send(encodeUpdateMessage(Y.encodeStateAsUpdate(big)));
		const { code, reason } = await second.closed;
		expect(code).toBe(CLOSE.mapFull);
		expect(reason).toMatch(/size limit/);
		const fresh = connectClient(server.wsUrl, 'q', 'fresh', { cookie });
		await fresh.synced();
		expect(fresh.map.agentCount()).toBe(1);
		fresh.destroy();
		reader.destroy();
		first.ws.close();
	});

	// Before: updates building on content never sent were held in memory for as long as the room.
	it('updates waiting for content the server never got are dropped past the bound, closing their sender', async () => {
		const a = new Y.Doc();
		const aMap = new MapDocument(a, 'ana');
		const ids = Array.from({ length: 25 }, (_, i) => aMap.addAgent({ name: `Never sent ${i}`, position: [-74, 4.6] }));
		const b = new Y.Doc();
		Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
		const bMap = new MapDocument(b, 'beto');
		// 25 × 4,000 characters (about 100 KB) inside agents the server never got: past 64 KB.
		bMap.transact(() => {
			for (const id of ids) bMap.updateAgent(id, { description: 'y'.repeat(4000) });
		});
		const id = ids[0];
		const { ws, opened, closed } = rawSocket(server.wsUrl, 'p', cookie);
		await opened;
		ws.send(encodeUpdateMessage(Y.encodeStateAsUpdate(b, Y.encodeStateVector(a))));
		expect((await closed).code).toBe(CLOSE.tooMuchPending);
		// The room still works, and never got the waiting content.
		const fresh = connectClient(server.wsUrl, 'p', 'fresh', { cookie });
		await fresh.synced();
		Y.applyUpdate(fresh.doc, Y.encodeStateAsUpdate(a));
		expect(fresh.map.agent(id)?.description ?? '').toBe('');
		fresh.destroy();
	});
});
