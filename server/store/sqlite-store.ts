/**
 * The embedded default store: one SQLite file (node:sqlite, no native addon to build).
 * WAL mode lets readers run beside the writer; `synchronous = NORMAL` in WAL keeps every
 * committed transaction across a process crash (SIGKILL), which is the durability we promise
 * for an update a peer has seen (a power cut may lose the last moments, as with any WAL DB).
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import type { DocumentStore, MapRecord, StoredDocument } from './document-store.ts';
import { mergeForSnapshot } from './snapshot.ts';
import { migrate } from './sqlite-schema.ts';

export class SqliteStore implements DocumentStore {
	/** Shared with the account store: one file holds a deployment's data. */
	readonly db: DatabaseSync;
	private readonly statements: Record<string, StatementSync>;

	constructor(file: string) {
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
			updates: this.db.prepare('SELECT seq, data, actor, at FROM map_updates WHERE map_id = ? ORDER BY seq'),
			updatesUpTo: this.db.prepare('SELECT seq, data FROM map_updates WHERE map_id = ? AND seq <= ? ORDER BY seq'),
			upsertSnapshot: this.db.prepare(
				`INSERT INTO map_snapshots (map_id, upto_seq, data, at) VALUES (?, ?, ?, ?)
				 ON CONFLICT (map_id) DO UPDATE SET upto_seq = MAX(upto_seq, excluded.upto_seq), data = excluded.data, at = excluded.at`
			),
			deleteUpdates: this.db.prepare('DELETE FROM map_updates WHERE map_id = ? AND seq <= ?')
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
		const row = this.statements.appendUpdate.get(mapId, update, actor, Date.now()) as { seq: number };
		return Number(row.seq);
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

	async compact(mapId: string, uptoSeq: number): Promise<number> {
		// BEGIN IMMEDIATE takes the write lock first: no append or compaction, from this process
		// or another one on the same file, can change the rows between reading and deleting them.
		return this.transaction('BEGIN IMMEDIATE', () => {
			const rows = this.statements.updatesUpTo.all(mapId, uptoSeq) as unknown as { seq: number; data: Uint8Array }[];
			if (rows.length === 0) return 0;
			const snap = this.statements.snapshot.get(mapId) as { uptoSeq: number; data: Uint8Array } | undefined;
			const merged = mergeForSnapshot(mapId, snap?.data ?? null, rows.map((row) => row.data));
			const last = rows.at(-1)!.seq;
			this.statements.upsertSnapshot.run(mapId, last, merged, Date.now());
			this.statements.deleteUpdates.run(mapId, last);
			return rows.length;
		});
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
		if (this.db.isOpen) this.db.close();
	}
}
