/**
 * Writes a generated map into a fresh data directory with the server's own store, as it
 * would be after a team had worked on it: the map's state plus a log of small edits, then
 * compacted into one snapshot, as a room does every `COMPACT_EVERY` updates. That compaction
 * is the one measured. Also makes one account with a live session, an editor of the map, for
 * the benchmark's clients.
 */
import { randomUUID } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import * as Y from 'yjs';
import { SessionManager } from '../server/auth/sessions.ts';
import { SqliteAccountStore } from '../server/store/sqlite-account-store.ts';
import { SqliteStore } from '../server/store/sqlite-store.ts';
import { agentPicker, editAgent } from './edits.ts';
import { generateMap, type GeneratedMap } from './generate-map.ts';

/** The server's default `COMPACT_EVERY`: a room compacts after this many stored updates. */
export const LOGGED_EDITS = 500;

export interface StoredMap {
	mapId: string;
	/** A `Cookie` header value with the session of an editor of the map. */
	cookie: string;
	/** The session token alone, for a browser cookie. */
	sessionToken: string;
	agentIds: string[];
	counts: GeneratedMap['counts'];
	generateMs: number;
	/** Bytes of the map's merged state (the stored snapshot). */
	stateBytes: number;
	/** Bytes of the database files after the map was written and compacted. */
	databaseBytes: number;
	/** Applying the stored snapshot to a fresh document in this process (no server, no socket). */
	inProcessLoadMs: number;
	/** Encoding the whole state of that document again, as for a client that has nothing. */
	inProcessEncodeMs: number;
	/** `store.compact` merging the snapshot and `updates` logged edits (read, merge on the store’s merge thread, write). */
	compaction: { updates: number; ms: number };
}

export async function writeStoredMap(dataDir: string, agents: number, seed: number): Promise<StoredMap> {
	const mapId = `bench-${agents}`;
	const generated = generateMap({ agents, seed });
	const { agentIds, counts, generateMs } = generated;
	let initial: Uint8Array | null = Y.encodeStateAsUpdate(generated.map.doc);
	const logged = recordEdits(generated.map.doc, agentIds, LOGGED_EDITS, seed);
	generated.map.doc.destroy();

	const store = new SqliteStore(join(dataDir, 'tejido.db'));
	try {
		await store.createMap({ id: mapId, name: `Benchmark ${agents}`, createdAt: Date.now() });
		const sessionToken = await createEditor(store, mapId);
		await store.compact(mapId, await store.appendUpdate(mapId, initial, 'bench-generator'));
		initial = null;
		let last = 0;
		for (const update of logged) last = await store.appendUpdate(mapId, update, 'bench-history');
		collectGarbage();
		const t0 = performance.now();
		const merged = await store.compact(mapId, last);
		const compactionMs = performance.now() - t0;
		if (merged !== logged.length) throw new Error(`compaction merged ${merged} updates, expected ${logged.length}`);

		const stored = await store.loadDocument(mapId);
		const snapshot = stored.snapshot!;
		const doc = new Y.Doc();
		const t1 = performance.now();
		Y.applyUpdate(doc, snapshot);
		const inProcessLoadMs = performance.now() - t1;
		// What the server does for every client that joins without the map (sync step 2).
		const t2 = performance.now();
		Y.encodeStateAsUpdate(doc);
		const inProcessEncodeMs = performance.now() - t2;
		doc.destroy();
		await store.close();
		collectGarbage();
		return {
			mapId,
			cookie: `tejido_session=${sessionToken}`,
			sessionToken,
			agentIds,
			counts,
			generateMs,
			stateBytes: snapshot.byteLength,
			databaseBytes: directoryBytes(dataDir),
			inProcessLoadMs,
			inProcessEncodeMs,
			compaction: { updates: merged, ms: compactionMs }
		};
	} finally {
		await store.close();
	}
}

/** Makes `count` edits on the document and returns each one's update, as clients would send them. */
function recordEdits(doc: Y.Doc, agentIds: readonly string[], count: number, seed: number): Uint8Array[] {
	const updates: Uint8Array[] = [];
	const collect = (update: Uint8Array) => updates.push(update);
	doc.on('update', collect);
	const pick = agentPicker(agentIds, seed);
	for (let n = 0; n < count; n++) editAgent(doc, 'bench-history', pick(), n);
	doc.off('update', collect);
	return updates;
}

/** Another account with `role` on the map, made in the database (a running server's too); its `Cookie` header. */
export async function createMemberCookie(dataDir: string, mapId: string, role: 'editor' | 'viewer'): Promise<string> {
	const store = new SqliteStore(join(dataDir, 'tejido.db'));
	try {
		return `tejido_session=${await createEditor(store, mapId, role)}`;
	} finally {
		await store.close();
	}
}

/** An account made directly in the database (no password: it signs in by its session only). */
async function createEditor(store: SqliteStore, mapId: string, role: 'editor' | 'viewer' = 'editor'): Promise<string> {
	const accounts = new SqliteAccountStore(store.db);
	const userId = randomUUID();
	await accounts.createUser(
		{ id: userId, email: `bench-${userId.slice(0, 8)}@example.org`, name: 'Benchmark', isAdmin: false, createdAt: Date.now() },
		'not-a-usable-hash'
	);
	await accounts.setMember(mapId, userId, role);
	return (await new SessionManager(accounts).create(userId)).token;
}

function directoryBytes(dir: string): number {
	return readdirSync(dir).reduce((sum, name) => sum + statSync(join(dir, name)).size, 0);
}

/** Frees the big documents between phases when the benchmark runs with --expose-gc. */
export function collectGarbage(): void {
	(globalThis as { gc?: () => void }).gc?.();
}
