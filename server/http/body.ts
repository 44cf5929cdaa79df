/** Reading JSON request bodies with a clear error instead of an exception. */
import type { Context } from 'hono';

export const MAX_JSON_BYTES = 64 * 1024;

export class BadRequest extends Error {
	readonly status: 400 | 413 | 415;
	constructor(message: string, status: 400 | 413 | 415 = 400) {
		super(message);
		this.status = status;
	}
}

export async function readJson(c: Context): Promise<Record<string, unknown>> {
	if (!(c.req.header('content-type') ?? '').includes('application/json')) {
		throw new BadRequest('Send the request body as JSON (Content-Type: application/json).', 415);
	}
	const text = await c.req.text();
	if (text.length > MAX_JSON_BYTES) throw new BadRequest('The request body is too large.', 413);
	try {
		const value = JSON.parse(text);
		if (value && typeof value === 'object' && !Array.isArray(value)) return value;
	} catch {
		// fall through
	}
	throw new BadRequest('The request body is not valid JSON.');
}

export function text(body: Record<string, unknown>, key: string, max: number): string {
	const value = body[key];
	if (typeof value !== 'string') return '';
	return value.trim().slice(0, max);
}
