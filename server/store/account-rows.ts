/**
 * Rows of the account tables to records, the same for both stores: the column names are the
 * same, and the few differences of the engines (booleans as 0/1 in SQLite, bytes as Buffer in
 * PostgreSQL, BIGINT as strings) are absorbed here.
 */
import { isRole, type Role } from '../auth/permissions.ts';
import type { LinkRecord, MapSettings, MapSummary, PasswordResetRecord, User } from './account-store.ts';
import { INTERACTION_KINDS, type InteractionKind, type Target } from '../../src/lib/model/schema.ts';

export type Row = Record<string, unknown>;

export function nullableNumber(value: unknown): number | null {
	return value === null || value === undefined ? null : Number(value);
}

export function toUser(row: Row): User & { passwordHash: string } {
	return {
		id: String(row.id),
		email: String(row.email),
		name: String(row.name),
		isAdmin: row.is_admin === true || row.is_admin === 1,
		createdAt: Number(row.created_at),
		passwordHash: String(row.password_hash)
	};
}

export function toLink(row: Row): LinkRecord {
	return {
		id: String(row.id),
		mapId: String(row.map_id),
		role: row.role as Role,
		secretHash: new Uint8Array(row.secret_hash as Uint8Array),
		createdBy: String(row.created_by),
		createdAt: Number(row.created_at),
		expiresAt: nullableNumber(row.expires_at),
		revokedAt: nullableNumber(row.revoked_at),
		usedBy: row.used_by === null || row.used_by === undefined ? null : String(row.used_by)
	};
}

export function toMapSettings(row: Row): MapSettings {
	return {
		id: String(row.id),
		name: String(row.name),
		createdAt: Number(row.created_at),
		archivedAt: nullableNumber(row.archived_at),
		openRole: isRole(row.open_role) ? row.open_role : null,
		personalFields: String(row.personal_fields ?? '').split(',').filter(Boolean)
	};
}

/** A map in someone's list; rows without a valid role are the caller's to drop first. */
export function toMapSummary(row: Row): MapSummary {
	return {
		id: String(row.id),
		name: String(row.name),
		createdAt: Number(row.created_at),
		archivedAt: nullableNumber(row.archived_at),
		role: row.role as Role
	};
}

/** A target's row; its kinds are a JSON list of interaction kinds (unknown ones are dropped). */
export function toTarget(row: Row): Target {
	let kinds: unknown = [];
	try {
		kinds = JSON.parse(String(row.kinds));
	} catch {
		// A damaged list counts nothing rather than failing the whole page.
	}
	return {
		id: String(row.id),
		label: String(row.label),
		kinds: INTERACTION_KINDS.filter((kind: InteractionKind) => Array.isArray(kinds) && kinds.includes(kind)),
		goal: Number(row.goal),
		from: String(row.from_date),
		until: String(row.until_date)
	};
}

/** The values of a target's row after its map id, in column order (see TARGET_COLUMNS). */
export function targetValues(target: Target): [string, string, string, number, string, string] {
	return [target.id, target.label, JSON.stringify(target.kinds), target.goal, target.from, target.until];
}

export const TARGET_COLUMNS = 'map_id, id, label, kinds, goal, from_date, until_date';

export function toPasswordReset(row: Row): PasswordResetRecord {
	return {
		id: String(row.id),
		userId: String(row.user_id),
		secretHash: new Uint8Array(row.secret_hash as Uint8Array),
		createdAt: Number(row.created_at),
		expiresAt: Number(row.expires_at)
	};
}
