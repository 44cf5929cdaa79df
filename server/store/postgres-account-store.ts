/** The account store on PostgreSQL, in the same database as the documents (see account-store.ts). */
import type { Pool } from 'pg';
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
import { bytes } from './postgres-store.ts';

type Row = Record<string, unknown>;

const UNIQUE_VIOLATION = '23505';

export class PostgresAccountStore implements AccountStore {
	private readonly pool: Pool;

	constructor(pool: Pool) {
		this.pool = pool;
	}

	private async all(sql: string, params: unknown[] = []): Promise<Row[]> {
		return (await this.pool.query(sql, params)).rows;
	}

	private async one(sql: string, params: unknown[] = []): Promise<Row | undefined> {
		return (await this.all(sql, params))[0];
	}

	private async run(sql: string, params: unknown[] = []): Promise<number> {
		return (await this.pool.query(sql, params)).rowCount ?? 0;
	}

	async countUsers(): Promise<number> {
		return Number((await this.one('SELECT COUNT(*) AS n FROM users'))!.n);
	}

	async createUser(user: User, passwordHash: string): Promise<void> {
		try {
			await this.run('INSERT INTO users (id, email, name, password_hash, is_admin, created_at) VALUES ($1, $2, $3, $4, $5, $6)', [
				user.id,
				user.email,
				user.name,
				passwordHash,
				user.isAdmin,
				user.createdAt
			]);
		} catch (error) {
			if ((error as { code?: string }).code === UNIQUE_VIOLATION && /users_email/.test(String(error))) {
				throw new DuplicateEmailError();
			}
			throw error;
		}
	}

	async userByEmail(email: string) {
		const row = await this.one('SELECT * FROM users WHERE lower(email) = lower($1)', [email]);
		return row ? toUser(row) : null;
	}

	async userById(id: string) {
		const row = await this.one('SELECT * FROM users WHERE id = $1', [id]);
		return row ? toUser(row) : null;
	}

	async setPasswordHash(userId: string, passwordHash: string): Promise<void> {
		await this.run('UPDATE users SET password_hash = $1 WHERE id = $2', [passwordHash, userId]);
	}

	async createSession(session: SessionRecord): Promise<void> {
		await this.run('INSERT INTO sessions (id, user_id, secret_hash, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)', [
			session.id,
			session.userId,
			bytes(session.secretHash),
			session.createdAt,
			session.expiresAt
		]);
	}

	async getSession(id: string): Promise<SessionRecord | null> {
		const row = await this.one('SELECT * FROM sessions WHERE id = $1', [id]);
		if (!row) return null;
		return {
			id: String(row.id),
			userId: String(row.user_id),
			secretHash: new Uint8Array(row.secret_hash as Buffer),
			createdAt: Number(row.created_at),
			expiresAt: Number(row.expires_at)
		};
	}

	async extendSession(id: string, expiresAt: number): Promise<void> {
		await this.run('UPDATE sessions SET expires_at = $1 WHERE id = $2', [expiresAt, id]);
	}

	async deleteSession(id: string): Promise<void> {
		await this.run('DELETE FROM sessions WHERE id = $1', [id]);
	}

	async deleteUserSessions(userId: string, exceptSessionId?: string): Promise<void> {
		await this.run('DELETE FROM sessions WHERE user_id = $1 AND id <> $2', [userId, exceptSessionId ?? '']);
	}

	async createPasswordReset(reset: PasswordResetRecord): Promise<void> {
		await this.run('DELETE FROM password_resets WHERE expires_at <= $1', [reset.createdAt]);
		await this.run('INSERT INTO password_resets (id, user_id, secret_hash, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)', [
			reset.id,
			reset.userId,
			bytes(reset.secretHash),
			reset.createdAt,
			reset.expiresAt
		]);
	}

	async getPasswordReset(id: string): Promise<PasswordResetRecord | null> {
		const row = await this.one('SELECT * FROM password_resets WHERE id = $1', [id]);
		return row ? toPasswordReset(row) : null;
	}

	async usePasswordReset(id: string): Promise<boolean> {
		// The row lock makes the first DELETE a compare-and-set: a concurrent use finds it gone.
		const used = await this.one(
			`WITH used AS (DELETE FROM password_resets WHERE id = $1 RETURNING user_id),
			 others AS (DELETE FROM password_resets WHERE user_id IN (SELECT user_id FROM used) AND id <> $1)
			 SELECT COUNT(*) AS n FROM used`,
			[id]
		);
		return Number(used?.n) === 1;
	}

	async mapSettings(mapId: string): Promise<MapSettings | null> {
		const row = await this.one('SELECT * FROM maps WHERE id = $1', [mapId]);
		if (!row) return null;
		return toMapSettings(row);
	}

	async updateMap(mapId: string, patch: MapPatch): Promise<void> {
		if (patch.name !== undefined) await this.run('UPDATE maps SET name = $1 WHERE id = $2', [patch.name, mapId]);
		if (patch.archivedAt !== undefined) await this.run('UPDATE maps SET archived_at = $1 WHERE id = $2', [patch.archivedAt, mapId]);
		if (patch.openRole !== undefined) await this.run('UPDATE maps SET open_role = $1 WHERE id = $2', [patch.openRole, mapId]);
		if (patch.personalFields !== undefined) await this.run('UPDATE maps SET personal_fields = $1 WHERE id = $2', [patch.personalFields.join(','), mapId]);
	}

	async deleteMap(mapId: string): Promise<void> {
		// Cascades to the update log, snapshots, members and links.
		await this.run('DELETE FROM maps WHERE id = $1', [mapId]);
	}

	async indicatorsPublic(mapId: string): Promise<boolean> {
		return (await this.one('SELECT indicators_public FROM maps WHERE id = $1', [mapId]))?.indicators_public === true;
	}

	async setIndicatorsPublic(mapId: string, published: boolean): Promise<void> {
		await this.run('UPDATE maps SET indicators_public = $1 WHERE id = $2', [published, mapId]);
	}

	async mapsForUser(userId: string): Promise<MapSummary[]> {
		const rows = await this.all(
			`SELECT m.id, m.name, m.created_at, m.archived_at, COALESCE(mm.role, m.open_role) AS role
			 FROM maps m LEFT JOIN map_members mm ON mm.map_id = m.id AND mm.user_id = $1
			 WHERE mm.role IS NOT NULL OR m.open_role IS NOT NULL
			 ORDER BY m.created_at DESC, m.id`,
			[userId]
		);
		return rows
			.filter((row) => isRole(row.role))
			.map(toMapSummary);
	}

	async targets(mapId: string): Promise<Target[]> {
		// Sorted here, not by the database's collation, so both engines list them alike.
		return (await this.all('SELECT * FROM map_targets WHERE map_id = $1', [mapId])).map(toTarget).sort(byDeadline);
	}

	async addTarget(mapId: string, target: Target): Promise<void> {
		await this.run(`INSERT INTO map_targets (${TARGET_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7)`, [mapId, ...targetValues(target)]);
	}

	async replaceTarget(mapId: string, target: Target): Promise<boolean> {
		const [id, label, kinds, goal, from, until] = targetValues(target);
		const changed = await this.run(
			'UPDATE map_targets SET label = $1, kinds = $2, goal = $3, from_date = $4, until_date = $5 WHERE map_id = $6 AND id = $7',
			[label, kinds, goal, from, until, mapId, id]
		);
		return changed === 1;
	}

	async deleteTarget(mapId: string, targetId: string): Promise<boolean> {
		return (await this.run('DELETE FROM map_targets WHERE map_id = $1 AND id = $2', [mapId, targetId])) === 1;
	}

	async documentTargetsPending(mapId: string): Promise<boolean> {
		return (await this.one('SELECT document_targets_pending FROM maps WHERE id = $1', [mapId]))?.document_targets_pending === true;
	}

	async mapsWithDocumentTargetsPending(): Promise<string[]> {
		return (await this.all('SELECT id FROM maps WHERE document_targets_pending ORDER BY id')).map((row) => String(row.id));
	}

	async carryOverDocumentTargets(mapId: string, targets: readonly Target[]): Promise<boolean> {
		const client = await this.pool.connect();
		let broken = false;
		try {
			await client.query('BEGIN');
			// The row lock makes this a compare-and-set: of two processes carrying over, one does.
			const claimed = await client.query('UPDATE maps SET document_targets_pending = false WHERE id = $1 AND document_targets_pending', [mapId]);
			if (claimed.rowCount === 1) {
				for (const target of targets) {
					await client.query(`INSERT INTO map_targets (${TARGET_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`, [
						mapId,
						...targetValues(target)
					]);
				}
			}
			await client.query('COMMIT');
			return claimed.rowCount === 1;
		} catch (error) {
			// A connection that cannot even roll back is not given back to the pool.
			await client.query('ROLLBACK').catch(() => (broken = true));
			throw error;
		} finally {
			client.release(broken);
		}
	}

	async memberRole(mapId: string, userId: string): Promise<Role | null> {
		const row = await this.one('SELECT role FROM map_members WHERE map_id = $1 AND user_id = $2', [mapId, userId]);
		return row && isRole(row.role) ? row.role : null;
	}

	async setMember(mapId: string, userId: string, role: Role): Promise<void> {
		await this.run(
			`INSERT INTO map_members (map_id, user_id, role) VALUES ($1, $2, $3)
			 ON CONFLICT (map_id, user_id) DO UPDATE SET role = excluded.role`,
			[mapId, userId, role]
		);
	}

	async removeMember(mapId: string, userId: string): Promise<void> {
		await this.run('DELETE FROM map_members WHERE map_id = $1 AND user_id = $2', [mapId, userId]);
	}

	async listMembers(mapId: string): Promise<Member[]> {
		const rows = await this.all(
			`SELECT u.id, u.name, u.email, mm.role FROM map_members mm JOIN users u ON u.id = mm.user_id
			 WHERE mm.map_id = $1 ORDER BY u.name, u.id`,
			[mapId]
		);
		return rows.map((row) => ({ userId: String(row.id), name: String(row.name), email: String(row.email), role: row.role as Role }));
	}

	async createLink(kind: LinkKind, link: LinkRecord): Promise<void> {
		await this.run(
			`INSERT INTO map_links (id, kind, map_id, role, secret_hash, created_by, created_at, expires_at, revoked_at, used_by)
			 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
			[
				link.id,
				kind,
				link.mapId,
				link.role,
				bytes(link.secretHash),
				link.createdBy,
				link.createdAt,
				link.expiresAt,
				link.revokedAt,
				link.usedBy
			]
		);
	}

	async getLink(kind: LinkKind, id: string): Promise<LinkRecord | null> {
		const row = await this.one('SELECT * FROM map_links WHERE id = $1 AND kind = $2', [id, kind]);
		return row ? toLink(row) : null;
	}

	async listLinks(kind: LinkKind, mapId: string): Promise<LinkRecord[]> {
		const rows = await this.all('SELECT * FROM map_links WHERE map_id = $1 AND kind = $2 ORDER BY created_at DESC, id', [mapId, kind]);
		return rows.map(toLink);
	}

	async revokeLink(kind: LinkKind, id: string, at: number): Promise<void> {
		await this.run('UPDATE map_links SET revoked_at = $1 WHERE id = $2 AND kind = $3 AND revoked_at IS NULL', [at, id, kind]);
	}

	async useInvitation(id: string, userId: string): Promise<boolean> {
		// The row lock makes this a compare-and-set: of two concurrent accepts, one updates.
		const changed = await this.run("UPDATE map_links SET used_by = $1 WHERE id = $2 AND kind = 'invitation' AND used_by IS NULL", [
			userId,
			id
		]);
		return changed === 1;
	}
}
