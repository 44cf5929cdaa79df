/**
 * Sessions: a random token in an HttpOnly cookie; the store keeps only the hash of its secret.
 * Sessions expire after 30 days without use and slide forward when used in their second half.
 */
import type { AccountStore, User } from '../store/account-store.ts';
import { hashSecret, newToken, parseToken, secretMatches } from './tokens.ts';

export const SESSION_DAYS = 30;
const DAY = 24 * 60 * 60 * 1000;

export interface ValidSession {
	sessionId: string;
	user: User;
	expiresAt: number;
	/** True when the expiry moved and the cookie must be re-sent. */
	renewed: boolean;
}

export class SessionManager {
	private readonly store: AccountStore;
	constructor(store: AccountStore) {
		this.store = store;
	}

	async create(userId: string, now = Date.now()): Promise<{ token: string; expiresAt: number }> {
		const token = newToken();
		const expiresAt = now + SESSION_DAYS * DAY;
		await this.store.createSession({
			id: token.id,
			userId,
			secretHash: hashSecret(token.secret),
			createdAt: now,
			expiresAt
		});
		return { token: token.value, expiresAt };
	}

	async validate(tokenValue: string | undefined, now = Date.now()): Promise<ValidSession | null> {
		const token = parseToken(tokenValue);
		if (!token) return null;
		const session = await this.store.getSession(token.id);
		if (!session || !secretMatches(token.secret, session.secretHash)) return null;
		if (now >= session.expiresAt) {
			await this.store.deleteSession(session.id);
			return null;
		}
		const user = await this.store.userById(session.userId);
		if (!user) return null;
		let expiresAt = session.expiresAt;
		const renewed = expiresAt - now < (SESSION_DAYS / 2) * DAY;
		if (renewed) {
			expiresAt = now + SESSION_DAYS * DAY;
			await this.store.extendSession(session.id, expiresAt);
		}
		const { passwordHash: _, ...publicUser } = user;
		return { sessionId: session.id, user: publicUser, expiresAt, renewed };
	}

	invalidate(sessionId: string): Promise<void> {
		return this.store.deleteSession(sessionId);
	}

	invalidateAll(userId: string, exceptSessionId?: string): Promise<void> {
		return this.store.deleteUserSessions(userId, exceptSessionId);
	}
}
