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
	const text = await readLimited(c, MAX_JSON_BYTES);
	try {
		const value = JSON.parse(text);
		if (value && typeof value === 'object' && !Array.isArray(value)) return value;
	} catch {
		// fall through
	}
	throw new BadRequest('The request body is not valid JSON.');
}

/**
 * Reads the body as UTF-8 text, refusing it (413) as soon as its declared or received length
 * passes `max`: reading first and measuring after would let one request of any size fill the
 * server's memory. The connection is closed with the refusal, so the rest is never read.
 */
async function readLimited(c: Context, max: number): Promise<string> {
	const tooLarge = () => {
		c.header('Connection', 'close');
		return new BadRequest('The request body is too large.', 413);
	};
	if (Number(c.req.header('content-length') ?? 0) > max) throw tooLarge();
	const body = c.req.raw.body;
	if (!body) return '';
	const reader = body.getReader();
	const chunks: Uint8Array[] = [];
	let size = 0;
	for (;;) {
		const { done, value } = await reader.read();
		if (done) break;
		size += value.byteLength;
		if (size > max) {
			void reader.cancel().catch(() => {});
			throw tooLarge();
		}
		chunks.push(value);
	}
	return Buffer.concat(chunks).toString('utf8');
}

export function text(body: Record<string, unknown>, key: string, max: number): string {
	const value = body[key];
	if (typeof value !== 'string') return '';
	return value.trim().slice(0, max);
}
