/**
 * Middleware that runs before the routes: reads the session cookie (re-sending it when its
 * expiry slides), and refuses cross-site state-changing requests. SvelteKit's and Hono's
 * built-in CSRF guards cover HTML form posts only; our API takes JSON, so we check every
 * method that changes state.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { SessionManager } from '../auth/sessions.ts';
import type { AppEnv } from './app-env.ts';

export const SESSION_COOKIE = 'tejido_session';

function isHttps(c: Context): boolean {
	return c.req.header('x-forwarded-proto') === 'https' || new URL(c.req.url).protocol === 'https:';
}

export function setSessionCookie(c: Context, token: string, expiresAt: number): void {
	setCookie(c, SESSION_COOKIE, token, {
		httpOnly: true,
		sameSite: 'Lax',
		secure: isHttps(c),
		path: '/',
		expires: new Date(expiresAt)
	});
}

export function clearSessionCookie(c: Context): void {
	deleteCookie(c, SESSION_COOKIE, { path: '/', secure: isHttps(c) });
}

export function readSession(sessions: SessionManager): MiddlewareHandler<AppEnv> {
	return async (c, next) => {
		const session = await sessions.validate(getCookie(c, SESSION_COOKIE));
		c.set('session', session);
		c.set('shareToken', c.req.query('share') ?? c.req.header('x-tejido-share') ?? null);
		if (session?.renewed) setSessionCookie(c, getCookie(c, SESSION_COOKIE)!, session.expiresAt);
		await next();
	};
}

/**
 * Browsers send Origin (and Sec-Fetch-Site) with every state-changing request; a mismatch
 * means another site is trying to act with the visitor's cookies. Programs without these
 * headers carry no browser cookies to abuse.
 */
export function sameOriginOnly(): MiddlewareHandler<AppEnv> {
	return async (c, next) => {
		if (['GET', 'HEAD', 'OPTIONS'].includes(c.req.method) && c.req.header('upgrade') === undefined) return next();
		if (!isSameOrigin(c)) {
			return c.json({ error: 'This request came from another site and was refused. Open Tejido directly and try again.' }, 403);
		}
		await next();
	};
}

export function isSameOrigin(c: Context): boolean {
	const origin = c.req.header('origin');
	if (origin !== undefined) {
		try {
			if (new URL(origin).host !== c.req.header('host')) return false;
		} catch {
			return false;
		}
	}
	const site = c.req.header('sec-fetch-site');
	return site === undefined || site === 'same-origin' || site === 'none';
}
