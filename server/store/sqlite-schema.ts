/**
 * The SQLite schema, as numbered migrations run once each (tracked in `PRAGMA user_version`),
 * so a database made by an older version is upgraded in place on start.
 */
import type { DatabaseSync } from 'node:sqlite';

const MIGRATIONS: string[] = [
	// 1: maps and their Yjs update logs
	`CREATE TABLE IF NOT EXISTS maps (
		id TEXT PRIMARY KEY,
		name TEXT NOT NULL,
		created_at INTEGER NOT NULL
	);
	CREATE TABLE IF NOT EXISTS map_updates (
		map_id TEXT NOT NULL REFERENCES maps(id) ON DELETE CASCADE,
		seq INTEGER NOT NULL,
		data BLOB NOT NULL,
		actor TEXT NOT NULL,
		at INTEGER NOT NULL,
		PRIMARY KEY (map_id, seq)
	);
	CREATE TABLE IF NOT EXISTS map_snapshots (
		map_id TEXT PRIMARY KEY REFERENCES maps(id) ON DELETE CASCADE,
		upto_seq INTEGER NOT NULL,
		data BLOB NOT NULL,
		at INTEGER NOT NULL
	);`,
	// 2: accounts, sessions, membership, invitations and share links
	`ALTER TABLE maps ADD COLUMN archived_at INTEGER;
	ALTER TABLE maps ADD COLUMN open_role TEXT;
	CREATE TABLE users (
		id TEXT PRIMARY KEY,
		email TEXT NOT NULL UNIQUE COLLATE NOCASE,
		name TEXT NOT NULL,
		password_hash TEXT NOT NULL,
		is_admin INTEGER NOT NULL DEFAULT 0,
		created_at INTEGER NOT NULL
	);
	CREATE TABLE sessions (
		id TEXT PRIMARY KEY,
		user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
		secret_hash BLOB NOT NULL,
		created_at INTEGER NOT NULL,
		expires_at INTEGER NOT NULL
	);
	CREATE INDEX sessions_by_user ON sessions(user_id);
	CREATE TABLE map_members (
		map_id TEXT NOT NULL REFERENCES maps(id) ON DELETE CASCADE,
		user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
		role TEXT NOT NULL,
		PRIMARY KEY (map_id, user_id)
	);
	CREATE INDEX members_by_user ON map_members(user_id);
	CREATE TABLE map_links (
		id TEXT PRIMARY KEY,
		kind TEXT NOT NULL,
		map_id TEXT NOT NULL REFERENCES maps(id) ON DELETE CASCADE,
		role TEXT NOT NULL,
		secret_hash BLOB NOT NULL,
		created_by TEXT NOT NULL,
		created_at INTEGER NOT NULL,
		expires_at INTEGER,
		revoked_at INTEGER,
		used_by TEXT
	);
	CREATE INDEX links_by_map ON map_links(map_id, kind);`,
	// 3: history that compaction keeps, the activity digested from it, and the public
	// indicators flag. Compaction moves merged updates into map_history instead of deleting
	// them; a map compacted before this version starts its history at its snapshot then.
	`CREATE TABLE map_history (
		map_id TEXT NOT NULL REFERENCES maps(id) ON DELETE CASCADE,
		seq INTEGER NOT NULL,
		data BLOB NOT NULL,
		actor TEXT NOT NULL,
		at INTEGER NOT NULL,
		PRIMARY KEY (map_id, seq)
	);
	CREATE TABLE map_history_base (
		map_id TEXT PRIMARY KEY REFERENCES maps(id) ON DELETE CASCADE,
		upto_seq INTEGER NOT NULL,
		data BLOB NOT NULL,
		at INTEGER NOT NULL
	);
	INSERT INTO map_history_base (map_id, upto_seq, data, at) SELECT map_id, upto_seq, data, at FROM map_snapshots;
	CREATE TABLE map_activity (
		map_id TEXT NOT NULL REFERENCES maps(id) ON DELETE CASCADE,
		seq INTEGER NOT NULL,
		actor TEXT NOT NULL,
		at INTEGER NOT NULL,
		entity_count INTEGER NOT NULL,
		PRIMARY KEY (map_id, seq)
	);
	CREATE TABLE map_activity_entities (
		map_id TEXT NOT NULL REFERENCES maps(id) ON DELETE CASCADE,
		seq INTEGER NOT NULL,
		position INTEGER NOT NULL,
		collection TEXT NOT NULL,
		entity_id TEXT NOT NULL,
		action TEXT NOT NULL,
		name TEXT NOT NULL,
		fields TEXT NOT NULL,
		value TEXT,
		PRIMARY KEY (map_id, seq, position)
	);
	CREATE INDEX activity_by_entity ON map_activity_entities(map_id, collection, entity_id, seq);
	CREATE TABLE map_activity_state (
		map_id TEXT PRIMARY KEY REFERENCES maps(id) ON DELETE CASCADE,
		data BLOB NOT NULL,
		version INTEGER NOT NULL,
		at INTEGER NOT NULL
	);
	ALTER TABLE maps ADD COLUMN indicators_public INTEGER NOT NULL DEFAULT 0;`,
	// 4: targets, set by owners only (the document's were writable by any editor). Maps made
	// before this keep theirs in the document until the server carries them over, once.
	`CREATE TABLE map_targets (
		map_id TEXT NOT NULL REFERENCES maps(id) ON DELETE CASCADE,
		id TEXT NOT NULL,
		label TEXT NOT NULL,
		kinds TEXT NOT NULL,
		goal INTEGER NOT NULL,
		from_date TEXT NOT NULL,
		until_date TEXT NOT NULL,
		PRIMARY KEY (map_id, id)
	);
	ALTER TABLE maps ADD COLUMN document_targets_pending INTEGER NOT NULL DEFAULT 0;
	UPDATE maps SET document_targets_pending = 1;`,
	// The agent fields the owner marks personal, besides the contact (comma-separated).
	`ALTER TABLE maps ADD COLUMN personal_fields TEXT NOT NULL DEFAULT '';`,
	// Password-reset links (only their secrets' hashes) and the emails waiting to be delivered.
	`CREATE TABLE password_resets (
		id TEXT PRIMARY KEY,
		user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
		secret_hash BLOB NOT NULL,
		created_at INTEGER NOT NULL,
		expires_at INTEGER NOT NULL
	);
	CREATE INDEX password_resets_by_user ON password_resets(user_id);
	CREATE TABLE mail_outbox (
		id TEXT PRIMARY KEY,
		recipient TEXT NOT NULL,
		subject TEXT NOT NULL,
		text_body TEXT NOT NULL,
		html_body TEXT NOT NULL,
		created_at INTEGER NOT NULL,
		expires_at INTEGER NOT NULL,
		next_attempt_at INTEGER NOT NULL,
		attempts INTEGER NOT NULL DEFAULT 0,
		last_error TEXT
	);
	CREATE INDEX mail_outbox_due ON mail_outbox(next_attempt_at);`
];

export function migrate(db: DatabaseSync): void {
	const current = (db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version;
	for (let version = current; version < MIGRATIONS.length; version++) {
		db.exec('BEGIN IMMEDIATE');
		try {
			db.exec(MIGRATIONS[version]);
			db.exec(`PRAGMA user_version = ${version + 1}`);
			db.exec('COMMIT');
		} catch (error) {
			db.exec('ROLLBACK');
			throw new Error(`Could not upgrade the database to version ${version + 1}: ${(error as Error).message}`, {
				cause: error
			});
		}
	}
}
