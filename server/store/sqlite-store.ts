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
			listMaps: this.db.prepare('SELECT id, name, created_at AS createdAt FROM maps ORDER BY created_at'),
			lastSeq: this.db.prepare(
				`SELECT MAX(seq) AS seq FROM (
					SELECT seq FROM map_updates WHERE map_id = ?1
					UNION ALL SELECT upto_seq AS seq FROM map_snapshots WHERE map_id = ?1)`
			),
			insertUpdate: this.db.prepare('INSERT INTO map_updates (map_id, seq, data, actor, at) VALUES (?, ?, ?, ?, ?)'),
			snapshot: this.db.prepare('SELECT upto_seq AS uptoSeq, data FROM map_snapshots WHERE map_id = ?'),
			updates: this.db.prepare(
				'SELECT seq, data, actor, at FROM map_updates WHERE map_id = ? AND seq > ? ORDER BY seq'
			),
			upsertSnapshot: this.db.prepare(
				`INSERT INTO map_snapshots (map_id, upto_seq, data, at) VALUES (?, ?, ?, ?)
				 ON CONFLICT (map_id) DO UPDATE SET upto_seq = excluded.upto_seq, data = excluded.data, at = excluded.at`
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
		// node:sqlite is synchronous, so reading the last seq and inserting cannot interleave
		// with another append in this process.
		const row = this.statements.lastSeq.get(mapId) as { seq: number | null };
		const seq = (row.seq ?? 0) + 1;
		this.statements.insertUpdate.run(mapId, seq, update, actor, Date.now());
		return seq;
	}

	async loadDocument(mapId: string): Promise<StoredDocument> {
		const snap = this.statements.snapshot.get(mapId) as { uptoSeq: number; data: Uint8Array } | undefined;
		const snapshotSeq = snap?.uptoSeq ?? 0;
		const rows = this.statements.updates.all(mapId, snapshotSeq) as unknown as {
			seq: number;
			data: Uint8Array;
			actor: string;
			at: number;
		}[];
		return {
			snapshot: snap ? new Uint8Array(snap.data) : null,
			snapshotSeq,
			updates: rows.map((row) => ({ seq: row.seq, update: new Uint8Array(row.data), actor: row.actor, at: row.at }))
		};
	}

	async compact(mapId: string, snapshot: Uint8Array, uptoSeq: number): Promise<void> {
		this.db.exec('BEGIN IMMEDIATE');
		try {
			this.statements.upsertSnapshot.run(mapId, uptoSeq, snapshot, Date.now());
			this.statements.deleteUpdates.run(mapId, uptoSeq);
			this.db.exec('COMMIT');
		} catch (error) {
			this.db.exec('ROLLBACK');
			throw error;
		}
	}

	async close(): Promise<void> {
		if (this.db.isOpen) this.db.close();
	}
}
