/**
 * Who may open a map's collaboration socket, and with which rights. This is the seam where
 * accounts and roles plug in (issue 3): until then every visitor may edit, and the actor
 * recorded with their updates is the display name they chose (unauthenticated).
 */
import type { Context } from 'hono';

export interface Access {
	actor: string;
	canWrite: boolean;
}

export type Refusal = { status: 401 | 403; message: string };

export type AuthorizeCollab = (c: Context, mapId: string) => Promise<Access | Refusal>;

export const guestAccess: AuthorizeCollab = async (c) => {
	const name = (c.req.query('name') ?? '').replace(/[^\p{L}\p{N} ._-]/gu, '').slice(0, 40).trim();
	return { actor: `guest:${name || 'anonymous'}`, canWrite: true };
};

/**
 * Refuses cross-site websocket upgrades (a page on another site opening a socket with the
 * visitor's cookies). Browsers always send Origin on websocket handshakes; non-browser
 * clients may omit it and are judged by their credentials alone.
 */
export function sameOrigin(c: Context): boolean {
	const origin = c.req.header('origin');
	if (!origin) return true;
	try {
		return new URL(origin).host === c.req.header('host');
	} catch {
		return false;
	}
}
