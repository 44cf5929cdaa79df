/**
 * A map whose stored data is damaged refuses to open with a clear reason and an operator
 * hint in the log, while every other map keeps working and the process keeps running.
 */
import { DatabaseSync } from 'node:sqlite';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeOf, connectClient, createMaps, startServer, tempDataDir, type ServerProcess } from './harness.ts';

let server: ServerProcess;
let cookie = '';
const data = tempDataDir();

beforeAll(async () => {
	cookie = await createMaps(data.dir, ['good', 'damaged']);
	// Bytes that are not a Yjs update, as a bad disk or a bad manual edit would leave them.
	const db = new DatabaseSync(join(data.dir, 'tejido.db'));
	db.prepare('INSERT INTO map_updates (map_id, seq, data, actor, at) VALUES (?, ?, ?, ?, ?)').run(
		'damaged',
		1,
		new Uint8Array([0xff, 0xff, 0xff, 0xff, 0x0f, 0x01, 0x02]),
		'disk',
		Date.now()
	);
	db.close();
	server = await startServer(data.dir);
});

afterAll(async () => {
	await server.stop();
	data.remove();
});


describe('a damaged map', () => {
	it('is refused with close code 4503 and a reason the user can act on', async () => {
		const { code, reason } = await closeOf(server.wsUrl, 'damaged', cookie);
		expect(code).toBe(4503);
		expect(reason).toMatch(/could not be opened/i);
		expect(server.output()).toMatch(/could not load a map.*map="damaged".*hint=/);
	});

	it('leaves other maps and the process working', async () => {
		const client = connectClient(server.wsUrl, 'good', 'ana', { cookie });
		await client.synced();
		const id = client.map.addAgent({ name: 'Sigue funcionando', position: [-74.1, 4.6] });
		expect(client.map.agent(id)?.name).toBe('Sigue funcionando');
		client.destroy();
		expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
	});
});
