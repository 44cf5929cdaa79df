/**
 * /api/health tells an anonymous caller only that the server answers: no open-room count,
 * version or other internals (before, anyone read `openRooms`). The details reach an
 * operator's probe with HEALTH_TOKEN and a signed-in admin, not a plain account or a guess.
 * API answers also carry the no-framing, no-sniffing and referrer headers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HEALTH_TOKEN, createAccount, startServer, tempDataDir, type ServerProcess } from './harness.ts';

let server: ServerProcess;
const data = tempDataDir();

beforeAll(async () => {
	server = await startServer(data.dir);
});
afterAll(async () => {
	await server?.stop();
	data.remove();
});

const healthWith = async (headers: Record<string, string> = {}) => {
	const response = await fetch(`${server.url}/api/health`, { headers });
	expect(response.status).toBe(200);
	return { body: (await response.json()) as Record<string, unknown>, headers: response.headers };
};

describe('GET /api/health', () => {
	it('answers an anonymous caller with {ok: true} and nothing else', async () => {
		const { body, headers } = await healthWith();
		expect(body).toEqual({ ok: true });
		expect(headers.get('x-frame-options')).toBe('DENY');
		expect(headers.get('x-content-type-options')).toBe('nosniff');
		expect(headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
	});

	it('gives a signed-in account that is not an admin nothing more', async () => {
		const { cookie } = await createAccount(data.dir, 'plain');
		expect((await healthWith({ cookie })).body).toEqual({ ok: true });
	});

	it('gives a wrong or empty token nothing more', async () => {
		for (const authorization of [`Bearer ${HEALTH_TOKEN}x`, 'Bearer ', `Basic ${HEALTH_TOKEN}`, HEALTH_TOKEN]) {
			expect((await healthWith({ authorization })).body, authorization).toEqual({ ok: true });
		}
	});

	it('gives the operator token and a signed-in admin the open rooms', async () => {
		const probe = await healthWith({ authorization: `Bearer ${HEALTH_TOKEN}` });
		expect(probe.body).toMatchObject({ ok: true, status: 'ok', openRooms: 0 });
		const { cookie } = await createAccount(data.dir, 'admin', true);
		expect((await healthWith({ cookie })).body).toMatchObject({ ok: true, openRooms: 0 });
	});
});
