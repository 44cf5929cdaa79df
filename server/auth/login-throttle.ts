/**
 * Slows password guessing: after too many failed sign-ins for one account or from one address
 * within a sliding window, further attempts are refused until the window passes. Kept in the
 * process by default; in Redis (REDIS_URL) when several processes serve one deployment, so a
 * guesser gains nothing by spreading attempts across them.
 */
import type { RedisClient } from '../collab/fanout-redis.ts';

export interface ThrottleOptions {
	maxFailures: number;
	windowMs: number;
}

export const DEFAULT_THROTTLE: ThrottleOptions = { maxFailures: 10, windowMs: 15 * 60 * 1000 };

export interface LoginThrottle {
	/** Milliseconds until `key` may try again, or 0 when it may try now. */
	retryAfter(key: string, now?: number): Promise<number>;
	fail(key: string, now?: number): Promise<void>;
	succeed(key: string): Promise<void>;
}

export class MemoryLoginThrottle implements LoginThrottle {
	private readonly failures = new Map<string, number[]>();
	private readonly options: ThrottleOptions;

	constructor(options: ThrottleOptions = DEFAULT_THROTTLE) {
		this.options = options;
	}

	async retryAfter(key: string, now = Date.now()): Promise<number> {
		const recent = this.recent(key, now);
		if (recent.length < this.options.maxFailures) return 0;
		return recent[0] + this.options.windowMs - now;
	}

	async fail(key: string, now = Date.now()): Promise<void> {
		const recent = this.recent(key, now);
		recent.push(now);
		this.failures.set(key, recent);
	}

	async succeed(key: string): Promise<void> {
		this.failures.delete(key);
	}

	private recent(key: string, now: number): number[] {
		const cutoff = now - this.options.windowMs;
		const recent = (this.failures.get(key) ?? []).filter((at) => at > cutoff);
		if (recent.length === 0) this.failures.delete(key);
		return recent;
	}
}

/**
 * The same sliding window as a Redis sorted set per key (failure times as scores), expiring
 * with the window, so it needs no cleaning.
 */
export class RedisLoginThrottle implements LoginThrottle {
	private readonly redis: RedisClient;
	private readonly options: ThrottleOptions;
	private readonly prefix: string;

	constructor(redis: RedisClient, options: ThrottleOptions = DEFAULT_THROTTLE, prefix = 'tejido:login-failures:') {
		this.redis = redis;
		this.options = options;
		this.prefix = prefix;
	}

	async retryAfter(key: string, now = Date.now()): Promise<number> {
		const [, count, oldest] = await this.redis
			.multi()
			.zRemRangeByScore(this.prefix + key, '-inf', now - this.options.windowMs)
			.zCard(this.prefix + key)
			.zRangeWithScores(this.prefix + key, 0, 0)
			.exec();
		if (Number(count) < this.options.maxFailures) return 0;
		const [first] = oldest as unknown as { score: number }[];
		return Math.max(0, first.score + this.options.windowMs - now);
	}

	async fail(key: string, now = Date.now()): Promise<void> {
		const member = `${now}:${Math.random().toString(36).slice(2)}`;
		await this.redis
			.multi()
			.zAdd(this.prefix + key, { score: now, value: member })
			.zRemRangeByScore(this.prefix + key, '-inf', now - this.options.windowMs)
			.pExpire(this.prefix + key, this.options.windowMs)
			.exec();
	}

	async succeed(key: string): Promise<void> {
		await this.redis.del(this.prefix + key);
	}
}
