/**
 * The transport adapter: turns a Hono websocket on /collab/:mapId into a `Connection` of the
 * protocol core, with the per-connection limits (message size, message rate) applied here.
 */
import { upgradeWebSocket } from '@hono/node-server';
import type { Hono } from 'hono';
import type { AppEnv } from '../http/app-env.ts';
import { randomUUID } from 'node:crypto';
import type { ServerConfig } from '../config.ts';
import { log } from '../log.ts';
import type { DocumentStore } from '../store/document-store.ts';
import { sameOrigin, type Access, type AuthorizeCollab } from './access.ts';
import type { Connection } from './protocol.ts';
import { CLOSE, type Room } from './room.ts';
import type { RoomRegistry } from './room-registry.ts';

const MAP_ID = /^[A-Za-z0-9_-]{1,64}$/;

interface Deps {
	registry: RoomRegistry;
	store: DocumentStore;
	config: ServerConfig;
	authorize: AuthorizeCollab;
}

export function mountCollab(app: Hono<AppEnv>, { registry, store, config, authorize }: Deps): void {
	app.get(
		'/collab/:mapId',
		async (c, next) => {
			const mapId = c.req.param('mapId');
			if (!MAP_ID.test(mapId) || !(await store.getMap(mapId))) {
				return c.json({ error: 'No map with this id. Check the link, or ask its owner for a new one.' }, 404);
			}
			if (!sameOrigin(c)) {
				return c.json({ error: 'This page is not allowed to open the map from another site.' }, 403);
			}
			const access = await authorize(c, mapId);
			if ('status' in access) return c.json({ error: access.message }, access.status);
			c.set('access', access);
			await next();
		},
		upgradeWebSocket((c) => {
			const mapId = c.req.param('mapId') as string;
			const access: Access = c.get('access');
			let connection: Connection;
			let room: Room | undefined;
			const bucket = new TokenBucket(config.messagesPerSecond, config.messageBurst);
			return {
				onOpen(_event, ws) {
					connection = {
						id: randomUUID(),
						actor: access.actor,
						canWrite: access.canWrite,
						send: (message) => {
							if (ws.readyState === 1) ws.send(message as Uint8Array<ArrayBuffer>);
						},
						close: (code, reason) => ws.close(code, reason)
					};
					const existing = registry.get(mapId);
					if (existing && existing.connections.size >= config.maxConnectionsPerRoom) {
						ws.close(CLOSE.unavailable, 'This map has too many open connections; try again later.');
						return;
					}
					room = registry.join(mapId, connection);
				},
				onMessage(event, ws) {
					if (!room) return;
					if (!(event.data instanceof ArrayBuffer)) {
						registry.leave(room, connection);
						ws.close(CLOSE.malformed, 'Expected a binary message');
						return;
					}
					if (event.data.byteLength > config.maxMessageBytes) {
						registry.leave(room, connection);
						ws.close(CLOSE.tooLarge, 'Message too large');
						return;
					}
					if (!bucket.take()) {
						log('warn', 'closing a connection that sent too many messages', { map: mapId, actor: access.actor });
						registry.leave(room, connection);
						ws.close(CLOSE.rateLimited, 'Too many messages; reconnect to continue');
						return;
					}
					room.receive(connection, new Uint8Array(event.data));
				},
				onClose() {
					if (room) registry.leave(room, connection);
				},
				onError(error) {
					log('warn', 'websocket error', { map: mapId, error: String(error) });
				}
			};
		})
	);
}

/** Allows `rate` messages per second on average, and bursts of up to `burst`. */
class TokenBucket {
	private tokens: number;
	private last = performance.now();
	private readonly rate: number;
	private readonly burst: number;
	constructor(rate: number, burst: number) {
		this.rate = rate;
		this.burst = burst;
		this.tokens = burst;
	}
	take(): boolean {
		const now = performance.now();
		this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.rate);
		this.last = now;
		if (this.tokens < 1) return false;
		this.tokens -= 1;
		return true;
	}
}
