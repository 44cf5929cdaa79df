/**
 * Every open collaboration socket of this process, with who opened it and how: limits how
 * many one account, one share link or one address may hold, closes sockets that went silent
 * or whose share link expired, and closes the sockets a revocation covers (a sign-out, a
 * password change, a removal from a map, a revoked share link) — on every process, through
 * the fan-out.
 */
import { log } from '../log.ts';
import type { FanOut } from './fanout.ts';
import { CLOSE } from './room.ts';

export interface LiveConnection {
	mapId: string;
	/** `user:<id>` or `share:<id>`, as in `MapAccess.principal`. */
	principal: string;
	/** The session it was opened with (none for a share link). */
	sessionId: string | null;
	address: string;
	/** When its share link stops granting access (null: never). */
	expiresAt: number | null;
	lastMessageAt: number;
	close(code: number, reason: string): void;
}

export interface ConnectionLimits {
	perAccount: number;
	perShare: number;
	perAddress: number;
	perRoom: number;
	memberReserved: number;
	idleTimeoutMs: number;
}

/** Which sockets a revocation closes. Sent between processes as JSON. */
export type Revocation =
	| { kind: 'session'; sessionId: string }
	| { kind: 'account'; userId: string; exceptSessionId?: string }
	| { kind: 'principal'; mapId: string; principal: string; code: number; reason: string };

/** Not a map id (they never hold a colon), so it never meets a map's channel. */
export const REVOKE_CHANNEL = ':revoke';

export class LiveConnections {
	private readonly open = new Set<LiveConnection>();
	private readonly counts = new Map<string, number>();
	private readonly limits: ConnectionLimits;
	private readonly fanout?: FanOut;
	private readonly sweeper: ReturnType<typeof setInterval>;
	private unsubscribe: (() => Promise<void>) | null = null;

	constructor(limits: ConnectionLimits, fanout?: FanOut) {
		this.limits = limits;
		this.fanout = fanout;
		// A quarter of the timeout, so a silent socket goes within 1.25 timeouts; at most 5 s
		// late on a share link's expiry between messages (each message checks it too).
		const every = Math.max(50, Math.min(limits.idleTimeoutMs / 4, 5000));
		this.sweeper = setInterval(() => this.sweep(), every);
		this.sweeper.unref();
	}

	/** Listens for other processes' revocations; resolves once subscribed. */
	async start(): Promise<void> {
		if (!this.fanout) return;
		this.unsubscribe = await this.fanout.subscribe(REVOKE_CHANNEL, (message) => {
			if (message.kind !== 'revoke') return;
			try {
				this.closeCovered(JSON.parse(new TextDecoder().decode(message.payload)) as Revocation);
			} catch (error) {
				log('warn', 'ignored a malformed revocation from another process', { error });
			}
		});
	}

	/**
	 * Why a new connection must be refused, or null. `roomSize` is the map's open connections
	 * here; share links may not take the last `memberReserved` slots, so a flood of partner
	 * sockets never locks the map's members out.
	 */
	refusal(candidate: Pick<LiveConnection, 'mapId' | 'principal' | 'address'>, roomSize: number): string | null {
		const { perAccount, perShare, perAddress, perRoom, memberReserved } = this.limits;
		const share = candidate.principal.startsWith('share:');
		if (roomSize >= (share ? perRoom - memberReserved : perRoom)) {
			return 'This map has too many open connections; try again later.';
		}
		if (share && this.count(shareKey(candidate)) >= perShare) {
			return 'This share link has too many open connections; close some tabs or try again later.';
		}
		if (!share && this.count(accountKey(candidate)) >= perAccount) {
			return 'You have this map open in too many tabs; close some and try again.';
		}
		if (this.count(addressKey(candidate)) >= perAddress) {
			return 'Too many open connections from your network; try again later.';
		}
		return null;
	}

	add(connection: LiveConnection): void {
		this.open.add(connection);
		for (const key of keys(connection)) this.counts.set(key, this.count(key) + 1);
	}

	remove(connection: LiveConnection): void {
		if (!this.open.delete(connection)) return;
		for (const key of keys(connection)) {
			const left = this.count(key) - 1;
			if (left > 0) this.counts.set(key, left);
			else this.counts.delete(key);
		}
	}

	/** True (and the connection closed) when its share link has expired. */
	closeIfExpired(connection: LiveConnection, now = Date.now()): boolean {
		if (connection.expiresAt === null || now < connection.expiresAt) return false;
		this.remove(connection);
		connection.close(CLOSE.revoked, 'This share link has expired. Ask the map’s owner for a new one.');
		return true;
	}

	/** Closes the sockets `revocation` covers here and on every other process. */
	revoke(revocation: Revocation): void {
		this.fanout?.publish(REVOKE_CHANNEL, { kind: 'revoke', payload: new TextEncoder().encode(JSON.stringify(revocation)) });
		this.closeCovered(revocation);
	}

	async close(): Promise<void> {
		clearInterval(this.sweeper);
		await this.unsubscribe?.().catch((error) => log('warn', 'could not unsubscribe from revocations', { error }));
	}

	private closeCovered(revocation: Revocation): void {
		for (const connection of [...this.open]) {
			const covered = covers(revocation, connection);
			if (!covered) continue;
			this.remove(connection);
			connection.close(covered.code, covered.reason);
		}
	}

	private sweep(now = Date.now()): void {
		for (const connection of [...this.open]) {
			if (this.closeIfExpired(connection, now)) continue;
			if (now - connection.lastMessageAt < this.limits.idleTimeoutMs) continue;
			this.remove(connection);
			connection.close(CLOSE.idle, 'No message for too long; reconnect to continue.');
		}
	}

	private count(key: string): number {
		return this.counts.get(key) ?? 0;
	}
}

function covers(revocation: Revocation, connection: LiveConnection): { code: number; reason: string } | null {
	const signedOut = { code: CLOSE.signedOut, reason: 'You were signed out. Sign in again to open this map.' };
	switch (revocation.kind) {
		case 'session':
			return connection.sessionId === revocation.sessionId ? signedOut : null;
		case 'account':
			return connection.principal === `user:${revocation.userId}` && connection.sessionId !== revocation.exceptSessionId
				? signedOut
				: null;
		case 'principal':
			return connection.mapId === revocation.mapId && connection.principal === revocation.principal
				? { code: revocation.code, reason: revocation.reason }
				: null;
	}
}

const accountKey = (c: Pick<LiveConnection, 'mapId' | 'principal'>) => `account:${c.mapId}:${c.principal}`;
const shareKey = (c: Pick<LiveConnection, 'principal'>) => `share:${c.principal}`;
const addressKey = (c: Pick<LiveConnection, 'address'>) => `address:${c.address}`;

function keys(connection: LiveConnection): string[] {
	const own = connection.principal.startsWith('share:') ? shareKey(connection) : accountKey(connection);
	return [own, addressKey(connection)];
}
