/**
 * GET /api/maps/:id/first-view through the real server (child process, SQLite file, real
 * websockets): it answers with what the room holds at that moment (an edit made over the
 * websocket a moment before is in it), applies the page's filter the way the page does, refuses
 * an unreadable region with a clear error, has none for a map below FIRST_VIEW_MIN_AGENTS (set
 * to 2 here) whatever the filter, and prepares the room the page is about to join. Who may ask
 * is in authorization.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFirstView } from '../../src/lib/map/first-view/format.ts';
import { connectClient, createMaps, health, startServer, tempDataDir, waitFor, type ServerProcess } from './harness.ts';

let server: ServerProcess;
let cookie = '';
const data = tempDataDir();

beforeAll(async () => {
	cookie = await createMaps(data.dir, ['region', 'quiet']);
	server = await startServer(data.dir, { ROOM_GRACE_MS: '60000', FIRST_VIEW_MIN_AGENTS: '2' });
});

afterAll(async () => {
	await server?.stop();
	data.remove();
});

const firstView = (mapId: string, query = '') => fetch(`${server.url}/api/maps/${mapId}/first-view${query}`, { headers: { cookie } });

describe('the first view of a map', () => {
	it('holds what the room holds now, including an edit made over the websocket a moment ago', async () => {
		const editor = connectClient(server.wsUrl, 'region', 'ana', { cookie });
		try {
			await editor.synced();
			const area = editor.map.addArea({ name: 'Bio-Polo', color: '#2e8540' });
			const university = editor.map.addAgent({ name: 'Universidad', position: [-74.08, 4.63], sector: 'academia', areaIds: [area] });
			const mayor = editor.map.addAgent({ name: 'Alcaldía', position: [-74.07, 4.6], sector: 'public' });
			await waitFor(() => editor.provider.ws?.bufferedAmount === 0, 'edits sent');
			let view = null;
			// The edit travels to the room while we ask; ask until it is there.
			for (let tries = 0; tries < 50 && (view?.agents.length ?? 0) < 2; tries++) {
				const response = await firstView('region');
				view = response.status === 200 ? readFirstView(await response.json()) : null;
				if ((view?.agents.length ?? 0) < 2) await new Promise((done) => setTimeout(done, 50));
			}
			expect(view?.areas.map((a) => a.id)).toEqual([area]);
			// Compressed for a browser that accepts it (fetch here decompresses it, like one).
			expect((await firstView('region')).headers.get('content-encoding')).toBe('gzip');
			expect(view?.agents).toEqual(
				expect.arrayContaining([
					[university, -74.08, 4.63, 'academia', area, 'Universidad'],
					[mayor, -74.07, 4.6, 'public', '', 'Alcaldía']
				])
			);

			// The page's own query: its filter, applied as the page applies it. One agent, but the
			// map (what the page receives) has two: the first view is sent.
			const academia = readFirstView(await (await firstView('region', '?sector=academia')).json());
			expect(academia?.agents.map(([id]) => id)).toEqual([university]);
		} finally {
			editor.destroy();
		}
	});

	it('refuses a region it cannot read, saying how to write one, instead of sending the whole map', async () => {
		const response = await firstView('region', '?circle=not,a,circle');
		expect(response.status).toBe(400);
		expect((await response.json()).error).toMatch(/circle=lon,lat,km/);
	});

	it('answers 404 for a map that does not exist', async () => {
		expect((await firstView('no-such-map')).status).toBe(404);
	});

	it('has none for a small map (204), whose document comes about as fast, and still opens the room the page joins next', async () => {
		const before = (await health(server.url)).openRooms;
		const response = await firstView('quiet');
		expect(response.status).toBe(204);
		expect(await response.text()).toBe('');
		expect((await health(server.url)).openRooms).toBe(before + 1);
	});
});
