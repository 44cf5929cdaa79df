/**
 * The browser's copy of a map in IndexedDB (src/lib/collab/local-replica.ts), on fake-indexeddb:
 * what a session stores, a later session reads back; replicas written by y-indexeddb (every
 * browser that used Tejido before) still open; nothing made before the database opened is lost;
 * many small updates are merged into one without changing what is read.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { IndexeddbPersistence } from 'y-indexeddb';
import * as Y from 'yjs';
import { COMPACT_AFTER, LocalReplica } from '../../src/lib/collab/local-replica.ts';
import { MapDocument } from '../../src/lib/model/index.ts';

let names = 0;
const freshName = () => `tejido:test-${++names}`;

/** What a later visit reads from the replica `name`. */
async function reopen(name: string): Promise<{ map: MapDocument; replica: LocalReplica }> {
	const map = new MapDocument(new Y.Doc(), 'later');
	const replica = new LocalReplica(name, map.doc);
	await replica.whenSynced;
	return { map, replica };
}

function countStored(name: string): Promise<number> {
	return new Promise((resolve, reject) => {
		const open = indexedDB.open(name);
		open.onerror = () => reject(open.error);
		open.onsuccess = () => {
			const request = open.result.transaction('updates', 'readonly').objectStore('updates').count();
			request.onsuccess = () => {
				open.result.close();
				resolve(request.result);
			};
		};
	});
}

describe('the browser’s replica of a map', () => {
	it('keeps every edit of a session, edits made before it opened included, for the next visit', async () => {
		const name = freshName();
		const map = new MapDocument(new Y.Doc(), 'ana');
		const replica = new LocalReplica(name, map.doc);
		// Before the database is open.
		const a = map.addAgent({ name: 'Antes de abrir', position: [-74.08, 4.6] });
		await replica.whenSynced;
		expect(replica.synced).toBe(true);
		map.updateAgent(a, { description: 'después' });
		const b = map.addAgent({ name: 'Después de abrir', position: [-74.1, 4.65] });
		await replica.destroy();
		const later = await reopen(name);
		expect(later.map.agent(a)).toMatchObject({ name: 'Antes de abrir', description: 'después' });
		expect(later.map.agent(b)?.name).toBe('Después de abrir');
		await later.replica.destroy();
	});

	it('stores the bytes it is given (a large sync read without echo) as they are', async () => {
		const name = freshName();
		const server = new MapDocument(new Y.Doc(), 'server');
		server.addAgent({ name: 'Del servidor', position: [-74, 4.6] });
		const replica = new LocalReplica(name, new Y.Doc());
		replica.storeUpdates([Y.encodeStateAsUpdate(server.doc)]);
		await replica.whenSynced;
		await replica.destroy();
		const later = await reopen(name);
		expect(later.map.agents().map((agent) => agent.name)).toEqual(['Del servidor']);
		await later.replica.destroy();
	});

	it('opens a replica that y-indexeddb wrote', async () => {
		const name = freshName();
		const map = new MapDocument(new Y.Doc(), 'ana');
		const old = new IndexeddbPersistence(name, map.doc);
		await old.whenSynced;
		const id = map.addAgent({ name: 'Guardado por y-indexeddb', position: [-74.08, 4.6] });
		await new Promise((resolve) => setTimeout(resolve, 50));
		await old.destroy();
		const later = await reopen(name);
		expect(later.map.agent(id)?.name).toBe('Guardado por y-indexeddb');
		await later.replica.destroy();
	});

	it('merges many small updates into one, and reads the same after', async () => {
		const name = freshName();
		const map = new MapDocument(new Y.Doc(), 'ana');
		const replica = new LocalReplica(name, map.doc);
		await replica.whenSynced;
		const id = map.addAgent({ name: 'Arrastrado', position: [-74, 4.6] });
		for (let i = 0; i < COMPACT_AFTER + 10; i++) map.moveAgent(id, [-74 + i / 1000, 4.6]);
		await new Promise((resolve) => setTimeout(resolve, 1500));
		expect(await countStored(name)).toBeLessThan(10);
		await replica.destroy();
		const later = await reopen(name);
		expect(later.map.agent(id)?.position).toEqual(map.agent(id)?.position);
		expect(Y.equalSnapshots(Y.snapshot(later.map.doc), Y.snapshot(map.doc))).toBe(true);
		await later.replica.destroy();
	});
});
