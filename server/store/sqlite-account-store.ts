/** The account store on the same SQLite file as the documents (see account-store.ts). */
import type { DatabaseSync, SQLInputValue } from 'node:sqlite';
import { isRole, type Role } from '../auth/permissions.ts';
import {
	DuplicateEmailError,
	type AccountStore,
	type LinkKind,
	type LinkRecord,
	type MapPatch,
	type MapSettings,
	type MapSummary,
	type Member,
	type PasswordResetRecord,
	type SessionRecord,
	type User
} from './account-store.ts';
import { TARGET_COLUMNS, targetValues, toLink, toPasswordReset, toMapSettings, toMapSummary, toTarget, toUser } from './account-rows.ts';
import { byDeadline } from '../../src/lib/model/register.ts';
import type { Target } from '../../src/lib/model/schema.ts';

type Row = Record<string, SQLInputValue>;

export class SqliteAccountStore implements AccountStore {
	private readonly db: DatabaseSync;

	constructor(db: DatabaseSync) {
		this.db = db;
	}

	private one(sql: string, ...params: SQLInputValue[]): Row | undefined {
		return this.db.prepare(sql).get(...params) as Row | undefined;
	}

	private all(sql: string, ...params: SQLInputValue[]): Row[] {
		return this.db.prepare(sql).all(...params) as Row[];
	}

	private run(sql: string, ...params: SQLInputValue[]): number {
		return Number(this.db.prepare(sql).run(...params).changes);
	}

	async countUsers(): Promise<number> {
		return Number(this.one('SELECT COUNT(*) AS n FROM users')!.n);
	}

	async createUser(user: User, passwordHash: string): Promise<void> {
		try {
			this.run(
				'INSERT INTO users (id, email, name, password_hash, is_admin, created_at) VALUES (?, ?, ?, ?, ?, ?)',
				user.id,
				user.email,
				user.name,
				passwordHash,
				user.isAdmin ? 1 : 0,
				user.createdAt
			);
		} catch (error) {
			if (/UNIQUE constraint failed: users.email/.test(String(error))) throw new DuplicateEmailError();
			throw error;
		}
	}

	async userByEmail(email: string) {
		const row = this.one('SELECT * FROM users WHERE email = ?', email);
		return row ? toUser(row) : null;
	}

	async userById(id: string) {
		const row = this.one('SELECT * FROM users WHERE id = ?', id);
		return row ? toUser(row) : null;
	}

	async setPasswordHash(userId: string, passwordHash: string): Promise<void> {
		this.run('UPDATE users SET password_hash = ? WHERE id = ?', passwordHash, userId);
	}

	async createSession(session: SessionRecord): Promise<void> {
		this.run(
			'INSERT INTO sessions (id, user_id, secret_hash, created_at, expires_at) VALUES (?, ?, ?, ?, ?)',
			session.id,
			session.userId,
			session.secretHash,
			session.createdAt,
			session.expiresAt
		);
	}

	async getSession(id: string): Promise<SessionRecord | null> {
		const row = this.one('SELECT * FROM sessions WHERE id = ?', id);
		if (!row) return null;
		return {
			id: String(row.id),
			userId: String(row.user_id),
			secretHash: new Uint8Array(row.secret_hash as Uint8Array),
			createdAt: Number(row.created_at),
			expiresAt: Number(row.expires_at)
		};
	}

	async extendSession(id: string, expiresAt: number): Promise<void> {
		this.run('UPDATE sessions SET expires_at = ? WHERE id = ?', expiresAt, id);
	}

	async deleteSession(id: string): Promise<void> {
		this.run('DELETE FROM sessions WHERE id = ?', id);
	}

	async deleteUserSessions(userId: string, exceptSessionId?: string): Promise<void> {
		this.run('DELETE FROM sessions WHERE user_id = ? AND id != ?', userId, exceptSessionId ?? '');
	}

	async createPasswordReset(reset: PasswordResetRecord): Promise<void> {
		this.run('DELETE FROM password_resets WHERE expires_at <= ?', reset.createdAt);
		this.run(
			'INSERT INTO password_resets (id, user_id, secret_hash, created_at, expires_at) VALUES (?, ?, ?, ?, ?)',
			reset.id,
			reset.userId,
			reset.secretHash,
			reset.createdAt,
			reset.expiresAt
		);
	}

	async getPasswordReset(id: string): Promise<PasswordResetRecord | null> {
		const row = this.one('SELECT * FROM password_resets WHERE id = ?', id);
		return row ? toPasswordReset(row) : null;
	}

	async usePasswordReset(id: string): Promise<boolean> {
		// node:sqlite is synchronous: nothing else in this process runs until COMMIT.
		this.db.exec('BEGIN IMMEDIATE');
		try {
			const row = this.one('DELETE FROM password_resets WHERE id = ? RETURNING user_id', id);
			if (row) this.run('DELETE FROM password_resets WHERE user_id = ?', row.user_id);
			this.db.exec('COMMIT');
			return row !== undefined;
		} catch (error) {
			this.db.exec('ROLLBACK');
			throw error;
		}
	}

	async mapSettings(mapId: string): Promise<MapSettings | null> {
		const row = this.one('SELECT * FROM maps WHERE id = ?', mapId);
		if (!row) return null;
		return toMapSettings(row);
	}

	async updateMap(mapId: string, patch: MapPatch): Promise<void> {
		if (patch.name !== undefined) this.run('UPDATE maps SET name = ? WHERE id = ?', patch.name, mapId);
		if (patch.archivedAt !== undefined) this.run('UPDATE maps SET archived_at = ? WHERE id = ?', patch.archivedAt, mapId);
		if (patch.openRole !== undefined) this.run('UPDATE maps SET open_role = ? WHERE id = ?', patch.openRole, mapId);
		if (patch.personalFields !== undefined) this.run('UPDATE maps SET personal_fields = ? WHERE id = ?', patch.personalFields.join(','), mapId);
	}

	async deleteMap(mapId: string): Promise<void> {
		// Cascades to the update log, snapshots, members and links.
		this.run('DELETE FROM maps WHERE id = ?', mapId);
	}

	async indicatorsPublic(mapId: string): Promise<boolean> {
		return this.one('SELECT indicators_public FROM maps WHERE id = ?', mapId)?.indicators_public === 1;
	}

	async setIndicatorsPublic(mapId: string, published: boolean): Promise<void> {
		this.run('UPDATE maps SET indicators_public = ? WHERE id = ?', published ? 1 : 0, mapId);
	}

	async mapsForUser(userId: string): Promise<MapSummary[]> {
		const rows = this.all(
			`SELECT m.id, m.name, m.created_at, m.archived_at, COALESCE(mm.role, m.open_role) AS role
			 FROM maps m LEFT JOIN map_members mm ON mm.map_id = m.id AND mm.user_id = ?
			 WHERE mm.role IS NOT NULL OR m.open_role IS NOT NULL
			 ORDER BY m.created_at DESC, m.id`,
			userId
		);
		return rows
			.filter((row) => isRole(row.role))
			.map(toMapSummary);
	}

	async targets(mapId: string): Promise<Target[]> {
		return this.all('SELECT * FROM map_targets WHERE map_id = ?', mapId).map(toTarget).sort(byDeadline);
	}

	async addTarget(mapId: string, target: Target): Promise<void> {
		this.run(`INSERT INTO map_targets (${TARGET_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)`, mapId, ...targetValues(target));
	}

	async replaceTarget(mapId: string, target: Target): Promise<boolean> {
		const [id, label, kinds, goal, from, until] = targetValues(target);
		return (
			this.run(
				'UPDATE map_targets SET label = ?, kinds = ?, goal = ?, from_date = ?, until_date = ? WHERE map_id = ? AND id = ?',
				label,
				kinds,
				goal,
				from,
				until,
				mapId,
				id
			) === 1
		);
	}

	async deleteTarget(mapId: string, targetId: string): Promise<boolean> {
		return this.run('DELETE FROM map_targets WHERE map_id = ? AND id = ?', mapId, targetId) === 1;
	}

	async documentTargetsPending(mapId: string): Promise<boolean> {
		return this.one('SELECT document_targets_pending FROM maps WHERE id = ?', mapId)?.document_targets_pending === 1;
	}

	async mapsWithDocumentTargetsPending(): Promise<string[]> {
		return this.all('SELECT id FROM maps WHERE document_targets_pending = 1 ORDER BY id').map((row) => String(row.id));
	}

	async carryOverDocumentTargets(mapId: string, targets: readonly Target[]): Promise<boolean> {
		// node:sqlite is synchronous: nothing else in this process runs until COMMIT.
		this.db.exec('BEGIN IMMEDIATE');
		try {
			const claimed = this.run('UPDATE maps SET document_targets_pending = 0 WHERE id = ? AND document_targets_pending = 1', mapId) === 1;
			if (claimed) {
				for (const target of targets) {
					this.run(`INSERT OR IGNORE INTO map_targets (${TARGET_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)`, mapId, ...targetValues(target));
				}
			}
			this.db.exec('COMMIT');
			return claimed;
		} catch (error) {
			this.db.exec('ROLLBACK');
			throw error;
		}
	}

	async memberRole(mapId: string, userId: string): Promise<Role | null> {
		const row = this.one('SELECT role FROM map_members WHERE map_id = ? AND user_id = ?', mapId, userId);
		return row && isRole(row.role) ? row.role : null;
	}

	async setMember(mapId: string, userId: string, role: Role): Promise<void> {
		this.run(
			`INSERT INTO map_members (map_id, user_id, role) VALUES (?, ?, ?)
			 ON CONFLICT (map_id, user_id) DO UPDATE SET role = excluded.role`,
			mapId,
			userId,
			role
		);
	}

	async removeMember(mapId: string, userId: string): Promise<void> {
		this.run('DELETE FROM map_members WHERE map_id = ? AND user_id = ?', mapId, userId);
	}

	async listMembers(mapId: string): Promise<Member[]> {
		return this.all(
			`SELECT u.id, u.name, u.email, mm.role FROM map_members mm JOIN users u ON u.id = mm.user_id
			 WHERE mm.map_id = ? ORDER BY u.name, u.id`,
			mapId
		).map((row) => ({ userId: String(row.id), name: String(row.name), email: String(row.email), role: row.role as Role }));
	}

	async createLink(kind: LinkKind, link: LinkRecord): Promise<void> {
		this.run(
			`INSERT INTO map_links (id, kind, map_id, role, secret_hash, created_by, created_at, expires_at, revoked_at, used_by)
			 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			link.id,
			kind,
			link.mapId,
			link.role,
			link.secretHash,
			link.createdBy,
			link.createdAt,
			link.expiresAt,
			link.revokedAt,
			link.usedBy
		);
	}

	async getLink(kind: LinkKind, id: string): Promise<LinkRecord | null> {
		const row = this.one('SELECT * FROM map_links WHERE id = ? AND kind = ?', id, kind);
		return row ? toLink(row) : null;
	}

	async listLinks(kind: LinkKind, mapId: string): Promise<LinkRecord[]> {
		return this.all('SELECT * FROM map_links WHERE map_id = ? AND kind = ? ORDER BY created_at DESC, id', mapId, kind).map(toLink);
	}

	async revokeLink(kind: LinkKind, id: string, at: number): Promise<void> {
		this.run('UPDATE map_links SET revoked_at = ? WHERE id = ? AND kind = ? AND revoked_at IS NULL', at, id, kind);
	}

	async useInvitation(id: string, userId: string): Promise<boolean> {
		return this.run("UPDATE map_links SET used_by = ? WHERE id = ? AND kind = 'invitation' AND used_by IS NULL", userId, id) === 1;
	}
}
