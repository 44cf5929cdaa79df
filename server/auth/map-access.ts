/**
 * Who may do what on one map, decided once per request or connection: a member's role, the
 * role a map opens to every account (the demo), or read-only through a share link. Archived
 * maps are read-only for everyone.
 */
import type { AccountStore, User } from '../store/account-store.ts';
import { personalFields } from '../../src/lib/model/personal-fields.ts';
import { can, type Role } from './permissions.ts';
import { parseToken, secretMatches } from './tokens.ts';

export interface MapAccess {
	role: Role;
	canWrite: boolean;
	/** Recorded with every stored update, and used to find connections when access changes. */
	principal: string;
	via: 'member' | 'open' | 'share';
	/** When a share link's access ends (null: never, or not a share link). */
	expiresAt: number | null;
	/**
	 * The personal fields this caller may not see, now or in earlier versions: none for owners
	 * and editors; a viewer sees today's values but not the ones removed since; a share link sees
	 * none of them (it is served the map's projection).
	 */
	hidden: { now: readonly string[]; history: readonly string[] };
}

export type AccessDenial = { status: 401 | 403 | 404; message: string };

export const DENIED = {
	signIn: { status: 401, message: 'Sign in to open this map, or use a share link from its owner.' },
	noAccess: { status: 403, message: 'You do not have access to this map. Ask its owner to invite you.' },
	badShare: { status: 403, message: 'This share link is not valid any more. Ask the map’s owner for a new one.' },
	notFound: { status: 404, message: 'No map with this id. Check the link, or go back to your maps.' }
} as const satisfies Record<string, AccessDenial>;

export async function resolveMapAccess(
	accounts: AccountStore,
	mapId: string,
	who: { user: User | null; shareToken: string | null },
	now = Date.now()
): Promise<MapAccess | AccessDenial> {
	if (!who.user && !who.shareToken) return DENIED.signIn;
	const map = await accounts.mapSettings(mapId);
	if (!map) return who.user ? DENIED.notFound : DENIED.signIn;
	let access: MapAccess | null = null;
	if (who.user) {
		const member = await accounts.memberRole(mapId, who.user.id);
		const role = member ?? map.openRole;
		if (role) {
			const history = can(role, 'write') ? [] : personalFields(map.personalFields);
			access = { role, canWrite: can(role, 'write'), principal: `user:${who.user.id}`, via: member ? 'member' : 'open', expiresAt: null, hidden: { now: [], history } };
		}
	}
	if (!access && who.shareToken) {
		const share = await validShare(accounts, mapId, who.shareToken, now);
		if (!share) return DENIED.badShare;
		const hidden = personalFields(map.personalFields);
		access = { role: 'viewer', canWrite: false, principal: `share:${share.id}`, via: 'share', expiresAt: share.expiresAt, hidden: { now: hidden, history: hidden } };
	}
	if (!access) return DENIED.noAccess;
	if (map.archivedAt !== null) access.canWrite = false;
	return access;
}

/** The share link when the token is a live share of this map. */
async function validShare(
	accounts: AccountStore,
	mapId: string,
	value: string,
	now: number
): Promise<{ id: string; expiresAt: number | null } | null> {
	const token = parseToken(value);
	if (!token) return null;
	const link = await accounts.getLink('share', token.id);
	if (!link || link.mapId !== mapId || link.revokedAt !== null) return null;
	if (link.expiresAt !== null && now >= link.expiresAt) return null;
	return secretMatches(token.secret, link.secretHash) ? { id: link.id, expiresAt: link.expiresAt } : null;
}

export function isDenial(value: MapAccess | AccessDenial): value is AccessDenial {
	return 'status' in value;
}
