/**
 * The transport adapter: turns a Hono websocket on /collab/:mapId into a `Connection` of the
 * protocol core. Access is decided here, once, before any document byte is sent (401/403/404
 * at the upgrade), and so are the connection limits (429); the per-connection limits (message
 * size, message rate, silence, a share link's expiry) apply here too.
 */
import { upgradeWebSocket } from '@hono/node-server';
import type { Hono } from 'hono';
import { randomUUID } from 'node:crypto';
import { isDenial, resolveMapAccess, type MapAccess } from '../auth/map-access.ts';
import type { ServerConfig } from '../config.ts';
import type { AppEnv } from '../http/app-env.ts';
import { isSameOrigin } from '../http/request-guards.ts';
import { log } from '../log.ts';
import type { AccountStore } from '../store/account-store.ts';
import { clientAddress } from '../http/client-address.ts';
import type { LiveConnection, LiveConnections } from './live-connections.ts';
import type { Connection } from './protocol.ts';
import { CLOSE, type Room } from './room.ts';
import type { RoomRegistry } from './room-registry.ts';

const MAP_ID = /^[A-Za-z0-9_-]{1,64}$/;

interface Deps {
	registry: RoomRegistry;
	accounts: AccountStore;
	config: ServerConfig;
	live: LiveConnections;
}

export function mountCollab(app: Hono<AppEnv>, { registry, accounts, config, live }: Deps): void {
	app.get(
		'/collab/:mapId',
		async (c, next) => {
			if (!isSameOrigin(c)) {
				return c.json({ error: 'This page is not allowed to open the map from another site.' }, 403);
			}
			const mapId = c.req.param('mapId');
			if (!MAP_ID.test(mapId)) return c.json({ error: 'No map with this id.' }, 404);
			const access = await resolveMapAccess(accounts, mapId, {
				user: c.get('session')?.user ?? null,
				shareToken: c.get('shareToken')
			});
			if (isDenial(access)) return c.json({ error: access.message }, access.status);
			const address = clientAddress(c, config.trustProxy);
			const refusal = live.refusal({ mapId, principal: access.principal, address }, registry.get(mapId)?.connections.size ?? 0);
			if (refusal) return c.json({ error: refusal }, 429);
			c.set('access', access);
			await next();
		},
		upgradeWebSocket((c) => {
			const mapId = c.req.param('mapId') as string;
			const access: MapAccess = c.get('access');
			const user = c.get('session')?.user ?? null;
			const opened: Omit<LiveConnection, 'close'> = {
				mapId,
				principal: access.principal,
				sessionId: c.get('session')?.sessionId ?? null,
				address: clientAddress(c, config.trustProxy),
				expiresAt: access.expiresAt,
				lastMessageAt: Date.now()
			};
			let connection: Connection;
			let liveConnection: LiveConnection;
			let room: Room | undefined;
			const bucket = new TokenBucket(config.messagesPerSecond, config.messageBurst);
			/** The largest message sent so far: the first sync of a large map may exceed the bound alone. */
			let largest = 0;
			// Every close leaves the room first: nothing the socket sends after is applied or stored.
			const detach = () => {
				if (room) registry.leave(room, connection);
				room = undefined;
				live.remove(liveConnection);
			};
			const refuse = (code: number, reason: string) => connection.close(code, reason);
			return {
				onOpen(_event, ws) {
					connection = {
						id: randomUUID(),
						actor: access.principal,
						canWrite: access.canWrite,
						person: user && access.via !== 'share' ? { name: user.name, key: `user:${user.id}` } : null,
						hiddenFields: access.hidden.now,
						send: (message) => {
							if (ws.readyState !== 1) return;
							// Back-pressure: a client that stops reading must not make the server queue for it.
							largest = Math.max(largest, message.byteLength);
							const buffered = (ws.raw as { bufferedAmount?: number } | undefined)?.bufferedAmount ?? 0;
							if (buffered > config.maxBufferedBytes + largest) {
								log('warn', 'closing a connection that does not read what it is sent', { map: mapId, actor: access.principal, buffered });
								return refuse(CLOSE.slowReader, 'The connection is too slow; reconnect to continue');
							}
							ws.send(message as Uint8Array<ArrayBuffer>);
						},
						close: (code, reason) => {
							detach();
							ws.close(code, reason);
						}
					};
					liveConnection = { ...opened, close: connection.close };
					// Checked again: other upgrades may have opened since this one was let through.
					const refusal = live.refusal(opened, registry.get(mapId)?.connections.size ?? 0);
					if (refusal) {
						ws.close(CLOSE.rateLimited, refusal);
						return;
					}
					live.add(liveConnection);
					room = registry.join(mapId, connection);
				},
				onMessage(event) {
					if (!room) return;
					liveConnection.lastMessageAt = Date.now();
					if (live.closeIfExpired(liveConnection)) return;
					if (!(event.data instanceof ArrayBuffer)) return refuse(CLOSE.malformed, 'Expected a binary message');
					if (event.data.byteLength > config.maxMessageBytes) return refuse(CLOSE.tooLarge, 'Message too large');
					if (!bucket.take()) {
						log('warn', 'closing a connection that sent too many messages', { map: mapId, actor: access.principal });
						return refuse(CLOSE.rateLimited, 'Too many messages; reconnect to continue');
					}
					room.receive(connection, new Uint8Array(event.data));
				},
				onClose() {
					if (liveConnection) detach();
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
