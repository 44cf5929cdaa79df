/**
 * The embedded default store: one SQLite file (node:sqlite, no native addon to build).
 * WAL mode lets readers run beside the writer; `synchronous = NORMAL` in WAL keeps every
 * committed transaction across a process crash (SIGKILL), which is the durability we promise
 * for an update a peer has seen (a power cut may lose the last moments, as with any WAL DB).
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import { entityRows, toRecords, type EntityRow, type HeaderRow } from './activity-rows.ts';
import type { ActivityBacklog, ActivityRecord, DocumentStore, MapRecord, StoredDocument, StoredUpdate } from './document-store.ts';
import { MergeWorker, type MergeOptions, type SnapshotMerge } from './merge-worker.ts';
import { migrate } from './sqlite-schema.ts';

export class SqliteStore implements DocumentStore {
	/** Shared with the account store: one file holds a deployment's data. */
	readonly db: DatabaseSync;
	private readonly statements: Record<string, StatementSync>;
	private readonly mergeWorker = new MergeWorker();
	private readonly merge: SnapshotMerge;

	constructor(file: string, options: MergeOptions = {}) {
		this.merge = options.merge ?? this.mergeWorker.merge;
		if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
		this.db = new DatabaseSync(file);
		this.db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;');
		migrate(this.db);
		this.statements = {
			insertMap: this.db.prepare('INSERT INTO maps (id, name, created_at) VALUES (?, ?, ?)'),
			getMap: this.db.prepare('SELECT id, name, created_at AS createdAt FROM maps WHERE id = ?'),
			listMaps: this.db.prepare('SELECT id, name, created_at AS createdAt FROM maps ORDER BY created_at, id'),
			// One statement numbers and inserts the update under SQLite's write lock, so two
			// processes appending to the same file cannot take the same number.
			appendUpdate: this.db.prepare(
				`INSERT INTO map_updates (map_id, seq, data, actor, at)
				 SELECT ?1, COALESCE(MAX(seq), 0) + 1, ?2, ?3, ?4 FROM (
					SELECT seq FROM map_updates WHERE map_id = ?1
					UNION ALL SELECT upto_seq AS seq FROM map_snapshots WHERE map_id = ?1)
				 RETURNING seq`
			),
			snapshot: this.db.prepare('SELECT upto_seq AS uptoSeq, data FROM map_snapshots WHERE map_id = ?'),
			snapshotSeq: this.db.prepare('SELECT upto_seq AS uptoSeq FROM map_snapshots WHERE map_id = ?'),
			updates: this.db.prepare('SELECT seq, data, actor, at FROM map_updates WHERE map_id = ? ORDER BY seq'),
			updatesUpTo: this.db.prepare('SELECT seq, data FROM map_updates WHERE map_id = ? AND seq <= ? ORDER BY seq'),
			countUpTo: this.db.prepare('SELECT COUNT(*) AS count FROM map_updates WHERE map_id = ? AND seq <= ?'),
			upsertSnapshot: this.db.prepare(
				`INSERT INTO map_snapshots (map_id, upto_seq, data, at) VALUES (?, ?, ?, ?)
				 ON CONFLICT (map_id) DO UPDATE SET upto_seq = MAX(upto_seq, excluded.upto_seq), data = excluded.data, at = excluded.at`
			),
			deleteUpdates: this.db.prepare('DELETE FROM map_updates WHERE map_id = ? AND seq <= ?'),
			// Compaction keeps what it merges, for the activity feed and history.
			keepHistory: this.db.prepare(
				'INSERT INTO map_history (map_id, seq, data, actor, at) SELECT map_id, seq, data, actor, at FROM map_updates WHERE map_id = ? AND seq <= ?'
			),
			historyBase: this.db.prepare('SELECT data FROM map_history_base WHERE map_id = ?'),
			history: this.db.prepare(
				`SELECT seq, data, actor, at FROM map_history WHERE map_id = ?1
				 UNION ALL SELECT seq, data, actor, at FROM map_updates WHERE map_id = ?1 ORDER BY seq`
			),
			activityState: this.db.prepare('SELECT data, version FROM map_activity_state WHERE map_id = ?'),
			undigested: this.db.prepare(
				`SELECT seq, data, actor, at FROM (
					SELECT seq, data, actor, at FROM map_history WHERE map_id = ?1
					UNION ALL SELECT seq, data, actor, at FROM map_updates WHERE map_id = ?1) u
				 WHERE NOT EXISTS (SELECT 1 FROM map_activity a WHERE a.map_id = ?1 AND a.seq = u.seq)
				 ORDER BY seq LIMIT ?2`
			),
			insertActivity: this.db.prepare(
				'INSERT OR IGNORE INTO map_activity (map_id, seq, actor, at, entity_count) VALUES (?, ?, ?, ?, ?)'
			),
			insertEntity: this.db.prepare(
				`INSERT OR IGNORE INTO map_activity_entities (map_id, seq, position, collection, entity_id, action, name, fields, value)
				 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`
			),
			saveState: this.db.prepare(
				`INSERT INTO map_activity_state (map_id, data, version, at) VALUES (?, ?, ?, ?)
				 ON CONFLICT (map_id) DO UPDATE SET data = excluded.data, version = excluded.version, at = excluded.at`
			),
			activityPage: this.db.prepare(
				`SELECT seq, actor, at, entity_count FROM map_activity
				 WHERE map_id = ? AND entity_count > 0 AND seq < ? ORDER BY seq DESC LIMIT ?`
			),
			entityHistory: this.db.prepare(
				`SELECT a.seq, a.actor, a.at, a.entity_count, e.position, e.collection, e.entity_id, e.action, e.name, e.fields, e.value
				 FROM map_activity_entities e JOIN map_activity a ON a.map_id = e.map_id AND a.seq = e.seq
				 WHERE e.map_id = ? AND e.collection = ? AND e.entity_id = ? ORDER BY e.seq DESC LIMIT ?`
			)
		};
	}

	async createMap(map: MapRecord): Promise<void> {
		this.statements.insertMap.run(map.id, map.name, map.createdAt);
	}

	async getMap(id: string): Promise<MapRecord | null> {
		return (this.statements.getMap.get(id) as MapRecord | undefined) ?? null;
	}

	async listMaps(): Promise<MapRecord[]> {
		return this.statements.listMaps.all() as unknown as MapRecord[];
	}

	async appendUpdate(mapId: string, update: Uint8Array, actor: string): Promise<number> {
		// `all()`, not `get()`: with RETURNING, SQLite hands out the row before the statement
		// commits, and node:sqlite's `get()` ignores an error at that commit, so a full disk
		// (SQLITE_FULL, EFBIG) would report an update as stored that is not. `all()` steps to
		// the end and throws it. Found by tests/server/reliability-storage.test.ts.
		const [row] = this.statements.appendUpdate.all(mapId, update, actor, Date.now()) as { seq: number }[];
		return Number(row!.seq);
	}

	async loadDocument(mapId: string): Promise<StoredDocument> {
		// One read transaction: another process's compaction cannot land between the two reads.
		return this.transaction('BEGIN', () => {
			const snap = this.statements.snapshot.get(mapId) as { uptoSeq: number; data: Uint8Array } | undefined;
			const rows = this.statements.updates.all(mapId) as unknown as { seq: number; data: Uint8Array; actor: string; at: number }[];
			return {
				snapshot: snap ? new Uint8Array(snap.data) : null,
				snapshotSeq: snap?.uptoSeq ?? 0,
				updates: rows.map((row) => ({ seq: row.seq, update: new Uint8Array(row.data), actor: row.actor, at: row.at }))
			};
		});
	}

	async loadMerged(mapId: string): Promise<Uint8Array | null> {
		const { snapshot, updates } = await this.loadDocument(mapId);
		if (!snapshot && updates.length === 0) return null;
		return this.merge(mapId, snapshot, updates.map((u) => u.update));
	}

	async compact(mapId: string, uptoSeq: number): Promise<number> {
		// Three steps, so that appends go on while the merge runs (seconds for a large map): no
		// transaction is open during the merge, which node:sqlite's one connection could not
		// share with the appends anyway.
		// 1. One read transaction: the snapshot and the rows to merge, from one state of the file.
		const read = this.transaction('BEGIN', () => {
			const snap = this.statements.snapshot.get(mapId) as { uptoSeq: number; data: Uint8Array } | undefined;
			const rows = this.statements.updatesUpTo.all(mapId, uptoSeq) as unknown as { seq: number; data: Uint8Array }[];
			return { snapshot: snap?.data ?? null, snapshotSeq: snap?.uptoSeq ?? 0, rows };
		});
		if (read.rows.length === 0) return 0;
		const last = read.rows.at(-1)!.seq;
		const count = read.rows.length;
		// 2. The merge, off the event loop for a large map; a damaged row fails it before anything is written.
		const merged = await this.merge(mapId, read.snapshot, read.rows.map((row) => row.data));
		// 3. One short write transaction. BEGIN IMMEDIATE takes the write lock, so no append or
		// compaction (from any process on the file) lands in it. Every logged update is numbered
		// above the snapshot's upto_seq, so every compaction raises upto_seq: unchanged, nobody
		// compacted since step 1, and the rows up to `last` are exactly the ones merged (later
		// appends are numbered above them). Otherwise another compaction won: skip.
		return this.transaction('BEGIN IMMEDIATE', () => {
			const now = this.statements.snapshotSeq.get(mapId) as { uptoSeq: number } | undefined;
			if ((now?.uptoSeq ?? 0) !== read.snapshotSeq) return 0;
			// Belt and braces (e.g. the map was deleted meanwhile): the merged rows are all still there.
			const still = this.statements.countUpTo.get(mapId, last) as { count: number };
			if (Number(still.count) !== count) return 0;
			this.statements.upsertSnapshot.run(mapId, last, merged, Date.now());
			this.statements.keepHistory.run(mapId, last);
			this.statements.deleteUpdates.run(mapId, last);
			return count;
		});
	}

	async loadHistory(mapId: string): Promise<{ base: Uint8Array | null; updates: StoredUpdate[] }> {
		return this.transaction('BEGIN', () => {
			const base = this.statements.historyBase.get(mapId) as { data: Uint8Array } | undefined;
			return { base: base ? new Uint8Array(base.data) : null, updates: toUpdates(this.statements.history.all(mapId)) };
		});
	}

	async activityBacklog(mapId: string, limit: number): Promise<ActivityBacklog> {
		return this.transaction('BEGIN', () => {
			const state = this.statements.activityState.get(mapId) as { data: Uint8Array; version: number } | undefined;
			const base = state ? null : (this.statements.historyBase.get(mapId) as { data: Uint8Array } | undefined);
			const data = state?.data ?? base?.data;
			return {
				state: data ? new Uint8Array(data) : null,
				version: Number(state?.version ?? 0),
				updates: toUpdates(this.statements.undigested.all(mapId, limit))
			};
		});
	}

	async saveActivity(mapId: string, records: ActivityRecord[], state: Uint8Array, version: number): Promise<boolean> {
		return this.transaction('BEGIN IMMEDIATE', () => {
			const current = this.statements.activityState.get(mapId) as { version: number } | undefined;
			if (Number(current?.version ?? 0) !== version) return false;
			for (const record of records) {
				this.statements.insertActivity.run(mapId, record.seq, record.actor, record.at, record.entityCount);
			}
			for (const row of entityRows(records)) {
				this.statements.insertEntity.run(mapId, row.seq, row.position, row.collection, row.entity_id, row.action, row.name, row.fields, row.value);
			}
			this.statements.saveState.run(mapId, state, version + 1, Date.now());
			return true;
		});
	}

	async listActivity(mapId: string, options: { beforeSeq?: number; limit: number; entityLimit: number }): Promise<ActivityRecord[]> {
		return this.transaction('BEGIN', () => {
			const before = options.beforeSeq ?? Number.MAX_SAFE_INTEGER;
			const headers = this.statements.activityPage.all(mapId, before, options.limit) as unknown as HeaderRow[];
			if (headers.length === 0) return [];
			const seqs = headers.map((header) => Number(header.seq));
			const entities = this.db
				.prepare(
					`SELECT seq, position, collection, entity_id, action, name, fields, NULL AS value FROM map_activity_entities
					 WHERE map_id = ? AND position < ? AND seq IN (${seqs.map(() => '?').join(',')})`
				)
				.all(mapId, options.entityLimit, ...seqs) as unknown as EntityRow[];
			return toRecords(headers, entities);
		});
	}

	async entityHistory(mapId: string, collection: string, entityId: string, limit: number): Promise<ActivityRecord[]> {
		const rows = this.statements.entityHistory.all(mapId, collection, entityId, limit) as unknown as (HeaderRow & EntityRow)[];
		return toRecords(rows, rows);
	}

	private transaction<T>(begin: 'BEGIN' | 'BEGIN IMMEDIATE', body: () => T): T {
		// node:sqlite is synchronous: nothing else in this process runs until COMMIT.
		this.db.exec(begin);
		try {
			const result = body();
			this.db.exec('COMMIT');
			return result;
		} catch (error) {
			this.db.exec('ROLLBACK');
			throw error;
		}
	}

	async close(): Promise<void> {
		await this.mergeWorker.close();
		if (this.db.isOpen) this.db.close();
	}
}

function toUpdates(rows: unknown[]): StoredUpdate[] {
	return (rows as { seq: number; data: Uint8Array; actor: string; at: number }[]).map((row) => ({
		seq: Number(row.seq),
		update: new Uint8Array(row.data),
		actor: String(row.actor),
		at: Number(row.at)
	}));
}
