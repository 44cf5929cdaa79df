/**
 * Hostile HTTP: path traversal, oversized and endless bodies, malformed JSON and unknown
 * routes each get a clear 4xx with a JSON reason, and nothing else happens: no file is read,
 * no account or map is created or changed, the process keeps serving with bounded memory.
 * Requests are written by hand (node:http) so paths reach the server exactly as sent, without
 * the normalisation `fetch` applies. (The built app's static files are probed the same way in
 * tests/e2e/hostile-content.test.ts, where the pages are served.)
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from './http-client.ts';
import { health, residentKiB, startServer, tempDataDir, type ServerProcess } from './harness.ts';

let server: ServerProcess;
let owner: Client;
let mapId = '';
const data = tempDataDir();

beforeAll(async () => {
	server = await startServer(data.dir);
	owner = new Client(server.url);
	await owner.signUp('Owner');
	mapId = ((await owner.post('/api/maps', { name: 'Intacto' })).body.map as { id: string }).id;
});

afterAll(async () => {
	await server.stop();
	data.remove();
});

interface RawReply {
	status: number;
	type: string;
	body: string;
	/** Bytes of the request body written before the answer came. */
	sent: number;
	/** The server closed the connection before an answer could be read (an endless upload). */
	reset?: boolean;
}

/**
 * Sends one request with `path` exactly as given. `body` may be bytes, or a generator of
 * chunks (streamed, stopped as soon as the server answers).
 */
function raw(method: string, path: string, options: { headers?: Record<string, string | number>; body?: Uint8Array | string; stream?: { chunk: Uint8Array; max: number } } = {}): Promise<RawReply> {
	const { port } = new URL(server.url);
	return new Promise((resolve, reject) => {
		let sent = 0;
		let answered = false;
		const length = options.body === undefined ? {} : { 'content-length': Buffer.byteLength(options.body) };
		const req = request({ host: '127.0.0.1', port, method, path, headers: { cookie: owner.cookie, ...length, ...options.headers } }, (res) => {
			answered = true;
			let body = '';
			res.setEncoding('utf8');
			res.on('data', (chunk: string) => (body += chunk));
			res.on('end', () => {
				req.destroy();
				resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type'] ?? ''), body, sent });
			});
		});
		req.setTimeout(15_000, () => req.destroy(new Error(`no answer to ${method} ${path} within 15 s`)));
		req.on('error', (error) => {
			if (answered) return;
			// Refusing an upload that is still coming means closing its connection, and the
			// refusal can be lost with it (the peer resets a socket that still had unread data).
			if (options.stream && /EPIPE|ECONNRESET/.test(String(error))) resolve({ status: 0, type: '', body: '', sent, reset: true });
			else reject(error);
		});
		if (options.stream) {
			const { chunk, max } = options.stream;
			const pump = () => {
				while (!answered && sent < max) {
					sent += chunk.length;
					if (!req.write(chunk)) return void req.once('drain', pump);
				}
				if (!answered) req.end();
			};
			pump();
		} else {
			if (options.body !== undefined) sent = typeof options.body === 'string' ? Buffer.byteLength(options.body) : options.body.length;
			req.end(options.body);
		}
	});
}

const json = { 'content-type': 'application/json' };

/** What the owner can see: nothing below may change it. */
async function ownerView(): Promise<string> {
	const maps = await owner.get('/api/maps');
	const map = await owner.get(`/api/maps/${mapId}`);
	return JSON.stringify([maps.body, map.body.name, map.body.archivedAt ?? null]);
}

describe('hostile HTTP requests get a clear 4xx and change nothing', () => {
	let before = '';
	beforeAll(async () => {
		before = await ownerView();
	});

	afterAll(async () => {
		expect(await ownerView()).toBe(before);
		expect(server.process.exitCode).toBeNull();
		expect((await health(server.url)).status).toBe('ok');
		expect(server.output()).not.toMatch(/unhandled error/);
	});

	it('path traversal never reads a file', async () => {
		const paths = [
			'/../../etc/passwd',
			'/%2e%2e/%2e%2e/etc/passwd',
			'/api/../../etc/passwd',
			'/api/maps/..%2F..%2F..%2Fetc%2Fpasswd',
			'/api/maps/..%2F..%2Fpackage.json/export.geojson',
			'/api/maps/%2e%2e%2f%2e%2e%2fpackage.json',
			'/api/maps/..%5c..%5cpackage.json',
			'/api/maps/%00/members',
			'/api/maps/..%252F..%252Fetc%252Fpasswd',
			'/basemap/../../package.json',
			'/basemap/..%2f..%2fpackage.json',
			'/basemap/%2e%2e/%2e%2e/server/config.ts',
			'/collab/..%2F..%2Fetc%2Fpasswd',
			'//etc/passwd',
			'/api/maps/' + '..%2F'.repeat(200) + 'etc%2Fpasswd'
		];
		for (const path of paths) {
			const reply = await raw('GET', path);
			expect([400, 401, 403, 404], `${path} answered ${reply.status}`).toContain(reply.status);
			expect(reply.body, path).not.toMatch(/root:x?:0:0|"name":\s*"tejido"|readConfig/);
			// A path that stays under /api after the URL is resolved is the API's to answer.
			if (new URL(path, server.url).pathname.startsWith('/api/')) expect(reply.type, path).toMatch(/application\/json/);
		}
	});

	it('unknown routes and methods: 404 with a JSON reason', async () => {
		for (const [method, path] of [
			['GET', '/api/nothing-here'],
			['POST', '/api/nothing-here'],
			['PUT', `/api/maps/${mapId}`],
			['DELETE', '/api/auth/signup'],
			['GET', `/api/maps/${mapId}/nothing-here`],
			['PATCH', '/api/me']
		] as const) {
			const reply = await raw(method, path, { headers: json, body: '{}' });
			expect(reply.status, `${method} ${path}`).toBe(404);
			expect(JSON.parse(reply.body).error, `${method} ${path}`).toMatch(/No API route/);
		}
	});

	it('malformed JSON, wrong types and the wrong content type: 400 or 415, with a reason', async () => {
		const malformed = [
			'{"email": "a@example.org", "name": "x", "pass',
			'[1, 2, 3]',
			'null',
			'"just a string"',
			'',
			'{"a": 1,}',
			'\u0000\u0001\u0002',
			'['.repeat(30_000) + ']'.repeat(30_000)
		];
		// Valid JSON objects whose fields have the wrong types (a share link takes no fields, so
		// any object makes one: it is not among these routes).
		const wrongTypes = [
			'{"email": 5, "name": {"$gt": ""}, "password": ["correct horse battery"], "role": 7}',
			'{"email": "a@example.org", "name": ["<script>alert(1)</script>"], "password": 12345678901, "role": "god"}',
			'{"__proto__": {"isAdmin": true}, "constructor": {"prototype": {"isAdmin": true}}, "name": null, "role": null}'
		];
		const routes: [string, string, string[]][] = [
			['POST', '/api/auth/signup', [...malformed, ...wrongTypes]],
			['POST', '/api/auth/signin', [...malformed, ...wrongTypes]],
			['POST', '/api/auth/password', [...malformed, ...wrongTypes]],
			['POST', '/api/maps', [...malformed, ...wrongTypes]],
			['PATCH', `/api/maps/${mapId}`, [...malformed, ...wrongTypes]],
			['POST', `/api/maps/${mapId}/invitations`, [...malformed, ...wrongTypes]],
			['POST', `/api/maps/${mapId}/shares`, malformed]
		];
		for (const [method, path, bodies] of routes) {
			for (const body of bodies) {
				const reply = await raw(method, path, { headers: json, body });
				const what = `${method} ${path} ${body.slice(0, 40)} → ${reply.status} ${reply.body.slice(0, 200)}`;
				// 401 and 429: a wrong sign-in counts against the throttle, as it should.
				expect([400, 401, 429], what).toContain(reply.status);
				expect(JSON.parse(reply.body).error, what).toEqual(expect.any(String));
			}
			const wrongType = await raw(method, path, { headers: { 'content-type': 'text/plain' }, body: '{}' });
			expect(wrongType.status, `${method} ${path} as text/plain`).toBe(415);
		}
	});

	it('an oversized body is refused with 413 as soon as its length is known', async () => {
		const declared = await raw('POST', '/api/auth/signup', {
			headers: { ...json, 'content-length': 512 * 1024 * 1024 },
			stream: { chunk: new Uint8Array(64 * 1024).fill(0x20), max: 512 * 1024 * 1024 }
		});
		// Refused (413, or the connection closed on it) long before the 512 MB were sent.
		if (!declared.reset) {
			expect(declared.status).toBe(413);
			expect(JSON.parse(declared.body).error).toMatch(/too large/);
		}
		expect(declared.sent).toBeLessThan(64 * 1024 * 1024);
		// A client that sends its whole (too large) body before reading gets the 413 itself.
		const whole = await raw('POST', '/api/auth/signup', { headers: json, body: JSON.stringify({ name: 'x'.repeat(200 * 1024) }) });
		expect(whole.status).toBe(413);
		expect(JSON.parse(whole.body).error).toMatch(/too large/);
	});

	it('an endless chunked body is cut off at the limit, and memory stays bounded', async () => {
		const rssBefore = residentKiB(server.process.pid!);
		for (const path of ['/api/auth/signin', '/api/maps']) {
			const endless = await raw('POST', path, {
				headers: { ...json, 'transfer-encoding': 'chunked' },
				stream: { chunk: new Uint8Array(64 * 1024).fill(0x20), max: 256 * 1024 * 1024 }
			});
			expect(endless.reset || endless.status === 413, `${path} answered ${endless.status}`).toBe(true);
			expect(endless.sent, path).toBeLessThan(64 * 1024 * 1024);
		}
		const grewMiB = (residentKiB(server.process.pid!) - rssBefore) / 1024;
		expect(grewMiB).toBeLessThan(64);
	});

	it('a body just over the limit is refused, one under it is read', async () => {
		const over = await raw('POST', '/api/maps', { headers: json, body: JSON.stringify({ name: 'x'.repeat(70 * 1024) }) });
		expect(over.status).toBe(413);
		const under = await raw('POST', '/api/auth/signin', { headers: json, body: JSON.stringify({ email: 'nobody@example.org', password: 'x'.repeat(1000) }) });
		expect(under.status).toBe(401);
	});
});
