/**
 * GET /api/health: anyone learns that the server answers, nothing more. How many rooms are
 * open and which version runs are for operators: a signed-in admin, or a probe that sends the
 * HEALTH_TOKEN an operator configured (the test harness and benchmarks do).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context, Hono } from 'hono';
import type { RoomRegistry } from '../collab/room-registry.ts';
import type { ServerConfig } from '../config.ts';
import type { AppEnv } from './app-env.ts';

export function mountHealth(app: Hono<AppEnv>, deps: { registry: RoomRegistry; config: ServerConfig }): void {
	app.get('/api/health', (c) => {
		if (!isOperator(c, deps.config.healthToken)) return c.json({ ok: true });
		return c.json({ ok: true, status: 'ok', version: deps.config.version, openRooms: deps.registry.openRooms });
	});
}

function isOperator(c: Context<AppEnv>, token: string | null): boolean {
	if (c.get('session')?.user.isAdmin) return true;
	const sent = /^Bearer (.+)$/.exec(c.req.header('authorization') ?? '')?.[1];
	return token !== null && sent !== undefined && sameSecret(sent, token);
}

/** Compares digests, so the time taken says nothing about the token. */
function sameSecret(a: string, b: string): boolean {
	const digest = (s: string) => createHash('sha256').update(s).digest();
	return timingSafeEqual(digest(a), digest(b));
}
