/**
 * Secret tokens for sessions, invitations and share links, following Lucia's current session
 * recipe: a token is `<id>.<secret>`; the id finds the record, only SHA-256 of the secret is
 * stored, and the comparison is constant-time, so a stolen database yields no usable token.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export interface Token {
	id: string;
	secret: string;
	/** What the user holds: `${id}.${secret}`. */
	value: string;
}

/** 120 bits for the id and 160 bits for the secret, base64url. */
export function newToken(): Token {
	const id = randomBytes(15).toString('base64url');
	const secret = randomBytes(20).toString('base64url');
	return { id, secret, value: `${id}.${secret}` };
}

export function hashSecret(secret: string): Uint8Array {
	return new Uint8Array(createHash('sha256').update(secret).digest());
}

export function parseToken(value: string | undefined | null): { id: string; secret: string } | null {
	if (!value || value.length > 200) return null;
	const match = /^([A-Za-z0-9_-]{10,40})\.([A-Za-z0-9_-]{20,60})$/.exec(value);
	return match ? { id: match[1], secret: match[2] } : null;
}

export function secretMatches(secret: string, storedHash: Uint8Array): boolean {
	const given = hashSecret(secret);
	return given.length === storedHash.length && timingSafeEqual(given, storedHash);
}
