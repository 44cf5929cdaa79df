/**
 * The document store on PostgreSQL (`DATABASE_URL`), for several server processes sharing one
 * database. Sequence numbers come from an identity column, so they are unique across processes
 * but may commit out of order: an update numbered 7 can commit after one numbered 8. Hence a
 * map is its snapshot plus every remaining row (not "rows after the snapshot's number"), and
 * compaction deletes exactly the rows it merged.
 */
import pg, { type Pool, type PoolClient } from 'pg';
import { log } from '../log.ts';
import { entityRows, toRecords, type EntityRow, type HeaderRow } from './activity-rows.ts';
import type { ActivityBacklog, ActivityRecord, DocumentStore, MapRecord, StoredDocument, StoredUpdate } from './document-store.ts';
import { LOCK_NAMESPACE, LOCKS, migrate } from './postgres-schema.ts';
import { MergeWorker, type MergeOptions, type SnapshotMerge } from './merge-worker.ts';

export interface PostgresOptions {
	/** Connections in the pool (per process). */
	poolSize?: number;
}

/** Opens a pool and brings the schema up to date. */
export async function openPostgres(url: string, options: PostgresOptions = {}): Promise<Pool> {
	const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10, connectionTimeoutMillis: 10_000 });
	// An idle client that loses its connection emits 'error' on the pool; without a listener
	// that would crash the process. The pool replaces the client on next use.
	pool.on('error', (error) => log('warn', 'a PostgreSQL connection was lost', { error }));
	try {
		await migrate(pool);
	} catch (error) {
		await pool.end();
		throw error;
	}
	return pool;
}

export class PostgresStore implements DocumentStore {
	readonly pool: Pool;
	private readonly mergeWorker = new MergeWorker();
	private readonly merge: SnapshotMerge;

	constructor(pool: Pool, options: MergeOptions = {}) {
		this.pool = pool;
		this.merge = options.merge ?? this.mergeWorker.merge;
	}

	async createMap(map: MapRecord): Promise<void> {
		await this.pool.query('INSERT INTO maps (id, name, created_at) VALUES ($1, $2, $3)', [map.id, map.name, map.createdAt]);
	}

	async getMap(id: string): Promise<MapRecord | null> {
		const { rows } = await this.pool.query('SELECT id, name, created_at FROM maps WHERE id = $1', [id]);
		return rows[0] ? toMap(rows[0]) : null;
	}

	async listMaps(): Promise<MapRecord[]> {
		const { rows } = await this.pool.query('SELECT id, name, created_at FROM maps ORDER BY created_at, id');
		return rows.map(toMap);
	}

	async appendUpdate(mapId: string, update: Uint8Array, actor: string): Promise<number> {
		// One autocommitted statement: durable (synchronous_commit) once it returns.
		const { rows } = await this.pool.query(
			'INSERT INTO map_updates (map_id, data, actor, at) VALUES ($1, $2, $3, $4) RETURNING seq',
			[mapId, bytes(update), actor, Date.now()]
		);
		return Number(rows[0].seq);
	}

	async loadDocument(mapId: string): Promise<StoredDocument> {
		// REPEATABLE READ: both reads see one snapshot of the database, so a compaction that
		// commits between them cannot make us miss the rows it deleted.
		return this.transaction('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY', async (client) => {
			const snap = await client.query('SELECT upto_seq, data FROM map_snapshots WHERE map_id = $1', [mapId]);
			const updates = await client.query('SELECT seq, data, actor, at FROM map_updates WHERE map_id = $1 ORDER BY seq', [mapId]);
			return {
				snapshot: snap.rows[0] ? new Uint8Array(snap.rows[0].data) : null,
				snapshotSeq: snap.rows[0] ? Number(snap.rows[0].upto_seq) : 0,
				updates: updates.rows.map((row) => ({
					seq: Number(row.seq),
					update: new Uint8Array(row.data),
					actor: String(row.actor),
					at: Number(row.at)
				}))
			};
		});
	}

	async loadMerged(mapId: string): Promise<Uint8Array | null> {
		const { snapshot, updates } = await this.loadDocument(mapId);
		if (!snapshot && updates.length === 0) return null;
		return this.merge(mapId, snapshot, updates.map((u) => u.update));
	}

	async compact(mapId: string, uptoSeq: number): Promise<number> {
		// Appends are plain INSERTs, which a transaction that only read would not block; but an
		// open transaction pins one pooled connection, and merges queue on the merge thread, so
		// several maps compacting at once could hold every connection and stall the appends for
		// seconds. Hence no transaction is open during the merge: read, merge, then a short write
		// that commits only if no other compaction committed in between.
		// 1. From one database snapshot: the rows to merge, the snapshot, and the version of its
		// row (xmin, the transaction that last wrote it: every compaction rewrites the row).
		const read = await this.transaction('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY', async (client) => {
			const snap = await client.query('SELECT xmin::text AS version, data FROM map_snapshots WHERE map_id = $1', [mapId]);
			const updates = await client.query('SELECT seq, data FROM map_updates WHERE map_id = $1 AND seq <= $2 ORDER BY seq', [
				mapId,
				uptoSeq
			]);
			const row = snap.rows[0] as { version: string; data: Buffer } | undefined;
			return { version: row?.version ?? null, snapshot: row?.data ?? null, rows: updates.rows };
		});
		if (read.rows.length === 0) return 0;
		const seqs = read.rows.map((row) => String(row.seq));
		// 2. The merge, off the event loop for a large map; a damaged row fails it before anything is written.
		const merged = await this.merge(mapId, read.snapshot, read.rows.map((row) => row.data as Buffer));
		// 3. The write, under the map's compaction lock: one at a time across every process; a
		// second one has nothing to add, so it skips rather than waits.
		return this.transaction('BEGIN', async (client) => {
			const lock = await client.query('SELECT pg_try_advisory_xact_lock(hashtextextended($1, $2)) AS locked', [
				`tejido:compact:${mapId}`,
				LOCK_NAMESPACE
			]);
			if (!lock.rows[0].locked) return 0;
			// READ COMMITTED: this sees every compaction committed before the lock was ours. If one
			// did since step 1, our snapshot lacks what it merged: skip.
			const now = await client.query('SELECT xmin::text AS version FROM map_snapshots WHERE map_id = $1', [mapId]);
			if (((now.rows[0]?.version as string | undefined) ?? null) !== read.version) return 0;
			// Belt and braces (e.g. the map was deleted meanwhile): the merged rows are all still there.
			const still = await client.query('SELECT count(*) AS count FROM map_updates WHERE map_id = $1 AND seq = ANY($2::bigint[])', [mapId, seqs]);
			if (Number(still.rows[0].count) !== seqs.length) return 0;
			await client.query(
				`INSERT INTO map_snapshots (map_id, upto_seq, data, at) VALUES ($1, $2, $3, $4)
				 ON CONFLICT (map_id) DO UPDATE
				 SET upto_seq = GREATEST(map_snapshots.upto_seq, excluded.upto_seq), data = excluded.data, at = excluded.at`,
				[mapId, seqs.at(-1), bytes(merged), Date.now()]
			);
			// Exactly the rows merged: one committed meanwhile, even with a lower number, stays in
			// the log. They move to the history, which compaction never deletes (activity feed, versions).
			await client.query(
				`WITH merged AS (DELETE FROM map_updates WHERE map_id = $1 AND seq = ANY($2::bigint[]) RETURNING map_id, seq, data, actor, at)
				 INSERT INTO map_history (map_id, seq, data, actor, at) SELECT map_id, seq, data, actor, at FROM merged`,
				[mapId, seqs]
			);
			return seqs.length;
		});
	}

	async loadHistory(mapId: string): Promise<{ base: Uint8Array | null; updates: StoredUpdate[] }> {
		return this.transaction('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY', async (client) => {
			const base = await client.query('SELECT data FROM map_history_base WHERE map_id = $1', [mapId]);
			const updates = await client.query(
				`SELECT seq, data, actor, at FROM map_history WHERE map_id = $1
				 UNION ALL SELECT seq, data, actor, at FROM map_updates WHERE map_id = $1 ORDER BY seq`,
				[mapId]
			);
			return { base: base.rows[0] ? new Uint8Array(base.rows[0].data) : null, updates: updates.rows.map(toUpdate) };
		});
	}

	async activityBacklog(mapId: string, limit: number): Promise<ActivityBacklog> {
		return this.transaction('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY', async (client) => {
			const state = await client.query('SELECT data, version FROM map_activity_state WHERE map_id = $1', [mapId]);
			const base = state.rows[0] ? null : (await client.query('SELECT data FROM map_history_base WHERE map_id = $1', [mapId])).rows[0];
			const data = state.rows[0]?.data ?? base?.data;
			const updates = await client.query(
				`SELECT seq, data, actor, at FROM (
					SELECT seq, data, actor, at FROM map_history WHERE map_id = $1
					UNION ALL SELECT seq, data, actor, at FROM map_updates WHERE map_id = $1) u
				 WHERE NOT EXISTS (SELECT 1 FROM map_activity a WHERE a.map_id = $1 AND a.seq = u.seq)
				 ORDER BY seq LIMIT $2`,
				[mapId, limit]
			);
			return { state: data ? new Uint8Array(data) : null, version: Number(state.rows[0]?.version ?? 0), updates: updates.rows.map(toUpdate) };
		});
	}

	async saveActivity(mapId: string, records: ActivityRecord[], state: Uint8Array, version: number): Promise<boolean> {
		return this.transaction('BEGIN', async (client) => {
			// Serialises savers of one map across processes; the version check then refuses a
			// digest made from a state someone else has moved on from.
			await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, $2))', [`tejido:activity:${mapId}`, LOCK_NAMESPACE]);
			const current = await client.query('SELECT version FROM map_activity_state WHERE map_id = $1', [mapId]);
			if (Number(current.rows[0]?.version ?? 0) !== version) return false;
			if (records.length > 0) {
				await client.query(
					`INSERT INTO map_activity (map_id, seq, actor, at, entity_count)
					 SELECT $1, * FROM unnest($2::bigint[], $3::text[], $4::bigint[], $5::integer[]) ON CONFLICT DO NOTHING`,
					[mapId, records.map((r) => r.seq), records.map((r) => r.actor), records.map((r) => r.at), records.map((r) => r.entityCount)]
				);
			}
			const rows = entityRows(records);
			for (let start = 0; start < rows.length; start += 1000) {
				const chunk = rows.slice(start, start + 1000);
				const column = <K extends keyof EntityRow>(key: K) => chunk.map((row) => row[key]);
				await client.query(
					`INSERT INTO map_activity_entities (map_id, seq, position, collection, entity_id, action, name, fields, value)
					 SELECT $1, * FROM unnest($2::bigint[], $3::integer[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[])
					 ON CONFLICT DO NOTHING`,
					[mapId, column('seq'), column('position'), column('collection'), column('entity_id'), column('action'), column('name'), column('fields'), column('value')]
				);
			}
			await client.query(
				`INSERT INTO map_activity_state (map_id, data, version, at) VALUES ($1, $2, $3, $4)
				 ON CONFLICT (map_id) DO UPDATE SET data = excluded.data, version = excluded.version, at = excluded.at`,
				[mapId, bytes(state), version + 1, Date.now()]
			);
			return true;
		});
	}

	async listActivity(mapId: string, options: { beforeSeq?: number; limit: number; entityLimit: number }): Promise<ActivityRecord[]> {
		return this.transaction('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY', async (client) => {
			const headers = await client.query(
				`SELECT seq, actor, at, entity_count FROM map_activity
				 WHERE map_id = $1 AND entity_count > 0 AND seq < $2 ORDER BY seq DESC LIMIT $3`,
				[mapId, options.beforeSeq ?? Number.MAX_SAFE_INTEGER, options.limit]
			);
			if (headers.rows.length === 0) return [];
			const entities = await client.query(
				`SELECT seq, position, collection, entity_id, action, name, fields, NULL AS value FROM map_activity_entities
				 WHERE map_id = $1 AND position < $2 AND seq = ANY($3::bigint[])`,
				[mapId, options.entityLimit, headers.rows.map((row) => String(row.seq))]
			);
			return toRecords(headers.rows as HeaderRow[], entities.rows as EntityRow[]);
		});
	}

	async entityHistory(mapId: string, collection: string, entityId: string, limit: number): Promise<ActivityRecord[]> {
		const { rows } = await this.pool.query(
			`SELECT a.seq, a.actor, a.at, a.entity_count, e.position, e.collection, e.entity_id, e.action, e.name, e.fields, e.value
			 FROM map_activity_entities e JOIN map_activity a ON a.map_id = e.map_id AND a.seq = e.seq
			 WHERE e.map_id = $1 AND e.collection = $2 AND e.entity_id = $3 ORDER BY e.seq DESC LIMIT $4`,
			[mapId, collection, entityId, limit]
		);
		return toRecords(rows as (HeaderRow & EntityRow)[], rows as EntityRow[]);
	}

	/** Runs `fn` while holding a lock that every process of the deployment respects (first start). */
	async exclusively<T>(name: keyof typeof LOCKS, fn: () => Promise<T>): Promise<T> {
		const client = await this.pool.connect();
		try {
			await client.query('SELECT pg_advisory_lock($1, $2)', [LOCK_NAMESPACE, LOCKS[name]]);
			try {
				return await fn();
			} finally {
				await client.query('SELECT pg_advisory_unlock($1, $2)', [LOCK_NAMESPACE, LOCKS[name]]);
			}
		} finally {
			client.release();
		}
	}

	async close(): Promise<void> {
		await this.mergeWorker.close();
		if (!this.pool.ended) await this.pool.end();
	}

	private async transaction<T>(begin: string, body: (client: PoolClient) => Promise<T>): Promise<T> {
		const client = await this.pool.connect();
		let broken = false;
		try {
			await client.query(begin);
			const result = await body(client);
			await client.query('COMMIT');
			return result;
		} catch (error) {
			// A connection that cannot even roll back is not given back to the pool.
			await client.query('ROLLBACK').catch(() => (broken = true));
			throw error;
		} finally {
			client.release(broken);
		}
	}
}

function toUpdate(row: Record<string, unknown>): StoredUpdate {
	return { seq: Number(row.seq), update: new Uint8Array(row.data as Buffer), actor: String(row.actor), at: Number(row.at) };
}

function toMap(row: Record<string, unknown>): MapRecord {
	return { id: String(row.id), name: String(row.name), createdAt: Number(row.created_at) };
}

/** pg sends a Buffer as bytea; a Uint8Array view is wrapped without copying. */
export function bytes(data: Uint8Array): Buffer {
	return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}
