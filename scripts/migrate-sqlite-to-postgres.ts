/**
 * Copies a SQLite deployment (data/tejido.db) into an empty PostgreSQL database and verifies
 * it: every table, row for row, in one transaction, with row counts and stored bytes compared
 * before it commits. Stop the server first, so the file does not change meanwhile.
 *
 *   DATABASE_URL=postgres://… npm run migrate:postgres -- [--from data/tejido.db]
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { PoolClient } from 'pg';
import { bytes, openPostgres } from '../server/store/postgres-store.ts';
import { SqliteStore } from '../server/store/sqlite-store.ts';

interface Table {
	name: string;
	columns: string[];
	/** A column whose stored bytes are compared too. */
	data?: string;
}

// In foreign-key order: a row's parents are copied before it.
const TABLES: Table[] = [
	{ name: 'users', columns: ['id', 'email', 'name', 'password_hash', 'is_admin', 'created_at'] },
	{ name: 'maps', columns: ['id', 'name', 'created_at', 'archived_at', 'open_role', 'document_targets_pending'] },
	{ name: 'sessions', columns: ['id', 'user_id', 'secret_hash', 'created_at', 'expires_at'] },
	{ name: 'map_members', columns: ['map_id', 'user_id', 'role'] },
	{ name: 'map_links', columns: ['id', 'kind', 'map_id', 'role', 'secret_hash', 'created_by', 'created_at', 'expires_at', 'revoked_at', 'used_by'] },
	{ name: 'map_targets', columns: ['map_id', 'id', 'label', 'kinds', 'goal', 'from_date', 'until_date'] },
	{ name: 'password_resets', columns: ['id', 'user_id', 'secret_hash', 'created_at', 'expires_at'] },
	{
		name: 'mail_outbox',
		columns: ['id', 'recipient', 'subject', 'text_body', 'html_body', 'created_at', 'expires_at', 'next_attempt_at', 'attempts', 'last_error']
	},
	{ name: 'map_snapshots', columns: ['map_id', 'upto_seq', 'data', 'at'], data: 'data' },
	{ name: 'map_updates', columns: ['map_id', 'seq', 'data', 'actor', 'at'], data: 'data' }
];

const BATCH = 200;

class MigrationError extends Error {}

function toPostgres(table: Table, column: string, value: unknown): unknown {
	if (table.name === 'users' && column === 'is_admin') return value === 1;
	if (table.name === 'maps' && column === 'document_targets_pending') return value === 1;
	if (value instanceof Uint8Array) return bytes(value);
	return value;
}

async function insertBatch(client: PoolClient, table: Table, rows: Record<string, unknown>[]): Promise<void> {
	const params: unknown[] = [];
	const tuples = rows.map((row) => {
		const slots = table.columns.map((column) => {
			params.push(toPostgres(table, column, row[column]));
			return `$${params.length}`;
		});
		return `(${slots.join(', ')})`;
	});
	await client.query(`INSERT INTO ${table.name} (${table.columns.join(', ')}) VALUES ${tuples.join(', ')}`, params);
}

export async function migrateSqliteToPostgres(file: string, url: string, print: (line: string) => void = console.log): Promise<void> {
	if (!existsSync(file)) throw new MigrationError(`No SQLite database at ${file}. Pass --from with its path.`);
	// Opening it brings an older file up to the current schema first.
	const sqlite = new SqliteStore(file);
	const pool = await openPostgres(url, { poolSize: 1 });
	const client = await pool.connect();
	try {
		const existing = await client.query('SELECT (SELECT COUNT(*) FROM users) + (SELECT COUNT(*) FROM maps) AS n');
		if (Number(existing.rows[0].n) > 0) {
			throw new MigrationError('The PostgreSQL database already holds users or maps; migrate into an empty database.');
		}
		// One read transaction on SQLite and one write transaction on PostgreSQL: a consistent
		// copy, and nothing committed unless every table verified.
		sqlite.db.exec('BEGIN');
		await client.query('BEGIN');
		try {
			for (const table of TABLES) {
				const select = sqlite.db.prepare(`SELECT ${table.columns.join(', ')} FROM ${table.name} ORDER BY rowid`);
				let batch: Record<string, unknown>[] = [];
				for (const row of select.iterate() as Iterable<Record<string, unknown>>) {
					batch.push(row);
					if (batch.length === BATCH) {
						await insertBatch(client, table, batch);
						batch = [];
					}
				}
				if (batch.length > 0) await insertBatch(client, table, batch);
			}
			// New updates are numbered above every copied one (and every snapshot's).
			await client.query(
				`SELECT setval(pg_get_serial_sequence('map_updates', 'seq'),
					GREATEST((SELECT COALESCE(MAX(seq), 0) FROM map_updates), (SELECT COALESCE(MAX(upto_seq), 0) FROM map_snapshots), 1))`
			);
			const problems: string[] = [];
			for (const table of TABLES) {
				const bytesSql = table.data ? `, COALESCE(SUM(LENGTH(${table.data})), 0) AS bytes` : ', 0 AS bytes';
				const source = sqlite.db.prepare(`SELECT COUNT(*) AS n${bytesSql} FROM ${table.name}`).get() as { n: number; bytes: number };
				const target = (
					await client.query(`SELECT COUNT(*) AS n${table.data ? `, COALESCE(SUM(octet_length(${table.data})), 0) AS bytes` : ', 0 AS bytes'} FROM ${table.name}`)
				).rows[0];
				const same = Number(source.n) === Number(target.n) && Number(source.bytes) === Number(target.bytes);
				const size = table.data ? ` (${source.bytes} → ${target.bytes} bytes)` : '';
				print(`${same ? 'ok      ' : 'MISMATCH'} ${table.name.padEnd(14)} ${source.n} → ${target.n} rows${size}`);
				if (!same) problems.push(table.name);
			}
			if (problems.length > 0) throw new MigrationError(`Verification failed for ${problems.join(', ')}; nothing was written.`);
			await client.query('COMMIT');
		} catch (error) {
			await client.query('ROLLBACK').catch(() => {});
			throw error;
		} finally {
			sqlite.db.exec('COMMIT');
		}
	} finally {
		client.release();
		await pool.end();
		await sqlite.close();
	}
}

if (import.meta.main) {
	const { values } = parseArgs({ options: { from: { type: 'string' }, to: { type: 'string' } } });
	const file = resolve(values.from ?? join(process.env.DATA_DIR ?? 'data', 'tejido.db'));
	const url = values.to ?? process.env.DATABASE_URL;
	if (!url) {
		console.error('Set DATABASE_URL (or pass --to) to the PostgreSQL database to copy into.');
		process.exit(2);
	}
	try {
		console.log(`Copying ${file} into PostgreSQL…`);
		await migrateSqliteToPostgres(file, url);
		console.log('Done: every table copied and verified. Start the server with DATABASE_URL set.');
	} catch (error) {
		console.error(error instanceof MigrationError ? error.message : `Migration failed, nothing was written: ${(error as Error).message}`);
		process.exit(1);
	}
}
