/**
 * Bad websocket input closes only the connection that sent it: the room, its other clients
 * and the process carry on, and the document is unchanged.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { connectClient, createMaps, startServer, tempDataDir, waitFor, type ServerProcess, type TestClient } from './harness.ts';

/** Session cookie of an account allowed to edit the test maps. */
let cookie = '';

let server: ServerProcess;
let good: TestClient;
const data = tempDataDir();

beforeAll(async () => {
	cookie = await createMaps(data.dir, ['m']);
	server = await startServer(data.dir, { MAX_MESSAGE_BYTES: String(64 * 1024) });
	good = connectClient(server.wsUrl, 'm', 'good', { cookie });
	await good.synced();
	good.map.addAgent({ name: 'Keeps working', position: [-74.08, 4.6], id: 'keep' });
});

afterAll(async () => {
	good.destroy();
	await server.stop();
	data.remove();
});

/** Opens a raw socket, sends `payload`, and resolves with the close code the server chose. */
function sendRaw(path: string, payload: Buffer | string, headers: Record<string, string> = {}): Promise<number> {
	return new Promise((resolve, reject) => {
		const ws = new WebSocket(`${server.wsUrl}/${path}`, { headers: { cookie, ...headers } });
		ws.on('open', () => ws.send(payload));
		ws.on('close', (code) => resolve(code));
		ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
		ws.on('error', () => {});
		setTimeout(() => reject(new Error('server did not close the connection')), 5000);
	});
}

async function stillServing(): Promise<void> {
	const health = await fetch(`${server.url}/api/health`);
	expect(health.status).toBe(200);
	const check = connectClient(server.wsUrl, 'm', 'checker', { cookie });
	await check.synced();
	expect(check.map.agent('keep')?.name).toBe('Keeps working');
	good.map.updateAgent('keep', { description: `still live ${Math.random()}` });
	const text = good.map.agent('keep')!.description;
	await waitFor(() => check.map.agent('keep')?.description === text, 'edits still propagate');
	check.destroy();
	expect(good.provider.wsconnected).toBe(true);
}

describe('hostile websocket messages', () => {
	it('random bytes close that connection with 4400 (malformed)', async () => {
		expect(await sendRaw('m', Buffer.from([0x00, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f, 0x01]))).toBe(4400);
		await stillServing();
	});

	it('an unknown message type closes with 4400', async () => {
		expect(await sendRaw('m', Buffer.from([0x09, 0x01, 0x02]))).toBe(4400);
		await stillServing();
	});

	it('a truncated sync update closes with 4400', async () => {
		expect(await sendRaw('m', Buffer.from([0x00, 0x02, 0x40, 0x01, 0x02]))).toBe(4400);
		await stillServing();
	});

	it('a text frame closes with 4400', async () => {
		expect(await sendRaw('m', 'hello')).toBe(4400);
		await stillServing();
	});

	it('a message over MAX_MESSAGE_BYTES closes with 1009 (too big)', async () => {
		expect(await sendRaw('m', Buffer.alloc(128 * 1024, 1))).toBe(1009);
		await stillServing();
	});

	it('an unknown map is refused with 404 before any socket opens', async () => {
		expect(await sendRaw('nope', Buffer.from([0]))).toBe(404);
		expect(await sendRaw('..%2F..%2Fetc', Buffer.from([0]))).toBe(404);
	});

	it('no session is refused with 401 before any socket opens', async () => {
		expect(await sendRaw('m', Buffer.from([0]), { cookie: '' })).toBe(401);
		expect(await sendRaw('m', Buffer.from([0]), { cookie: 'tejido_session=forged.tokenvaluethatisnotreal1234' })).toBe(401);
	});

	it('a cross-site origin is refused with 403', async () => {
		expect(await sendRaw('m', Buffer.from([0]), { Origin: 'https://evil.example' })).toBe(403);
		await stillServing();
	});
});
