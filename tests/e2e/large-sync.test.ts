/**
 * A large first sync is applied without Yjs encoding it again for y-websocket's and
 * y-indexeddb's listeners, and the browser's replica stores the message's own bytes once the
 * page is idle (src/lib/collab/quiet-sync.ts). This proves, in the built app in chromium, that
 * the replica still ends up holding the whole map: after a first visit to a generated map of
 * 3,000 agents (a sync of several MB, above the quiet path's threshold), a new tab that cannot
 * reach the collaboration server shows all 3,000 agents from the replica alone.
 *
 * A later visit loads the replica before it connects, without echo (nothing of it is sent to
 * the server). So it also proves that an agent added in that offline tab still reaches the
 * server on the next visit online: the sync after the replica's load carries it.
 */
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { openMapPage, waitForAllAgents } from '../../bench/browser-bench.ts';
import { withGeneratedMap } from './generated-map.ts';
import { QUIET_SYNC_MIN_BYTES } from '../../src/lib/collab/quiet-sync.ts';
import { addAtCentre } from './map-helper.ts';

const AGENTS = 3000;

/** The size of each update y-indexeddb holds for the map (none while its database is absent). */
function storedUpdateSizes(page: Page, mapId: string): Promise<number[]> {
	return page.evaluate(async (name) => {
		if (!(await indexedDB.databases()).some((db) => db.name === name)) return [];
		const db = await new Promise<IDBDatabase>((done, fail) => {
			const request = indexedDB.open(name);
			request.onsuccess = () => done(request.result);
			request.onerror = () => fail(request.error);
		});
		try {
			if (!db.objectStoreNames.contains('updates')) return [];
			const all = await new Promise<unknown[]>((done, fail) => {
				const request = db.transaction('updates').objectStore('updates').getAll();
				request.onsuccess = () => done(request.result);
				request.onerror = () => fail(request.error);
			});
			return all.map((value) => (value instanceof Uint8Array ? value.byteLength : 0));
		} finally {
			db.close();
		}
	}, `tejido:${mapId}`);
}

/** The agent names the server holds, as its GeoJSON export shows them. */
async function serverNames(context: BrowserContext, base: string, mapId: string): Promise<string[]> {
	const response = await context.request.get(`${base}/api/maps/${mapId}/export.geojson`);
	if (!response.ok()) throw new Error(`export answered ${response.status()}`);
	const collection = (await response.json()) as { features: { properties: { name?: string } }[] };
	return collection.features.map((feature) => feature.properties.name ?? '');
}

test('a large first sync reaches the browser replica: the map then opens from it without the server, and an edit made there reaches the server next visit', async () => {
	test.setTimeout(240_000);
	await withGeneratedMap(AGENTS, async ({ server, stored, browser }) => {
		const page = await openMapPage(browser, server.url, stored, 120_000);
		await waitForAllAgents(page, 120_000);
		await expect(page.getByTestId('list-shown')).toHaveAttribute('data-count', String(AGENTS));
		// Stored when the page is next idle; the sync was above the threshold, so it came
		// through the quiet path (the library's own path would have stored it at once).
		await expect
			.poll(async () => Math.max(0, ...(await storedUpdateSizes(page, stored.mapId))), { timeout: 30_000 })
			.toBeGreaterThanOrEqual(QUIET_SYNC_MIN_BYTES);

		// Closed first, so that only the replica can show the map to the next tab.
		const context = page.context();
		await page.close();
		// The collaboration socket now opens but the server never answers.
		let online = false;
		await context.routeWebSocket(/\/collab/, (socket) => {
			if (online) socket.connectToServer();
		});
		const offline = await context.newPage();
		await offline.goto(`${server.url}/maps/${stored.mapId}`);
		await expect(offline.getByTestId('list-shown')).toHaveAttribute('data-count', String(AGENTS), { timeout: 60_000 });

		// An agent added in the offline tab is kept in the replica only ...
		const storedBefore = (await storedUpdateSizes(offline, stored.mapId)).length;
		await addAtCentre(offline);
		const name = offline.getByRole('textbox', { name: 'Nombre', exact: true });
		await name.fill('Creado sin conexión');
		await name.press('Enter');
		await expect.poll(async () => (await storedUpdateSizes(offline, stored.mapId)).length).toBeGreaterThan(storedBefore + 1);
		await offline.close();
		expect(await serverNames(context, server.url, stored.mapId)).not.toContain('Creado sin conexión');

		// ... and reaches the server on the next visit online.
		online = true;
		const again = await context.newPage();
		await again.goto(`${server.url}/maps/${stored.mapId}`);
		await expect(again.getByTestId('list-shown')).toHaveAttribute('data-count', String(AGENTS + 1), { timeout: 60_000 });
		await expect.poll(() => serverNames(context, server.url, stored.mapId), { timeout: 30_000 }).toContain('Creado sin conexión');
	});
});
