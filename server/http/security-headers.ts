/**
 * What every response tells the browser about how it may be used: the page's
 * Content-Security-Policy (SvelteKit writes it, with a nonce for its inline bootstrap script)
 * and the headers Hono adds to every answer (no framing, no MIME sniffing, short referrers).
 */
import type { Config } from '@sveltejs/kit/vite';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './app-env.ts';

/**
 * The pages' policy. MapLibre's worker is a file of the app (`setWorkerUrl`), exports are
 * blob: downloads, the collaboration websocket is same-origin ('self' covers ws:/wss: of the
 * same host in CSP 3), and Svelte writes `style="…"` attributes, which need 'unsafe-inline'.
 * Embedding is refused until an owner-enabled embed page exists.
 */
export const PAGE_CSP: NonNullable<Config['csp']>['directives'] = {
	'default-src': ['self'],
	'script-src': ['self'],
	'worker-src': ['self'],
	'connect-src': ['self'],
	'img-src': ['self', 'data:', 'blob:'],
	'style-src': ['self', 'unsafe-inline'],
	'font-src': ['self'],
	'object-src': ['none'],
	'base-uri': ['self'],
	'form-action': ['self'],
	'frame-ancestors': ['none']
};

/** Headers for every response, pages, assets and API alike. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
	// For browsers without CSP frame-ancestors, and for responses that carry no CSP (assets, API).
	'X-Frame-Options': 'DENY',
	'X-Content-Type-Options': 'nosniff',
	'Referrer-Policy': 'strict-origin-when-cross-origin'
};

/**
 * Sets SECURITY_HEADERS on every answer. Pages are written to Node's response by SvelteKit,
 * past Hono's, so the headers go on Node's response first (its own headers merge with them).
 */
export function securityHeaders(): MiddlewareHandler<AppEnv> {
	return async (c, next) => {
		// A websocket upgrade answers with its own handshake.
		if (c.req.header('upgrade') !== undefined) return next();
		const outgoing = c.env?.outgoing;
		if (outgoing && !outgoing.headersSent) {
			for (const [name, value] of Object.entries(SECURITY_HEADERS)) outgoing.setHeader(name, value);
			return next();
		}
		await next();
		for (const [name, value] of Object.entries(SECURITY_HEADERS)) c.res.headers.set(name, value);
	};
}

/** Directives an online basemap (BASEMAP_STYLE_URL) needs: its style, tiles, sprites and glyphs. */
const BASEMAP_DIRECTIVES = ['connect-src', 'img-src'];

/**
 * Adds the online basemap's origin to a page's policy, so a configured style can load. Its
 * tiles must come from that origin too; anything else stays blocked.
 */
export function allowBasemap(policy: string, styleUrl: string | null): string {
	if (!styleUrl) return policy;
	let origin: string;
	try {
		origin = new URL(styleUrl).origin;
	} catch {
		return policy;
	}
	if (origin === 'null') return policy;
	return policy
		.split(';')
		.map((part) => {
			const directive = part.trim().split(/\s+/)[0];
			return BASEMAP_DIRECTIVES.includes(directive) ? `${part.trimEnd()} ${origin}` : part;
		})
		.join(';');
}
