/**
 * The server's throttles, each a sliding window (login-throttle.ts), in Redis when there is
 * one so that every process counts together:
 * - failed password checks per account and address, so a guesser elsewhere never locks the
 *   rightful owner out, and per address (higher: an office shares one);
 * - successful creations (sign-ups, maps, share links) per account and per address;
 * - emails asked for: password resets per address asked for and per client address, and
 *   invitation emails per account and per address (so Tejido is no one's spam relay).
 */
import type { RedisClient } from '../collab/fanout-redis.ts';
import type { CreationLimits } from '../config.ts';
import { DEFAULT_THROTTLE, MemoryLoginThrottle, RedisLoginThrottle, type LoginThrottle, type ThrottleOptions } from './login-throttle.ts';

export type Creation = 'signup' | 'map' | 'share' | 'reset' | 'invitationEmail';

export interface Throttles {
	/** Failed password checks (sign-in, password change) per account and address. */
	passwords: LoginThrottle;
	/** Failed password checks and refused sign-ups per address, whatever the account. */
	addresses: LoginThrottle;
	/** Milliseconds to wait before creating, or 0; a creation let through is counted. */
	create(what: Creation, account: string | null, address: string): Promise<number>;
}

/** Failed password checks allowed per address in the window, across accounts. */
const ADDRESS_FAILURES = 50;

export function createThrottles(limits: CreationLimits, redis?: RedisClient): Throttles {
	const make = (options: ThrottleOptions, name: string): LoginThrottle =>
		redis ? new RedisLoginThrottle(redis, options, `tejido:${name}:`) : new MemoryLoginThrottle(options);
	// Counted before the check, so a burst of parallel requests cannot all pass: the limit is
	// reached when the count goes past it, hence one more "failure" than creations allowed.
	const window = (max: number, name: string) => make({ maxFailures: max + 1, windowMs: limits.windowMs }, name);
	const perAddress = {
		signup: window(limits.signupsPerAddress, 'signups-address'),
		map: window(limits.mapsPerAddress, 'maps-address'),
		share: window(limits.sharesPerAddress, 'shares-address'),
		reset: window(limits.resetsPerAddress, 'resets-address'),
		invitationEmail: window(limits.invitationEmailsPerAddress, 'invitation-emails-address')
	};
	const perAccount = {
		signup: null,
		map: window(limits.mapsPerAccount, 'maps-account'),
		share: window(limits.sharesPerAccount, 'shares-account'),
		// The "account" of a reset is the email asked for, whether an account has it or not.
		reset: window(limits.resetsPerEmail, 'resets-email'),
		invitationEmail: window(limits.invitationEmailsPerAccount, 'invitation-emails-account')
	};
	return {
		passwords: make(DEFAULT_THROTTLE, 'login-failures'),
		addresses: make({ ...DEFAULT_THROTTLE, maxFailures: ADDRESS_FAILURES }, 'address-failures'),
		async create(what, account, address) {
			const counted: [LoginThrottle, string][] = [[perAddress[what], address]];
			const byAccount = perAccount[what];
			if (byAccount && account) counted.push([byAccount, account]);
			await Promise.all(counted.map(([throttle, key]) => throttle.fail(key)));
			const waits = await Promise.all(counted.map(([throttle, key]) => throttle.retryAfter(key)));
			return Math.max(...waits);
		}
	};
}
