/**
 * Slows password guessing: after too many failed sign-ins for one account or from one address
 * within a window, further attempts are refused until the window passes. Per process for now;
 * issue 9 moves this to Redis when several processes serve one deployment.
 */
export interface ThrottleOptions {
	maxFailures: number;
	windowMs: number;
}

export class LoginThrottle {
	private readonly failures = new Map<string, number[]>();
	private readonly options: ThrottleOptions;

	constructor(options: ThrottleOptions = { maxFailures: 10, windowMs: 15 * 60 * 1000 }) {
		this.options = options;
	}

	/** Milliseconds until `key` may try again, or 0 when it may try now. */
	retryAfter(key: string, now = Date.now()): number {
		const recent = this.recent(key, now);
		if (recent.length < this.options.maxFailures) return 0;
		return recent[0] + this.options.windowMs - now;
	}

	fail(key: string, now = Date.now()): void {
		const recent = this.recent(key, now);
		recent.push(now);
		this.failures.set(key, recent);
	}

	succeed(key: string): void {
		this.failures.delete(key);
	}

	private recent(key: string, now: number): number[] {
		const cutoff = now - this.options.windowMs;
		const recent = (this.failures.get(key) ?? []).filter((at) => at > cutoff);
		if (recent.length === 0) this.failures.delete(key);
		return recent;
	}
}
