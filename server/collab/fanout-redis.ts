/**
 * The fan-out over Redis pub/sub: one channel per map, binary messages. Redis needs a
 * connection of its own for subscribing, so a process holds two: `commands` (publishing, and
 * the login throttle) and `subscriber`.
 */
import { randomUUID } from 'node:crypto';
import { createClient } from 'redis';
import { log } from '../log.ts';
import { decodeFanOut, encodeFanOut, type FanOut, type FanOutMessage } from './fanout.ts';

function createRedisClient(url: string) {
	return createClient({ url });
}

export type RedisClient = ReturnType<typeof createRedisClient>;

export interface RedisConnections {
	commands: RedisClient;
	subscriber: RedisClient;
	close(): Promise<void>;
}

export async function connectRedis(url: string): Promise<RedisConnections> {
	const commands = createRedisClient(url);
	const subscriber = createRedisClient(url);
	for (const [name, client] of [
		['commands', commands],
		['subscriber', subscriber]
	] as const) {
		// Without a listener an 'error' event would end the process; the client reconnects itself.
		client.on('error', (error: Error) => log('warn', 'Redis connection error; reconnecting', { connection: name, error }));
	}
	await Promise.all([commands.connect(), subscriber.connect()]);
	return {
		commands,
		subscriber,
		async close() {
			await Promise.all([commands, subscriber].map((client) => (client.isOpen ? client.close() : undefined)));
		}
	};
}

const SUBSCRIBE_TIMEOUT_MS = 10_000;

export class RedisFanOut implements FanOut {
	/** Every message carries it, so a process skips its own messages. */
	readonly processId = randomUUID();
	private readonly redis: RedisConnections;
	private readonly prefix: string;
	private readonly reconnectListeners: (() => void)[] = [];

	constructor(redis: RedisConnections, prefix = 'tejido:map:') {
		this.redis = redis;
		this.prefix = prefix;
		// node-redis re-subscribes every channel before it emits 'ready' again after a reconnect.
		redis.subscriber.on('ready', () => {
			log('info', 'Redis subscriber reconnected; re-reading open maps from the store');
			for (const listener of this.reconnectListeners) listener();
		});
	}

	async subscribe(mapId: string, listener: (message: FanOutMessage) => void): Promise<() => Promise<void>> {
		const channel = this.prefix + mapId;
		const onMessage = (data: Buffer) => {
			let decoded;
			try {
				decoded = decodeFanOut(new Uint8Array(data));
			} catch (error) {
				log('warn', 'ignored a malformed fan-out message', { map: mapId, error });
				return;
			}
			if (decoded.sender !== this.processId) listener(decoded.message);
		};
		const unsubscribe = () => this.redis.subscriber.unsubscribe(channel, onMessage, true);
		let timer: ReturnType<typeof setTimeout> | undefined;
		try {
			await Promise.race([
				this.redis.subscriber.subscribe(channel, onMessage, true),
				new Promise((_, reject) => {
					timer = setTimeout(() => reject(new Error('Redis did not confirm the subscription in time')), SUBSCRIBE_TIMEOUT_MS);
				})
			]);
		} catch (error) {
			void unsubscribe().catch(() => {});
			throw error;
		} finally {
			clearTimeout(timer);
		}
		return async () => {
			if (this.redis.subscriber.isOpen) await unsubscribe();
		};
	}

	publish(mapId: string, message: FanOutMessage): void {
		const bytes = encodeFanOut(this.processId, message);
		// Commands on one connection go out in order, so peers receive a room's updates in the
		// order it stored them. Not awaited: a room's next write need not wait for Redis.
		this.redis.commands
			.publish(this.prefix + mapId, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength))
			.catch((error: unknown) => log('warn', 'could not publish to other processes', { map: mapId, kind: message.kind, error }));
	}

	onReconnect(listener: () => void): void {
		this.reconnectListeners.push(listener);
	}

	async close(): Promise<void> {
		this.reconnectListeners.length = 0;
	}
}
