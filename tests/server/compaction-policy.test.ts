/**
 * When a room compacts its stored log: after `compactEvery` updates for a small map, but for a
 * large one only once the log has also grown by COMPACT_GROWTH of its snapshot, because each
 * compaction merges the whole snapshot and blocks the process for as long (seconds at 50,000
 * agents). A real room over a real SQLite file, updates sent as a client sends them.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { encodeUpdateMessage, type Connection } from '../../server/collab/protocol.ts';
import { COMPACT_GROWTH, Room } from '../../server/collab/room.ts';
import { SqliteStore } from '../../server/store/sqlite-store.ts';
import { cleanupAfterEach, tempDataDir, waitFor } from './harness.ts';

const cleanups = cleanupAfterEach();

/** A store holding map `m` compacted into a snapshot of about `kilobytes` KB. */
async function storeWithSnapshot(kilobytes: number): Promise<SqliteStore> {
	const data = tempDataDir();
	cleanups.push(data.remove);
	const store = new SqliteStore(join(data.dir, 'tejido.db'));
	cleanups.push(() => store.close());
	await store.createMap({ id: 'm', name: 'M', createdAt: 1 });
	const seed = new Y.Doc();
	seed.getMap('agents').set('big', 'x'.repeat(kilobytes * 1024));
	const seq = await store.appendUpdate('m', Y.encodeStateAsUpdate(seed), 'seed');
	await store.compact('m', seq);
	return store;
}

/** Opens a room on map `m` and sends `count` small edits through one writing connection. */
async function edit(store: SqliteStore, count: number): Promise<void> {
	const room = new Room('m', store, { compactEvery: 10, retryMs: 10 });
	cleanups.push(() => room.close());
	await room.ready;
	const connection: Connection = { id: 'c', actor: 'user:x', canWrite: true, send: () => {}, close: () => {} };
	room.join(connection);
	const client = new Y.Doc();
	Y.applyUpdate(client, Y.encodeStateAsUpdate(room.doc));
	client.on('update', (update: Uint8Array) => room.receive(connection, encodeUpdateMessage(update)));
	for (let i = 0; i < count; i++) client.getMap('agents').set(`a${i}`, `Agent ${i}`);
	const stored = async () => {
		const { snapshotSeq, updates } = await store.loadDocument('m');
		return Math.max(snapshotSeq, ...updates.map((u) => u.seq));
	};
	const target = (await stored()) + count;
	let last = 0;
	await waitFor(() => {
		void stored().then((seq) => (last = seq));
		return last >= target;
	}, `${count} edits stored`);
}

describe('compaction policy', () => {
	it('compacts a small map after compactEvery updates', async () => {
		const store = await storeWithSnapshot(1);
		await edit(store, 12);
		expect((await store.loadDocument('m')).updates.length).toBeLessThan(10);
	});

	it('lets a large map’s log grow past compactEvery until it reaches a fraction of the snapshot', async () => {
		const store = await storeWithSnapshot(400);
		await edit(store, 30);
		const { updates, snapshot } = await store.loadDocument('m');
		// 30 small edits are far below 5 % of 400 KB: none was merged into the snapshot.
		expect(updates.length).toBe(30);
		const logBytes = updates.reduce((sum, { update }) => sum + update.byteLength, 0);
		expect(logBytes).toBeLessThan(snapshot!.byteLength * COMPACT_GROWTH);
	});
});
