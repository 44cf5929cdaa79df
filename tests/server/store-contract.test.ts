/**
 * One contract for every storage engine: the same tests run against SQLite (a real file) and
 * PostgreSQL (a real server from Debian's package, see services.ts). Each test gets an empty
 * database; "two processes" are two independent store instances on it.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { MapDocument, type Target } from '../../src/lib/model/index.ts';
import { DuplicateEmailError, type AccountStore, type LinkRecord, type User } from '../../server/store/account-store.ts';
import { StoreError, type DocumentStore, type StoredDocument } from '../../server/store/document-store.ts';
import { MergeWorker, type MergeOptions, type SnapshotMerge } from '../../server/store/merge-worker.ts';
import { PostgresAccountStore } from '../../server/store/postgres-account-store.ts';
import { PostgresStore, openPostgres } from '../../server/store/postgres-store.ts';
import { LOCK_NAMESPACE } from '../../server/store/postgres-schema.ts';
import { SqliteAccountStore } from '../../server/store/sqlite-account-store.ts';
import { SqliteStore } from '../../server/store/sqlite-store.ts';
import type { OutboxStore } from '../../server/store/outbox-store.ts';
import { PostgresOutboxStore } from '../../server/store/postgres-outbox-store.ts';
import { SqliteOutboxStore } from '../../server/store/sqlite-outbox-store.ts';
import { tempDataDir } from './harness.ts';
import { startPostgres, type PostgresServer } from './services.ts';

interface Stores {
	store: DocumentStore;
	accounts: AccountStore;
}

interface Engine {
	name: 'sqlite' | 'postgresql';
	setup(): Promise<void>;
	teardown(): Promise<void>;
	/** An empty database; `open()` connects to it like one more server process. */
	fresh(): Promise<{ open(options?: MergeOptions): Promise<Stores>; url: string }>;
}

const opened: Stores[] = [];
const cleanups: (() => void | Promise<void>)[] = [];

afterEach(async () => {
	for (const { store } of opened.splice(0)) await store.close();
	for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const sqlite: Engine = {
	name: 'sqlite',
	async setup() {},
	async teardown() {},
	async fresh() {
		const data = tempDataDir();
		cleanups.push(data.remove);
		const file = `${data.dir}/tejido.db`;
		return {
			url: file,
			async open(options?: MergeOptions) {
				const store = new SqliteStore(file, options);
				const stores = { store, accounts: new SqliteAccountStore(store.db) };
				opened.push(stores);
				return stores;
			}
		};
	}
};

let postgresServer: PostgresServer;
const postgres: Engine = {
	name: 'postgresql',
	async setup() {
		postgresServer = await startPostgres();
	},
	async teardown() {
		await postgresServer?.stop();
	},
	async fresh() {
		const url = await postgresServer.createDatabase();
		return {
			url,
			async open(options?: MergeOptions) {
				const store = new PostgresStore(await openPostgres(url, { poolSize: 4 }), options);
				const stores = { store, accounts: new PostgresAccountStore(store.pool) };
				opened.push(stores);
				return stores;
			}
		};
	}
};

/** Runs statements on a database as another program would (the stores have no such call). */
async function sql(stores: Stores, url: string, statements: string[]): Promise<void> {
	if (stores.store instanceof SqliteStore) {
		for (const statement of statements) stores.store.db.exec(statement);
		return;
	}
	const client = new pg.Client({ connectionString: url });
	await client.connect();
	try {
		for (const statement of statements) await client.query(statement);
	} finally {
		await client.end();
	}
}

/** Marks a map as made before targets moved to the database (what the schema upgrade does). */
function markPending(stores: Stores, url: string, mapId: string): Promise<void> {
	const pending = stores.store instanceof SqliteStore ? 1 : true;
	return sql(stores, url, [`UPDATE maps SET document_targets_pending = ${pending} WHERE id = '${mapId}'`]);
}

/** The outbox on the same database as `stores`. */
function outboxOf(stores: Stores): OutboxStore {
	return stores.store instanceof SqliteStore ? new SqliteOutboxStore(stores.store.db) : new PostgresOutboxStore((stores.store as PostgresStore).pool);
}

/** A writer whose every edit yields one Yjs update, as a client's would. */
function writer(actor = 'tester') {
	const map = new MapDocument(new Y.Doc(), actor);
	const updates: Uint8Array[] = [];
	map.doc.on('update', (update: Uint8Array) => updates.push(update));
	return { map, updates };
}

/**
 * A writer that adds `count` agents, one update each, every update appended to map 'm' of
 * `store` as `actor`; with the numbers the store gave them.
 */
async function appendAgents(
	store: DocumentStore,
	count: number,
	{ actor = 'w', name = (i: number) => `a${i}`, position = (_: number): [number, number] => [-74, 4.6] } = {}
) {
	const w = writer();
	for (let i = 0; i < count; i++) w.map.addAgent({ name: name(i), position: position(i) });
	const seqs: number[] = [];
	for (const update of w.updates) seqs.push(await store.appendUpdate('m', update, actor));
	return { w, seqs };
}

function materialise(stored: StoredDocument): MapDocument {
	const doc = new Y.Doc();
	if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
	for (const { update } of stored.updates) Y.applyUpdate(doc, update);
	return new MapDocument(doc);
}

/**
 * A merge that waits, once entered, until the test lets it go on: what a merge of a large map
 * does for seconds. Merges on a real merge thread, even the small inputs of these tests.
 */
function heldMerge(): { merge: SnapshotMerge; entered: Promise<void>; release(): void } {
	const thread = new MergeWorker({ inlineBelowBytes: 0 });
	cleanups.push(() => thread.close());
	const entered = Promise.withResolvers<void>();
	const released = Promise.withResolvers<void>();
	return {
		merge: async (mapId, snapshot, updates) => {
			entered.resolve();
			await released.promise;
			return thread.merge(mapId, snapshot, updates);
		},
		entered: entered.promise,
		release: () => released.resolve()
	};
}

function user(name: string, email = `${name.toLowerCase()}@example.org`): User {
	return { id: randomUUID(), email, name, isAdmin: false, createdAt: Date.now() };
}

function link(mapId: string, createdBy: string, patch: Partial<LinkRecord> = {}): LinkRecord {
	return {
		id: randomUUID().replaceAll('-', ''),
		mapId,
		role: 'viewer',
		secretHash: new Uint8Array(32).fill(7),
		createdBy,
		createdAt: Date.now(),
		expiresAt: null,
		revokedAt: null,
		usedBy: null,
		...patch
	};
}

for (const engine of [sqlite, postgres]) {
	describe(`store contract on ${engine.name}`, () => {
		beforeAll(() => engine.setup());
		afterAll(() => engine.teardown());

		async function stores(): Promise<Stores> {
			return (await engine.fresh()).open();
		}

		/** Two processes on one new database (the first with `options`), and map 'm' created. */
		async function twoProcessesOnMap(options?: MergeOptions): Promise<{ one: Stores; two: Stores }> {
			const db = await engine.fresh();
			const one = await db.open(options);
			const two = await db.open();
			await one.store.createMap({ id: 'm', name: 'M', createdAt: 1 });
			return { one, two };
		}

		describe('maps', () => {
			it('creates, finds and lists maps in creation order', async () => {
				const { store } = await stores();
				expect(await store.listMaps()).toEqual([]);
				await store.createMap({ id: 'b', name: 'Segundo', createdAt: 2000 });
				await store.createMap({ id: 'a', name: 'Primero', createdAt: 1000 });
				expect(await store.getMap('a')).toEqual({ id: 'a', name: 'Primero', createdAt: 1000 });
				expect(await store.getMap('nope')).toBeNull();
				expect((await store.listMaps()).map((m) => m.id)).toEqual(['a', 'b']);
				await expect(store.createMap({ id: 'a', name: 'Again', createdAt: 3000 })).rejects.toThrow();
			});
		});

		describe('update log', () => {
			it('appends updates with increasing numbers and loads them back with actor and time', async () => {
				const { store } = await stores();
				await store.createMap({ id: 'm', name: 'M', createdAt: 1 });
				const empty = await store.loadDocument('m');
				expect(empty).toEqual({ snapshot: null, snapshotSeq: 0, updates: [] });
				const w = writer();
				w.map.addAgent({ name: 'Uno', position: [-74.1, 4.6] });
				w.map.addAgent({ name: 'Dos', position: [-74.2, 4.7] });
				const before = Date.now();
				const seqs = [];
				for (const [i, update] of w.updates.entries()) seqs.push(await store.appendUpdate('m', update, `user:${i}`));
				expect(seqs[1]).toBeGreaterThan(seqs[0]);
				const loaded = await store.loadDocument('m');
				expect(loaded.snapshot).toBeNull();
				expect(loaded.updates.map((u) => u.seq)).toEqual(seqs);
				expect(loaded.updates.map((u) => u.actor)).toEqual(['user:0', 'user:1']);
				expect(loaded.updates[0].update).toEqual(w.updates[0]);
				expect(loaded.updates[0].update).toBeInstanceOf(Uint8Array);
				for (const u of loaded.updates) expect(u.at).toBeGreaterThanOrEqual(before - 1000);
				expect(materialise(loaded).toCanonicalJSON()).toBe(w.map.toCanonicalJSON());
			});

			it('refuses an update for a map that does not exist', async () => {
				const { store } = await stores();
				await expect(store.appendUpdate('ghost', new Uint8Array([0, 0]), 'x')).rejects.toThrow();
			});

			it('keeps each map’s log apart', async () => {
				const { store } = await stores();
				await store.createMap({ id: 'a', name: 'A', createdAt: 1 });
				await store.createMap({ id: 'b', name: 'B', createdAt: 2 });
				const a = writer();
				const b = writer();
				a.map.addAgent({ name: 'en A', position: [-74, 4.6] });
				b.map.addAgent({ name: 'en B', position: [-74, 4.6] });
				await store.appendUpdate('a', a.updates[0], 'x');
				await store.appendUpdate('b', b.updates[0], 'y');
				expect(materialise(await store.loadDocument('a')).agents().map((x) => x.name)).toEqual(['en A']);
				expect(materialise(await store.loadDocument('b')).agents().map((x) => x.name)).toEqual(['en B']);
			});

			it('numbers concurrent appends from two processes uniquely and loses none', async () => {
				const { one, two } = await twoProcessesOnMap();
				const w1 = writer('one');
				const w2 = writer('two');
				for (let i = 0; i < 40; i++) {
					w1.map.addAgent({ name: `uno ${i}`, position: [-74, 4.6] });
					w2.map.addAgent({ name: `dos ${i}`, position: [-74.1, 4.6] });
				}
				const seqs = await Promise.all([
					...w1.updates.map((u) => one.store.appendUpdate('m', u, 'one')),
					...w2.updates.map((u) => two.store.appendUpdate('m', u, 'two'))
				]);
				expect(new Set(seqs).size).toBe(80);
				const loaded = await two.store.loadDocument('m');
				expect(loaded.updates).toHaveLength(80);
				expect(materialise(loaded).agentCount()).toBe(80);
			});
		});

		describe('compaction', () => {
			it('merges the snapshot and the updates up to a number from its own rows, and keeps the rest', async () => {
				const { store } = await stores();
				await store.createMap({ id: 'm', name: 'M', createdAt: 1 });
				const { w, seqs } = await appendAgents(store, 10, { position: (i) => [-74, 4.6 + i / 100] });
				expect(await store.compact('m', seqs[5])).toBe(6);
				const after = await store.loadDocument('m');
				expect(after.snapshot).not.toBeNull();
				expect(after.snapshotSeq).toBe(seqs[5]);
				expect(after.updates.map((u) => u.seq)).toEqual(seqs.slice(6));
				expect(materialise(after).toCanonicalJSON()).toBe(w.map.toCanonicalJSON());

				// A second compaction folds the old snapshot in as well.
				w.map.updateAgent(w.map.ids('agents')[0], { name: 'renombrado' });
				const last = await store.appendUpdate('m', w.updates.at(-1)!, 'w');
				expect(await store.compact('m', last)).toBe(5);
				const final = await store.loadDocument('m');
				expect(final.updates).toEqual([]);
				expect(final.snapshotSeq).toBe(last);
				expect(materialise(final).toCanonicalJSON()).toBe(w.map.toCanonicalJSON());
				expect(await store.compact('m', last)).toBe(0);

				// Numbering goes on above the snapshot.
				w.map.addAgent({ name: 'después', position: [-74, 4.7] });
				expect(await store.appendUpdate('m', w.updates.at(-1)!, 'w')).toBeGreaterThan(last);
			});

			// A map's copy starts from this (POST /api/maps/:id/copy); before, no store had it.
			it('loads the whole stored map as one update: snapshot and later updates merged; null when empty', async () => {
				const { store } = await stores();
				await store.createMap({ id: 'm', name: 'M', createdAt: 1 });
				expect(await store.loadMerged('m')).toBeNull();
				const { w, seqs } = await appendAgents(store, 6);
				await store.compact('m', seqs[3]);
				w.map.updateAgent(w.map.ids('agents')[0], { name: 'después de compactar' });
				await store.appendUpdate('m', w.updates.at(-1)!, 'w');
				const merged = (await store.loadMerged('m'))!;
				const doc = new Y.Doc();
				Y.applyUpdate(doc, merged);
				expect(new MapDocument(doc).toCanonicalJSON()).toBe(w.map.toCanonicalJSON());
				// Reading it changes nothing stored.
				expect((await store.loadDocument('m')).updates).toHaveLength(3);
			});

			it('keeps an update the caller’s document never had (stored by another process)', async () => {
				const { one, two } = await twoProcessesOnMap();
				const a = writer('a');
				const b = writer('b');
				a.map.addAgent({ name: 'de A', position: [-74, 4.6] });
				b.map.addAgent({ name: 'de B', position: [-74.1, 4.6] });
				await one.store.appendUpdate('m', a.updates[0], 'a');
				const seq = await two.store.appendUpdate('m', b.updates[0], 'b');
				// Process one compacts knowing only its own document; the store merges its rows.
				await one.store.compact('m', seq);
				const names = materialise(await one.store.loadDocument('m'))
					.agents()
					.map((x) => x.name)
					.sort();
				expect(names).toEqual(['de A', 'de B']);
			});

			for (const where of ['inline', 'on the merge thread'] as const) {
				it(`is all-or-nothing: a damaged row fails the compaction and changes nothing (merged ${where})`, async () => {
					const thread = new MergeWorker({ inlineBelowBytes: where === 'inline' ? Infinity : 0 });
					cleanups.push(() => thread.close());
					const { store } = await (await engine.fresh()).open({ merge: thread.merge });
					await store.createMap({ id: 'm', name: 'M', createdAt: 1 });
					const w = writer();
					w.map.addAgent({ name: 'bien', position: [-74, 4.6] });
					await store.appendUpdate('m', w.updates[0], 'w');
					const bad = await store.appendUpdate('m', new Uint8Array([255, 255, 255, 1, 2, 3]), 'hostile');
					const before = await store.loadDocument('m');
					const failure = await store.compact('m', bad).catch((error: unknown) => error);
					expect(failure).toBeInstanceOf(StoreError);
					expect((failure as StoreError).mapId).toBe('m');
					expect(await store.loadDocument('m')).toEqual(before);
				});
			}

			it('stores an append made while a compaction merges, and keeps it in the log', async () => {
				const held = heldMerge();
				const { store } = await (await engine.fresh()).open({ merge: held.merge });
				await store.createMap({ id: 'm', name: 'M', createdAt: 1 });
				const { w, seqs } = await appendAgents(store, 3, { name: (i) => `antes ${i}` });
				const compaction = store.compact('m', seqs[2]);
				await held.entered;
				// The merge is held until this append and a load have both finished: were either
				// waiting for the compaction, the test would never get past them.
				w.map.addAgent({ name: 'durante', position: [-74.1, 4.6] });
				const during = await store.appendUpdate('m', w.updates.at(-1)!, 'w');
				expect(during).toBeGreaterThan(seqs[2]);
				expect(materialise(await store.loadDocument('m')).agentCount()).toBe(4);
				held.release();
				expect(await compaction).toBe(3);
				const after = await store.loadDocument('m');
				expect(after.snapshotSeq).toBe(seqs[2]);
				expect(after.updates.map((u) => u.seq)).toEqual([during]);
				expect(materialise(after).toCanonicalJSON()).toBe(w.map.toCanonicalJSON());
				expect((await store.loadHistory('m')).updates.map((u) => u.seq)).toEqual([...seqs, during]);
			});

			it('of two overlapping compactions from two processes, the one that merged a stale state skips', async () => {
				const held = heldMerge();
				const { one, two } = await twoProcessesOnMap({ merge: held.merge });
				const { w, seqs } = await appendAgents(one.store, 3);
				// One reads the log and merges; meanwhile two appends and compacts everything.
				const stale = one.store.compact('m', seqs[2]);
				await held.entered;
				w.map.updateAgent(w.map.ids('agents')[0], { name: 'cambiado' });
				const later = await two.store.appendUpdate('m', w.updates.at(-1)!, 'w');
				expect(await two.store.compact('m', later)).toBe(4);
				held.release();
				expect(await stale).toBe(0);
				const loaded = await one.store.loadDocument('m');
				expect(loaded.snapshotSeq).toBe(later);
				expect(loaded.updates).toEqual([]);
				expect(materialise(loaded).toCanonicalJSON()).toBe(w.map.toCanonicalJSON());
				// Each update moved to the history exactly once.
				expect((await one.store.loadHistory('m')).updates.map((u) => u.seq)).toEqual([...seqs, later]);
			});

			it('two processes compacting while both append lose nothing', async () => {
				const { one, two } = await twoProcessesOnMap();
				const w1 = writer('one');
				const w2 = writer('two');
				for (let i = 0; i < 60; i++) {
					w1.map.addAgent({ name: `uno ${i}`, position: [-74, 4.6] });
					w2.map.addAgent({ name: `dos ${i}`, position: [-74.1, 4.6] });
				}
				let high = 0;
				const appendAll = async (s: Stores, updates: Uint8Array[], actor: string) => {
					for (const update of updates) {
						// Read `high` after the await: the other writer may have raised it meanwhile.
						const seq = await s.store.appendUpdate('m', update, actor);
						high = Math.max(high, seq);
					}
				};
				const compactOften = async (s: Stores) => {
					let merged = 0;
					for (let i = 0; i < 15; i++) {
						merged += await s.store.compact('m', high);
						await new Promise((resolve) => setTimeout(resolve, 1));
					}
					return merged;
				};
				const [, , merged1, merged2] = await Promise.all([
					appendAll(one, w1.updates, 'one'),
					appendAll(two, w2.updates, 'two'),
					compactOften(one),
					compactOften(two)
				]);
				const loaded = await one.store.loadDocument('m');
				// Every update is merged exactly once or still in the log.
				expect(merged1 + merged2 + loaded.updates.length).toBe(120);
				expect(materialise(loaded).agentCount()).toBe(120);
				await two.store.compact('m', high);
				const final = await two.store.loadDocument('m');
				expect(final.updates).toEqual([]);
				expect(materialise(final).agentCount()).toBe(120);
			});
		});

		describe('history and activity', () => {
			it('keeps every update through compactions, with actor and time, in sequence order', async () => {
				const { store } = await stores();
				await store.createMap({ id: 'm', name: 'M', createdAt: 1 });
				expect(await store.loadHistory('m')).toEqual({ base: null, updates: [] });
				const w = writer();
				for (let i = 0; i < 5; i++) w.map.addAgent({ name: `a${i}`, position: [-74, 4.6] });
				const seqs = [];
				for (const [i, update] of w.updates.entries()) seqs.push(await store.appendUpdate('m', update, `user:${i}`));
				await store.compact('m', seqs[2]);
				w.map.updateAgent(w.map.ids('agents')[0], { name: 'después' });
				seqs.push(await store.appendUpdate('m', w.updates.at(-1)!, 'user:5'));
				await store.compact('m', seqs.at(-1)!);
				expect((await store.loadDocument('m')).updates).toEqual([]);
				const history = await store.loadHistory('m');
				expect(history.base).toBeNull();
				expect(history.updates.map((u) => [u.seq, u.actor])).toEqual(seqs.map((seq, i) => [seq, `user:${i}`]));
				expect(history.updates[5].update).toEqual(w.updates[5]);
				expect(history.updates.every((u) => u.at > 0)).toBe(true);
				const replay = new Y.Doc();
				for (const { update } of history.updates) Y.applyUpdate(replay, update);
				expect(new MapDocument(replay).toCanonicalJSON()).toBe(w.map.toCanonicalJSON());
			});

			it('hands out undigested updates once, saves digests only at the version read, and pages the feed', async () => {
				const { one, two } = await twoProcessesOnMap();
				const { seqs } = await appendAgents(one.store, 4, { actor: 'user:ana' });
				const backlog = await one.store.activityBacklog('m', 3);
				expect(backlog.state).toBeNull();
				expect(backlog.version).toBe(0);
				expect(backlog.updates.map((u) => u.seq)).toEqual(seqs.slice(0, 3));
				const entity = (i: number, extra: object = {}) => ({
					collection: 'agents',
					id: `agent-${i}`,
					action: 'added' as const,
					name: `a${i}`,
					fields: ['name'],
					value: JSON.stringify({ name: `a${i}` }),
					...extra
				});
				const records = [
					{ seq: seqs[0], actor: 'user:ana', at: 1000, entities: [entity(0), entity(9, { action: 'changed' })], entityCount: 2 },
					{ seq: seqs[1], actor: 'user:ana', at: 2000, entities: [], entityCount: 0 },
					{ seq: seqs[2], actor: 'user:beto', at: 3000, entities: [entity(2)], entityCount: 1 }
				];
				const state = new Uint8Array([1, 2, 3]);
				expect(await one.store.saveActivity('m', records, state, 0)).toBe(true);
				// A second process that read the same backlog is refused: it would save a stale state.
				expect(await two.store.saveActivity('m', records, new Uint8Array([9]), 0)).toBe(false);
				await one.store.compact('m', seqs[3]);
				const next = await two.store.activityBacklog('m', 10);
				expect(next).toEqual({ state, version: 1, updates: [expect.objectContaining({ seq: seqs[3], actor: 'user:ana' })] });

				const feed = await two.store.listActivity('m', { limit: 10, entityLimit: 1 });
				expect(feed.map((r) => r.seq)).toEqual([seqs[2], seqs[0]]);
				expect(feed[1]).toEqual({
					seq: seqs[0],
					actor: 'user:ana',
					at: 1000,
					entityCount: 2,
					entities: [{ ...entity(0), value: null }]
				});
				expect((await two.store.listActivity('m', { beforeSeq: seqs[2], limit: 10, entityLimit: 5 })).map((r) => r.seq)).toEqual([seqs[0]]);
				expect(await two.store.entityHistory('m', 'agents', 'agent-9', 10)).toEqual([
					{ seq: seqs[0], actor: 'user:ana', at: 1000, entityCount: 2, entities: [entity(9, { action: 'changed' })] }
				]);
				expect(await two.store.entityHistory('m', 'links', 'agent-9', 10)).toEqual([]);
			});

			it('publishes a map’s indicators only when its owner says so', async () => {
				const { store, accounts } = await stores();
				await store.createMap({ id: 'm', name: 'M', createdAt: 1 });
				expect(await accounts.indicatorsPublic('m')).toBe(false);
				expect(await accounts.indicatorsPublic('nope')).toBe(false);
				await accounts.setIndicatorsPublic('m', true);
				expect(await accounts.indicatorsPublic('m')).toBe(true);
				await accounts.setIndicatorsPublic('m', false);
				expect(await accounts.indicatorsPublic('m')).toBe(false);
			});
		});

		describe('targets', () => {
			const target = (id: string, until: string, patch: Partial<Target> = {}): Target => ({
				id,
				label: `Meta ${id}`,
				kinds: ['agreement', 'memorandum'],
				goal: 50,
				from: '',
				until,
				...patch
			});

			it('keeps a map’s targets by deadline, replaces and deletes them, and drops them with the map', async () => {
				const { store, accounts } = await stores();
				await store.createMap({ id: 'm', name: 'M', createdAt: 1 });
				await store.createMap({ id: 'other', name: 'O', createdAt: 2 });
				expect(await accounts.targets('m')).toEqual([]);
				await accounts.addTarget('m', target('b', '2028-12-31'));
				await accounts.addTarget('m', target('Z', '2027-12-31', { from: '2026-01-01', kinds: ['event'] }));
				await accounts.addTarget('m', target('a', '2028-12-31'));
				await accounts.addTarget('other', target('a', '2030-01-01'));
				expect(await accounts.targets('m')).toEqual([target('Z', '2027-12-31', { from: '2026-01-01', kinds: ['event'] }), target('a', '2028-12-31'), target('b', '2028-12-31')]);
				expect(await accounts.replaceTarget('m', target('a', '2029-06-30', { goal: 7, label: 'Siete' }))).toBe(true);
				expect(await accounts.replaceTarget('m', target('nope', '2029-06-30'))).toBe(false);
				expect((await accounts.targets('m')).at(-1)).toEqual(target('a', '2029-06-30', { goal: 7, label: 'Siete' }));
				expect(await accounts.deleteTarget('m', 'b')).toBe(true);
				expect(await accounts.deleteTarget('m', 'b')).toBe(false);
				expect((await accounts.targets('m')).map((t) => t.id)).toEqual(['Z', 'a']);
				expect((await accounts.targets('other')).map((t) => t.id)).toEqual(['a']);
				await accounts.deleteMap('m');
				expect(await accounts.targets('m')).toEqual([]);
			});

			it('carries a document’s targets over once: a second carry-over writes nothing, and a deletion sticks', async () => {
				const db = await engine.fresh();
				const one = await db.open();
				await one.store.createMap({ id: 'm', name: 'M', createdAt: 1 });
				// A map made now has nothing to carry over.
				expect(await one.accounts.documentTargetsPending('m')).toBe(false);
				await markPending(one, db.url, 'm');
				const two = await db.open();
				expect(await two.accounts.documentTargetsPending('m')).toBe(true);
				expect(await two.accounts.mapsWithDocumentTargetsPending()).toEqual(['m']);
				const [first, second] = await Promise.all([
					one.accounts.carryOverDocumentTargets('m', [target('x', '2027-12-31'), target('y', '2026-12-31')]),
					two.accounts.carryOverDocumentTargets('m', [target('other', '2027-12-31')])
				]);
				expect([first, second].filter(Boolean)).toHaveLength(1);
				const carried = (await one.accounts.targets('m')).map((t) => t.id);
				expect(carried).toEqual(first ? ['y', 'x'] : ['other']);
				expect(await one.accounts.documentTargetsPending('m')).toBe(false);
				expect(await one.accounts.mapsWithDocumentTargetsPending()).toEqual([]);
				await one.accounts.deleteTarget('m', carried[0]);
				expect(await two.accounts.carryOverDocumentTargets('m', [target('x', '2027-12-31'), target('y', '2026-12-31')])).toBe(false);
				expect((await two.accounts.targets('m')).map((t) => t.id)).toEqual(carried.slice(1));
			});

			it('a map made before targets moved to the database waits to carry its document’s over', async () => {
				const db = await engine.fresh();
				const before = await db.open();
				// Back to the schema before targets had a table, as an older server left it.
				await sql(before, db.url, [
					'DROP TABLE mail_outbox',
					'DROP TABLE password_resets',
					'DROP TABLE map_targets',
					'ALTER TABLE maps DROP COLUMN document_targets_pending',
					'ALTER TABLE maps DROP COLUMN personal_fields',
					engine.name === 'sqlite' ? 'PRAGMA user_version = 3' : 'DELETE FROM tejido_migrations WHERE version >= 3'
				]);
				await before.store.createMap({ id: 'old', name: 'Old', createdAt: 1 });
				await before.store.close();
				opened.splice(opened.indexOf(before), 1);
				const after = await db.open();
				expect(await after.accounts.mapsWithDocumentTargetsPending()).toEqual(['old']);
				await after.store.createMap({ id: 'new', name: 'New', createdAt: 2 });
				expect(await after.accounts.documentTargetsPending('new')).toBe(false);
			});
		});

		if (engine.name === 'postgresql') {
			describe('PostgreSQL specifics', () => {
				it('an update numbered before a compaction but committed after it stays part of the map', async () => {
					const db = await engine.fresh();
					const { store } = await db.open();
					await store.createMap({ id: 'm', name: 'M', createdAt: 1 });
					const w = writer();
					w.map.addAgent({ name: 'tardío', position: [-74, 4.6] });
					w.map.addAgent({ name: 'puntual', position: [-74.1, 4.6] });
					const late = new pg.Client({ connectionString: db.url });
					await late.connect();
					cleanups.push(() => late.end());
					await late.query('BEGIN');
					const { rows } = await late.query(
						'INSERT INTO map_updates (map_id, data, actor, at) VALUES ($1, $2, $3, $4) RETURNING seq',
						['m', Buffer.from(w.updates[0]), 'late', Date.now()]
					);
					const onTime = await store.appendUpdate('m', w.updates[1], 'on-time');
					expect(onTime).toBeGreaterThan(Number(rows[0].seq));
					expect(await store.compact('m', onTime)).toBe(1);
					await late.query('COMMIT');
					const loaded = await store.loadDocument('m');
					expect(loaded.updates.map((u) => u.seq)).toEqual([Number(rows[0].seq)]);
					expect(loaded.updates[0].seq).toBeLessThan(loaded.snapshotSeq);
					expect(materialise(loaded).agentCount()).toBe(2);
					expect(await store.compact('m', onTime)).toBe(1);
					expect(materialise(await store.loadDocument('m')).agentCount()).toBe(2);
				});

				it('a compaction skips while another process holds the map’s compaction lock', async () => {
					const db = await engine.fresh();
					const { store } = await db.open();
					await store.createMap({ id: 'm', name: 'M', createdAt: 1 });
					const w = writer();
					w.map.addAgent({ name: 'x', position: [-74, 4.6] });
					const seq = await store.appendUpdate('m', w.updates[0], 'w');
					const other = new pg.Client({ connectionString: db.url });
					await other.connect();
					cleanups.push(() => other.end());
					await other.query('BEGIN');
					await other.query('SELECT pg_advisory_xact_lock(hashtextextended($1, $2))', ['tejido:compact:m', LOCK_NAMESPACE]);
					expect(await store.compact('m', seq)).toBe(0);
					await other.query('COMMIT');
					expect(await store.compact('m', seq)).toBe(1);
				});

				it('two processes starting on an empty database migrate it once', async () => {
					const db = await engine.fresh();
					const [one, two] = await Promise.all([db.open(), db.open()]);
					await one.store.createMap({ id: 'm', name: 'M', createdAt: 1 });
					expect(await two.store.getMap('m')).not.toBeNull();
				});
			});
		}

		describe('outbox', () => {
			const mail = (to: string, expiresAt = 100_000) => ({ to, subject: `Para ${to}`, text: 'texto', html: '<p>texto</p>', expiresAt });

			it('hands a due message to one claimer, holds it for the lease, and deletes it once delivered', async () => {
				const db = await engine.fresh();
				const one = outboxOf(await db.open());
				const two = outboxOf(await db.open());
				expect(await one.nextDue()).toBeNull();
				const a = await one.enqueue(mail('a@example.org'), 1000);
				await one.enqueue(mail('b@example.org'), 2000);
				expect(await two.nextDue()).toBe(1000);
				expect(await one.claim(500, 60_000, 10)).toEqual([]);
				const [first, second] = await Promise.all([one.claim(2000, 60_000, 1), two.claim(2000, 60_000, 1)]);
				const claimed = [...first, ...second];
				expect(claimed.map((m) => m.to).sort()).toEqual(['a@example.org', 'b@example.org']);
				expect(claimed.find((m) => m.id === a)).toEqual({ id: a, createdAt: 1000, attempts: 1, ...mail('a@example.org') });
				// Held until the lease ends: nobody else takes them meanwhile.
				expect(await two.claim(3000, 60_000, 10)).toEqual([]);
				expect(await two.nextDue()).toBe(62_000);
				await one.delivered(a);
				const again = await two.claim(62_000, 60_000, 10);
				expect(again.map((m) => [m.to, m.attempts])).toEqual([['b@example.org', 2]]);
			});

			it('retries a failed message at the time given, and drops expired ones', async () => {
				const outbox = outboxOf(await stores());
				const id = await outbox.enqueue(mail('a@example.org', 50_000), 1000);
				await outbox.enqueue(mail('old@example.org', 1500), 1000);
				const [claimed] = await outbox.claim(1000, 60_000, 10);
				await outbox.failed(claimed.id, 5000, 'connect ECONNREFUSED');
				expect(await outbox.claim(4999, 60_000, 10)).toHaveLength(0);
				// The expired one is never handed out, and is dropped.
				expect(await outbox.dropExpired(2000)).toBe(1);
				expect((await outbox.claim(5000, 60_000, 10)).map((m) => [m.id, m.attempts])).toEqual([[id, 2]]);
				expect(await outbox.dropExpired(50_000)).toBe(1);
				expect(await outbox.nextDue()).toBeNull();
			});
		});

		describe('accounts', () => {
			it('creates users, finds them by id and by email in any case, and counts them', async () => {
				const { accounts } = await stores();
				expect(await accounts.countUsers()).toBe(0);
				const ana = { ...user('Ana', 'Ana@Example.org'), isAdmin: true };
				await accounts.createUser(ana, 'hash-1');
				await accounts.createUser(user('Beto'), 'hash-2');
				expect(await accounts.countUsers()).toBe(2);
				expect(await accounts.userById(ana.id)).toEqual({ ...ana, passwordHash: 'hash-1' });
				expect(await accounts.userByEmail('ana@example.org')).toEqual({ ...ana, passwordHash: 'hash-1' });
				expect(await accounts.userByEmail('nobody@example.org')).toBeNull();
				expect(await accounts.userById('nobody')).toBeNull();
				await expect(accounts.createUser(user('Otra Ana', 'ANA@example.org'), 'h')).rejects.toBeInstanceOf(DuplicateEmailError);
				await accounts.setPasswordHash(ana.id, 'hash-new');
				expect((await accounts.userById(ana.id))?.passwordHash).toBe('hash-new');
			});

			it('stores sessions by id with the secret’s hash, extends and deletes them', async () => {
				const { accounts } = await stores();
				const ana = user('Ana');
				await accounts.createUser(ana, 'h');
				const session = (id: string) => ({
					id,
					userId: ana.id,
					secretHash: new Uint8Array(32).map((_, i) => i),
					createdAt: 1000,
					expiresAt: 5000
				});
				for (const id of ['s1', 's2', 's3']) await accounts.createSession(session(id));
				expect(await accounts.getSession('s1')).toEqual(session('s1'));
				expect(await accounts.getSession('nope')).toBeNull();
				await accounts.extendSession('s1', 9000);
				expect((await accounts.getSession('s1'))?.expiresAt).toBe(9000);
				await accounts.deleteSession('s1');
				expect(await accounts.getSession('s1')).toBeNull();
				await accounts.deleteUserSessions(ana.id, 's2');
				expect(await accounts.getSession('s2')).not.toBeNull();
				expect(await accounts.getSession('s3')).toBeNull();
				await accounts.deleteUserSessions(ana.id);
				expect(await accounts.getSession('s2')).toBeNull();
			});

			it('reads and changes a map’s settings', async () => {
				const { store, accounts } = await stores();
				await store.createMap({ id: 'm', name: 'Mapa', createdAt: 1000 });
				expect(await accounts.mapSettings('m')).toEqual({ id: 'm', name: 'Mapa', createdAt: 1000, archivedAt: null, openRole: null, personalFields: [] });
				expect(await accounts.mapSettings('nope')).toBeNull();
				await accounts.updateMap('m', { name: 'Nuevo', archivedAt: 2000, openRole: 'editor' });
				expect(await accounts.mapSettings('m')).toEqual({ id: 'm', name: 'Nuevo', createdAt: 1000, archivedAt: 2000, openRole: 'editor', personalFields: [] });
				await accounts.updateMap('m', { archivedAt: null });
				expect(await accounts.mapSettings('m')).toMatchObject({ name: 'Nuevo', archivedAt: null, openRole: 'editor' });
				await accounts.updateMap('m', { openRole: null });
				expect((await accounts.mapSettings('m'))?.openRole).toBeNull();
				await accounts.updateMap('m', { personalFields: ['address', 'website'] });
				expect((await accounts.mapSettings('m'))?.personalFields).toEqual(['address', 'website']);
				await accounts.updateMap('m', { personalFields: [] });
				expect((await accounts.mapSettings('m'))?.personalFields).toEqual([]);
			});

			it('manages members and lists a user’s maps: own role first, else the map’s open role', async () => {
				const { store, accounts } = await stores();
				const ana = user('Ana');
				const beto = user('Beto');
				await accounts.createUser(ana, 'h');
				await accounts.createUser(beto, 'h');
				await store.createMap({ id: 'own', name: 'Propio', createdAt: 1000 });
				await store.createMap({ id: 'open', name: 'Abierto', createdAt: 2000 });
				await store.createMap({ id: 'closed', name: 'Cerrado', createdAt: 3000 });
				await accounts.updateMap('open', { openRole: 'viewer' });
				await accounts.setMember('own', ana.id, 'owner');
				await accounts.setMember('own', beto.id, 'viewer');
				await accounts.setMember('own', beto.id, 'editor');
				expect(await accounts.memberRole('own', beto.id)).toBe('editor');
				expect(await accounts.memberRole('closed', beto.id)).toBeNull();
				expect(await accounts.listMembers('own')).toEqual([
					{ userId: ana.id, name: 'Ana', email: ana.email, role: 'owner' },
					{ userId: beto.id, name: 'Beto', email: beto.email, role: 'editor' }
				]);
				expect(await accounts.mapsForUser(ana.id)).toEqual([
					{ id: 'open', name: 'Abierto', createdAt: 2000, archivedAt: null, role: 'viewer' },
					{ id: 'own', name: 'Propio', createdAt: 1000, archivedAt: null, role: 'owner' }
				]);
				await accounts.setMember('open', ana.id, 'editor');
				expect((await accounts.mapsForUser(ana.id)).find((m) => m.id === 'open')?.role).toBe('editor');
				await accounts.removeMember('own', beto.id);
				expect(await accounts.memberRole('own', beto.id)).toBeNull();
				expect((await accounts.listMembers('own')).map((m) => m.name)).toEqual(['Ana']);
			});

			it('creates, finds, lists and revokes invitations and share links, each kind apart', async () => {
				const { store, accounts } = await stores();
				const ana = user('Ana');
				await accounts.createUser(ana, 'h');
				await store.createMap({ id: 'm', name: 'M', createdAt: 1 });
				const invitation = link('m', `user:${ana.id}`, { role: 'editor', createdAt: 1000, expiresAt: 9000 });
				const share = link('m', `user:${ana.id}`, { createdAt: 2000 });
				const newer = link('m', `user:${ana.id}`, { createdAt: 3000 });
				await accounts.createLink('invitation', invitation);
				await accounts.createLink('share', share);
				await accounts.createLink('share', newer);
				expect(await accounts.getLink('invitation', invitation.id)).toEqual(invitation);
				expect(await accounts.getLink('share', invitation.id)).toBeNull();
				expect((await accounts.listLinks('share', 'm')).map((l) => l.id)).toEqual([newer.id, share.id]);
				expect((await accounts.listLinks('invitation', 'm')).map((l) => l.id)).toEqual([invitation.id]);
				await accounts.revokeLink('share', share.id, 5000);
				await accounts.revokeLink('share', share.id, 6000);
				expect((await accounts.getLink('share', share.id))?.revokedAt).toBe(5000);
				await accounts.revokeLink('invitation', newer.id, 7000);
				expect((await accounts.getLink('share', newer.id))?.revokedAt).toBeNull();
			});

			it('an invitation is used once, even by two concurrent accepts from two processes', async () => {
				const db = await engine.fresh();
				const one = await db.open();
				const two = await db.open();
				const ana = user('Ana');
				const beto = user('Beto');
				await one.accounts.createUser(ana, 'h');
				await one.accounts.createUser(beto, 'h');
				await one.store.createMap({ id: 'm', name: 'M', createdAt: 1 });
				const invitation = link('m', `user:${ana.id}`, { role: 'editor' });
				const share = link('m', `user:${ana.id}`);
				await one.accounts.createLink('invitation', invitation);
				await one.accounts.createLink('share', share);
				const results = await Promise.all([one.accounts.useInvitation(invitation.id, ana.id), two.accounts.useInvitation(invitation.id, beto.id)]);
				expect(results.filter(Boolean)).toHaveLength(1);
				expect((await two.accounts.getLink('invitation', invitation.id))?.usedBy).toBe(results[0] ? ana.id : beto.id);
				expect(await one.accounts.useInvitation(share.id, ana.id)).toBe(false);
			});

			it('keeps password resets by id with the secret’s hash; one use ends all of the account’s', async () => {
				const db = await engine.fresh();
				const one = await db.open();
				const two = await db.open();
				const ana = user('Ana');
				await one.accounts.createUser(ana, 'h');
				const reset = (id: string, expiresAt = 9000) => ({ id, userId: ana.id, secretHash: new Uint8Array(32).fill(3), createdAt: 1000, expiresAt });
				await one.accounts.createPasswordReset(reset('r1'));
				await one.accounts.createPasswordReset(reset('r2'));
				expect(await two.accounts.getPasswordReset('r1')).toEqual(reset('r1'));
				expect(await two.accounts.getPasswordReset('nope')).toBeNull();
				const uses = await Promise.all([one.accounts.usePasswordReset('r1'), two.accounts.usePasswordReset('r1')]);
				expect(uses.filter(Boolean)).toHaveLength(1);
				expect(await one.accounts.getPasswordReset('r1')).toBeNull();
				// The account's other link went with it.
				expect(await one.accounts.getPasswordReset('r2')).toBeNull();
				expect(await one.accounts.usePasswordReset('r2')).toBe(false);
				// Creating one forgets the expired ones.
				await one.accounts.createPasswordReset(reset('old', 1500));
				await one.accounts.createPasswordReset({ ...reset('new'), createdAt: 2000 });
				expect(await one.accounts.getPasswordReset('old')).toBeNull();
				expect(await one.accounts.getPasswordReset('new')).not.toBeNull();
			});

			it('deleting a map deletes its log, snapshot, history, members and links', async () => {
				const { store, accounts } = await stores();
				const ana = user('Ana');
				await accounts.createUser(ana, 'h');
				await store.createMap({ id: 'm', name: 'M', createdAt: 1 });
				await store.createMap({ id: 'keep', name: 'K', createdAt: 2 });
				const w = writer();
				w.map.addAgent({ name: 'x', position: [-74, 4.6] });
				w.map.addAgent({ name: 'y', position: [-74, 4.6] });
				const seq = await store.appendUpdate('m', w.updates[0], 'w');
				await store.compact('m', seq);
				await store.appendUpdate('m', w.updates[1], 'w');
				await store.appendUpdate('keep', w.updates[0], 'w');
				await accounts.setMember('m', ana.id, 'owner');
				const share = link('m', `user:${ana.id}`);
				await accounts.createLink('share', share);
				await accounts.deleteMap('m');
				expect(await store.getMap('m')).toBeNull();
				expect(await store.loadDocument('m')).toEqual({ snapshot: null, snapshotSeq: 0, updates: [] });
				expect(await store.loadHistory('m')).toEqual({ base: null, updates: [] });
				expect(await accounts.listMembers('m')).toEqual([]);
				expect(await accounts.getLink('share', share.id)).toBeNull();
				expect(await accounts.mapsForUser(ana.id)).toEqual([]);
				expect((await store.loadDocument('keep')).updates).toHaveLength(1);
			});
		});
	});
}
