/**
 * A browser applies the server's large sync messages with the document's `update` listeners
 * detached (src/lib/collab/quiet-sync.ts), so Yjs does not encode 90 MB again for listeners that
 * would ignore or merely store it. These tests prove that nothing the browser itself writes
 * meanwhile (upkeep) is kept from its listeners, so the server and the replica still get it.
 */
import { describe, expect, it, vi } from 'vitest';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { readSyncMessage, writeSyncStep1, writeSyncStep2, writeUpdate } from 'y-protocols/sync';
import { MapDocument } from '../../src/lib/model/index.ts';
import { applyWithoutEcho, largeUpdateIn, quietReplicaLoads, quietSyncs, type StoringReplica } from '../../src/lib/collab/quiet-sync.ts';
import { LiveProvider, MESSAGE_SYNC } from '../../src/lib/collab/live-provider.ts';

const SERVER = { from: 'server' };

/**
 * A server's document holding an edit that crossed its agent's deletion: a browser that keeps
 * the document up takes it out as soon as it reads it, in a transaction of its own.
 */
function serverWithHiddenEdit(): Y.Doc {
	const server = new MapDocument(new Y.Doc(), 'seed');
	server.transact(() => {
		server.addAgent({ id: 'a', name: 'A', position: [-74.1, 4.6] });
		server.addAgent({ id: 'b', name: 'B', position: [-74.0, 4.6] });
	});
	const luis = new MapDocument(new Y.Doc(), 'luis');
	Y.applyUpdate(luis.doc, Y.encodeStateAsUpdate(server.doc));
	server.deleteAgent('a');
	luis.updateAgent('a', { description: 'written after the deletion' });
	Y.applyUpdate(server.doc, Y.encodeStateAsUpdate(luis.doc));
	return server.doc;
}

/** A browser's document that keeps itself up, and what its `update` listener received. */
function browser() {
	const map = new MapDocument(new Y.Doc(), 'ana', { upkeep: true });
	const heard: { update: Uint8Array; origin: unknown }[] = [];
	const listener = (update: Uint8Array, origin: unknown) => heard.push({ update, origin });
	map.doc.on('update', listener);
	return { map, heard, listener };
}

describe('applying a large sync without echo', () => {
	it('hears nothing of the applied update but everything the browser wrote meanwhile', () => {
		const server = serverWithHiddenEdit();
		const full = Y.encodeStateAsUpdate(server);
		const { map, heard, listener } = browser();

		applyWithoutEcho(map.doc, [listener], SERVER, () => Y.applyUpdate(map.doc, full, SERVER));

		expect(heard.some((h) => h.origin === SERVER)).toBe(false);
		// Upkeep wrote (it took the crossing edit out): its update was heard ...
		expect(heard.length).toBeGreaterThan(0);
		expect(map.agent('a')).toBeNull();
		expect(map.agent('b')).toMatchObject({ name: 'B' });
		// ... and it is all the server lacks: with it, the server holds what the browser holds.
		for (const { update } of heard) Y.applyUpdate(server, update);
		expect(Y.equalSnapshots(Y.snapshot(server), Y.snapshot(map.doc))).toBe(true);
		// The listener is attached again once, for later edits.
		const before = heard.length;
		map.updateAgent('b', { name: 'B renamed' });
		expect(heard.length).toBe(before + 1);
	});

	it('without it the same listener hears the whole update again (what it saves)', () => {
		const full = Y.encodeStateAsUpdate(serverWithHiddenEdit());
		const { map, heard } = browser();
		Y.applyUpdate(map.doc, full, SERVER);
		expect(heard.filter((h) => h.origin === SERVER)).toHaveLength(1);
	});

	it('attaches the listeners again when applying throws', () => {
		const { map, heard, listener } = browser();
		expect(() =>
			applyWithoutEcho(map.doc, [listener], SERVER, () => {
				throw new Error('damaged update');
			})
		).toThrow('damaged update');
		map.addAgent({ id: 'c', name: 'C', position: [-74, 4.6] });
		expect(heard).toHaveLength(1);
	});
});

describe('loading the replica without echo', () => {
	/** What y-indexeddb does on load: every stored update, in one transaction of its own. */
	const loadReplica = (doc: Y.Doc, replica: object, updates: Uint8Array[]) =>
		Y.transact(doc, () => updates.forEach((update) => Y.applyUpdate(doc, update)), replica, false);

	it('hears nothing of the load while not connected, but what upkeep wrote meanwhile', () => {
		const server = serverWithHiddenEdit();
		const replica = {};
		const { map, heard, listener } = browser();
		const stop = quietReplicaLoads(map.doc, () => [listener], replica, () => true);

		loadReplica(map.doc, replica, [Y.encodeStateAsUpdate(server)]);

		expect(heard.some((h) => h.origin === replica)).toBe(false);
		expect(heard.length).toBeGreaterThan(0);
		for (const { update } of heard) Y.applyUpdate(server, update);
		expect(Y.equalSnapshots(Y.snapshot(server), Y.snapshot(map.doc))).toBe(true);
		// Later edits are heard again.
		const before = heard.length;
		map.updateAgent('b', { name: 'B renamed' });
		expect(heard.length).toBe(before + 1);
		stop();
	});

	it('hears the load when connected: it is how edits kept from an earlier visit reach the server', () => {
		const replica = {};
		const { map, heard, listener } = browser();
		const stop = quietReplicaLoads(map.doc, () => [listener], replica, () => false);
		loadReplica(map.doc, replica, [Y.encodeStateAsUpdate(serverWithHiddenEdit())]);
		expect(heard.filter((h) => h.origin === replica)).toHaveLength(1);
		stop();
	});
});

/**
 * A browser session in miniature: a document with the page's own live connection (not
 * connected: messages are handed to it as its socket would) and a replica that records what it
 * stores, with the quiet path installed over the connection's reading.
 */
function session(minBytes: number, readAfter?: Promise<unknown>) {
	const doc = new MapDocument(new Y.Doc(), 'ana', { upkeep: true }).doc;
	const stored: Uint8Array[] = [];
	const provider = new LiveProvider('ws://not-connected', 'map', doc);
	const replica: StoringReplica = {
		whenSynced: Promise.resolve(),
		synced: true,
		updateListener: (update, origin) => origin !== replica && stored.push(update),
		storeUpdates: (updates) => stored.push(...updates)
	};
	doc.on('update', replica.updateListener);
	const stopQuiet = quietSyncs(provider, replica, { minBytes, readAfter });
	/**
	 * A message from the server: 0 = sync step 1 (a state vector), 1 = sync step 2, 2 = update.
	 * Returns the answer the page would send (empty: none).
	 */
	const receive = (type: 0 | 1 | 2, payload: Uint8Array) => {
		const message = encoding.createEncoder();
		encoding.writeVarUint(message, MESSAGE_SYNC);
		encoding.writeVarUint(message, type);
		encoding.writeVarUint8Array(message, payload);
		return provider.receive(encoding.toUint8Array(message)) ?? new Uint8Array();
	};
	/** Which connection the messages come through (the quiet path drops what a closed one left). */
	const through = (connection: string) => (provider.ws = { connection, close() {} } as unknown as WebSocket);
	const stop = () => {
		stopQuiet();
		provider.destroy();
	};
	/** The replica as a later visit loads it. */
	const reloaded = () => {
		const copy = new Y.Doc();
		for (const update of stored) Y.applyUpdate(copy, update);
		return copy;
	};
	return { doc, provider, stored, receive, reloaded, through, stop };
}

/** After the replica has stored what waited for an idle moment (a timer, in Node). */
const settled = () => new Promise((done) => setTimeout(done, 20));

describe('a session taking in large sync messages quietly', () => {
	it('stores in the replica the edits the server sent before the map, held back until the map completed them', async () => {
		const server = serverWithHiddenEdit();
		const base = Y.encodeStateAsUpdate(server);
		// Edits made after the server encoded the map: sent first, as updates (protocol.ts).
		const edits = new MapDocument(server, 'luis');
		const tail: Uint8Array[] = [];
		server.on('update', (update: Uint8Array) => tail.push(update));
		edits.updateAgent('b', { name: 'B renamed' });
		edits.addAgent({ id: 'c', name: 'C', position: [-74.05, 4.6] });
		const minBytes = 500;
		// The map takes the quiet path, the edits before it the library's.
		expect(base.length).toBeGreaterThanOrEqual(minBytes);
		expect(Math.max(...tail.map((update) => update.length))).toBeLessThan(minBytes);
		const { doc, provider, receive, reloaded, stop } = session(minBytes);
		for (const update of tail) receive(2, update);
		expect(new MapDocument(doc, 'x').agent('b')).toBeNull(); // held back: builds on the map
		receive(1, base);
		expect(provider.synced).toBe(true);
		expect(new MapDocument(doc, 'x').agent('b')).toMatchObject({ name: 'B renamed' });
		await settled();
		// What the replica holds reads as the session's document.
		const later = new MapDocument(reloaded(), 'x');
		expect(later.agent('b')).toMatchObject({ name: 'B renamed' });
		expect(later.agent('c')).toMatchObject({ name: 'C' });
		expect(Y.equalSnapshots(Y.snapshot(later.doc), Y.snapshot(doc))).toBe(true);
		stop();
	});

	it('does not store a damaged large update (every later load would fail), and reports it as the library does', async () => {
		const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
		try {
			const full = Y.encodeStateAsUpdate(serverWithHiddenEdit());
			const { stored, receive, reloaded, stop } = session(64);
			receive(1, full.subarray(0, full.length - 1));
			receive(1, new Uint8Array(4096).fill(0xff));
			await settled();
			expect(errors).toHaveBeenCalled();
			expect(() => reloaded()).not.toThrow();
			expect(stored.every((update) => update.length < 64)).toBe(true);
			stop();
		} finally {
			errors.mockRestore();
		}
	});

	it('stores an applied update even when something after it throws', async () => {
		const full = Y.encodeStateAsUpdate(serverWithHiddenEdit());
		const { provider, stored, receive, stop } = session(64);
		Object.defineProperty(provider, 'synced', {
			get: () => false,
			set: () => {
				throw new Error('a listener of "synced" failed');
			}
		});
		expect(() => receive(1, full)).toThrow('a listener of "synced" failed');
		await settled();
		expect(stored).toContainEqual(full);
		stop();
	});

	it('reads a large update, and the updates behind it, only once the page lets it (its first view drawn); answers a request for its state at once', async () => {
		const server = serverWithHiddenEdit();
		const map = Y.encodeStateAsUpdate(server);
		const edits: Uint8Array[] = [];
		server.on('update', (update: Uint8Array) => edits.push(update));
		new MapDocument(server, 'luis').updateAgent('b', { name: 'B renamed' });
		const drawn = Promise.withResolvers<void>();
		const { doc, provider, receive, reloaded, stop } = session(500, drawn.promise);
		expect(map.length).toBeGreaterThanOrEqual(500);
		expect(receive(1, map)).toHaveLength(0);
		for (const edit of edits) receive(2, edit);
		await settled();
		// Nothing read yet: the page is drawing.
		expect(new MapDocument(doc, 'x').agent('b')).toBeNull();
		expect(provider.synced).toBe(false);
		// The server asking for this tab's state is answered meanwhile (a sync step 2).
		const answer = decoding.createDecoder(receive(0, Y.encodeStateVector(server)));
		expect([decoding.readVarUint(answer), decoding.readVarUint(answer)]).toEqual([0, 1]);
		drawn.resolve();
		await settled();
		expect(provider.synced).toBe(true);
		expect(new MapDocument(doc, 'x').agent('b')).toMatchObject({ name: 'B renamed' });
		expect(Y.equalSnapshots(Y.snapshot(reloaded()), Y.snapshot(doc))).toBe(true);
		// Later updates go through at once.
		new MapDocument(server, 'luis').addAgent({ id: 'c', name: 'C', position: [-74.05, 4.6] });
		receive(2, edits.at(-1)!);
		expect(new MapDocument(doc, 'x').agent('c')).toMatchObject({ name: 'C' });
		stop();
	});

	it('drops what a closed connection left waiting: the next connection’s sync brings it all again, and the map is read and stored once', async () => {
		const server = serverWithHiddenEdit();
		const first = Y.encodeStateAsUpdate(server);
		const drawn = Promise.withResolvers<void>();
		const { doc, stored, receive, reloaded, through, stop } = session(500, drawn.promise);
		through('connection 1');
		receive(1, first);
		// The connection drops; the server's next answer is its cached map, preceded by the
		// edits made since it encoded it (server/collab/protocol.ts).
		const edits: Uint8Array[] = [];
		server.on('update', (update: Uint8Array) => edits.push(update));
		new MapDocument(server, 'luis').updateAgent('b', { name: 'B renamed' });
		through('connection 2');
		for (const edit of edits) receive(2, edit);
		receive(1, first);
		drawn.resolve();
		await settled();
		expect(new MapDocument(doc, 'x').agent('b')).toMatchObject({ name: 'B renamed' });
		expect(stored.filter((update) => update.length >= 500)).toHaveLength(1);
		expect(Y.equalSnapshots(Y.snapshot(reloaded()), Y.snapshot(doc))).toBe(true);
		stop();
	});

	it('stores what is waiting when the session ends before the page is idle', () => {
		const full = Y.encodeStateAsUpdate(serverWithHiddenEdit());
		const { stored, receive, stop } = session(64);
		return Promise.resolve().then(() => {
			receive(1, full);
			expect(stored).not.toContainEqual(full); // waits for the page to be idle ...
			stop();
			expect(stored).toContainEqual(full); // ... unless the session ends first
		});
	});
});

describe('finding a large update in a sync message', () => {
	const server = serverWithHiddenEdit();
	const update = Y.encodeStateAsUpdate(server);

	function message(write: (encoder: encoding.Encoder) => void): decoding.Decoder {
		const encoder = encoding.createEncoder();
		write(encoder);
		return decoding.createDecoder(encoding.toUint8Array(encoder));
	}

	it('returns the update of a step 2 or an update message at or above the size, leaving the decoder where it was', () => {
		for (const write of [
			(e: encoding.Encoder) => writeUpdate(e, update),
			(e: encoding.Encoder) => writeSyncStep2(e, server)
		]) {
			const decoder = message(write);
			expect(largeUpdateIn(decoder, update.length)).toEqual(update);
			expect(decoder.pos).toBe(0);
		}
	});

	it('leaves smaller updates and step 1 to the library', () => {
		expect(largeUpdateIn(message((e) => writeUpdate(e, update)), update.length + 1)).toBeNull();
		const stepOne = message((e) => writeSyncStep1(e, new Y.Doc()));
		expect(largeUpdateIn(stepOne, 0)).toBeNull();
	});

	it('leaves a truncated message to the library, which reports it', () => {
		const whole = message((e) => writeUpdate(e, update));
		const cut = decoding.createDecoder(whole.arr.subarray(0, whole.arr.length - 10));
		expect(largeUpdateIn(cut, 0)).toBeNull();
		expect(largeUpdateIn(decoding.createDecoder(new Uint8Array([1, 0xff, 0xff])), 0)).toBeNull();
	});
});
