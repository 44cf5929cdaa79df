/**
 * The client's address, for throttling and connection limits. Behind a reverse proxy the
 * socket's address is the proxy's, so with TRUST_PROXY=n the address is the X-Forwarded-For
 * entry n hops from the right (the one the nearest trusted proxy appended); the entries left
 * of it are whatever the client wrote and are never trusted.
 */
import type { Context } from 'hono';
import type { AppEnv } from './app-env.ts';

export function clientAddress(c: Context<AppEnv>, trustProxy: number): string {
	const socketAddress = c.env?.incoming?.socket?.remoteAddress ?? 'unknown';
	if (trustProxy <= 0) return socketAddress;
	const hops = (c.req.header('x-forwarded-for') ?? '')
		.split(',')
		.map((entry) => entry.trim())
		.filter(Boolean);
	return hops[hops.length - trustProxy] ?? socketAddress;
}
