/**
 * Compaction merges on a worker thread (server/store/merge-worker.ts), so a room keeps storing
 * and fanning out edits while a large map's merge runs. The merge thread's own promises: the
 * same snapshot as an inline merge, the same StoreError for a damaged update, buffers moved
 * rather than copied, and an idle thread that never keeps a process alive.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { encodeUpdateMessage, type Connection } from '../../server/collab/protocol.ts';
import { Room } from '../../server/collab/room.ts';
import { StoreError } from '../../server/store/document-store.ts';
import { MergeWorker } from '../../server/store/merge-worker.ts';
import { mergeForSnapshot } from '../../server/store/snapshot.ts';
import { SqliteStore } from '../../server/store/sqlite-store.ts';
import { cleanupAfterEach, tempDataDir, waitFor } from './harness.ts';

const cleanups = cleanupAfterEach();

/** `count` edits on a fresh document, each as the update a client would send. */
function edits(count: number): { doc: Y.Doc; updates: Uint8Array[] } {
	const doc = new Y.Doc();
	const updates: Uint8Array[] = [];
	doc.on('update', (update: Uint8Array) => updates.push(update));
	for (let i = 0; i < count; i++) doc.getMap('agents').set(`a${i}`, `Agent ${i}`);
	return { doc, updates };
}

function mergeThread(): MergeWorker {
	const thread = new MergeWorker({ inlineBelowBytes: 0 });
	cleanups.push(() => thread.close());
	return thread;
}

describe('the merge thread', () => {
	it('merges to the same bytes as an inline merge, moving the buffers it owns', async () => {
		const { updates } = edits(20);
		const expected = mergeForSnapshot('m', updates[0], updates.slice(1));
		const parts = updates.map((update) => new Uint8Array(update));
		// A small Buffer is a slice of Node's shared pool: it must be copied, not taken away.
		const pooled = Buffer.from(updates[1]);
		parts[1] = pooled;
		const merged = await mergeThread().merge('m', parts[0], parts.slice(1));
		expect(merged).toEqual(expected);
		expect(parts[0].byteLength).toBe(0);
		expect(parts[2].byteLength).toBe(0);
		expect(pooled).toEqual(Buffer.from(updates[1]));
	});

	it('fails a damaged update with the StoreError an inline merge raises, and goes on merging', async () => {
		const thread = mergeThread();
		const { updates } = edits(2);
		const damaged = new Uint8Array([255, 255, 255, 1, 2, 3]);
		const inline = (() => {
			try {
				mergeForSnapshot('m', updates[0], [damaged]);
			} catch (error) {
				return error as StoreError;
			}
		})();
		const failure = await thread.merge('m', new Uint8Array(updates[0]), [new Uint8Array(damaged)]).catch((error: unknown) => error);
		expect(failure).toBeInstanceOf(StoreError);
		expect(failure).toMatchObject({ mapId: 'm', message: inline!.message });
		expect(await thread.merge('m', new Uint8Array(updates[0]), [new Uint8Array(updates[1])])).toEqual(mergeForSnapshot('m', updates[0], [updates[1]]));
	});

	it('does not keep a process alive once its merge is done', () => {
		const data = tempDataDir();
		cleanups.push(data.remove);
		const script = join(data.dir, 'merge-and-exit.ts');
		const module = resolve(import.meta.dirname, '../../server/store/merge-worker.ts');
		writeFileSync(
			script,
			`import { MergeWorker } from ${JSON.stringify(module)};
			const parts = [new Uint8Array([0, 0]), new Uint8Array([0, 0])];
			const merged = await new MergeWorker({ inlineBelowBytes: 0 }).merge('m', null, parts);
			console.log('merged', merged.byteLength);`
		);
		// Never closed: the process must end by itself. The timeout only stops a hung child.
		const child = spawnSync(process.execPath, [script], { encoding: 'utf8', timeout: 30_000 });
		expect(child.stderr).toBe('');
		expect(child.stdout).toContain('merged');
		expect({ status: child.status, signal: child.signal }).toEqual({ status: 0, signal: null });
	});
});

describe('a room while its compaction merges', () => {
	it('stores and fans out edits, and the compaction merges only what was stored before it', async () => {
		const data = tempDataDir();
		cleanups.push(data.remove);
		const entered = Promise.withResolvers<void>();
		const released = Promise.withResolvers<void>();
		const thread = mergeThread();
		const store = new SqliteStore(join(data.dir, 'tejido.db'), {
			merge: async (mapId, snapshot, updates) => {
				entered.resolve();
				await released.promise;
				return thread.merge(mapId, snapshot, updates);
			}
		});
		cleanups.push(() => store.close());
		await store.createMap({ id: 'm', name: 'M', createdAt: 1 });
		const room = new Room('m', store, { compactEvery: 3, retryMs: 10 });
		cleanups.push(() => room.close());
		await room.ready;
		const writer: Connection = { id: 'w', actor: 'user:w', canWrite: true, send: () => {}, close: () => {} };
		let fannedOut = 0;
		// [0 = sync, 2 = update]: an update the room stored and passed on.
		const reader: Connection = {
			id: 'r',
			actor: 'user:r',
			canWrite: false,
			send: (bytes) => void (bytes[0] === 0 && bytes[1] === 2 && fannedOut++),
			close: () => {}
		};
		room.join(writer);
		room.join(reader);
		const client = new Y.Doc();
		client.on('update', (update: Uint8Array) => room.receive(writer, encodeUpdateMessage(update)));
		for (let i = 0; i < 3; i++) client.getMap('agents').set(`before ${i}`, i);
		await entered.promise;
		// The merge is held until these edits have reached the reader, which happens only
		// after each is stored: were they queued behind the compaction, this would time out.
		for (let i = 0; i < 2; i++) client.getMap('agents').set(`during ${i}`, i);
		await waitFor(() => fannedOut === 5, 'the edits made during the merge reached the reader');
		released.resolve();
		await room.close();
		const stored = await store.loadDocument('m');
		expect(stored.updates).toEqual([]);
		const doc = new Y.Doc();
		Y.applyUpdate(doc, stored.snapshot!);
		expect(doc.getMap('agents').toJSON()).toEqual(client.getMap('agents').toJSON());
		expect(doc.getMap('agents').size).toBe(5);
		expect((await store.loadHistory('m')).updates).toHaveLength(5);
	});
});
