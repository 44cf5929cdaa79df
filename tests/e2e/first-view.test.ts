/**
 * A large map is drawn from its first view (GET /api/maps/:id/first-view) before its document
 * arrives, read-only, and the live view replaces it once the document has loaded. In the built
 * app in chromium, with a generated map of 3,000 agents (the server's FIRST_VIEW_MIN_AGENTS set
 * to 2,000 for it; 20,000 by default):
 *
 * - with the collaboration socket open but never answered, the map still draws the agents
 *   (the document never came: the list is empty, and says it is loading rather than "no
 *   match") and says they are loading for editing, even when the first view comes after the
 *   map has loaded; nothing can be added, a search typed meanwhile does not blank it, and
 *   zoomed in, its agents are named;
 * - online, the list fills and the map then draws exactly what it drew from the first view;
 * - back offline with the map stored in the browser, the first view is drawn before the stored
 *   map is read (reading 90 MB at 50,000 agents holds the page for seconds), then the map opens
 *   from it;
 * - a damaged first view (cut-off JSON) is ignored: the map opens from its document.
 */
import { expect, test, type Page } from '@playwright/test';
import { openMapPage } from '../../bench/browser-bench.ts';
import { drawnAgents as drawn, namesGiven, zoomByKeys } from '../../bench/browser/map-probe.ts';
import { withGeneratedMap } from './generated-map.ts';

const AGENTS = 3000;

/** Bytes of updates this browser's replica of the map stores (y-indexeddb's `updates` store). */
function replicaBytes(page: Page, mapId: string): Promise<number> {
	return page.evaluate(async (name) => {
		const db = await new Promise<IDBDatabase>((resolve, reject) => {
			const open = indexedDB.open(name);
			open.onsuccess = () => resolve(open.result);
			open.onerror = () => reject(open.error);
		});
		try {
			const updates = await new Promise<Uint8Array[]>((resolve, reject) => {
				const all = db.transaction('updates').objectStore('updates').getAll();
				all.onsuccess = () => resolve(all.result);
				all.onerror = () => reject(all.error);
			});
			return updates.reduce((bytes, update) => bytes + update.byteLength, 0);
		} finally {
			db.close();
		}
	}, `tejido:${mapId}`);
}

test('a large map is drawn from its first view before its document, then the live view takes over the same drawing', async () => {
	test.setTimeout(240_000);
	await withGeneratedMap(AGENTS, async ({ server, stored, browser }) => {
		// Signed in, in Spanish; the collaboration socket opens but the server never answers, and
		// the first view comes only once the map has loaded (as from a room still loading).
		let online = false;
		const waiting = await openMapPage(browser, server.url, stored, 120_000, async (page) => {
			await page.context().routeWebSocket(/\/collab/, (socket) => {
				if (online) socket.connectToServer();
			});
			await page.route(/\/first-view/, async (route) => {
				await page.locator('.map[data-loaded="true"]').waitFor();
				await route.continue();
			});
		});
		const context = waiting.context();
		const url = `${server.url}/maps/${stored.mapId}`;
		await expect(waiting.getByText(`Mostrando ${AGENTS} agentes · cargando el mapa para editar…`)).toBeVisible({ timeout: 60_000 });
		await expect.poll(() => drawn(waiting), { timeout: 60_000 }).toBeGreaterThan(AGENTS / 2);
		const fromFirstView = await drawn(waiting);
		await expect(waiting.getByTestId('list-shown')).toHaveAttribute('data-count', '0');
		await expect(waiting.getByText('Cargando los agentes…')).toBeVisible();
		// Read-only: no adding; and a search typed meanwhile leaves the first view on the map
		// (it is applied when the document is here).
		await expect(waiting.getByRole('button', { name: 'Agregar agente' })).toHaveCount(0);
		await waiting.getByPlaceholder('Buscar agentes').fill('zzzz');
		await waiting.waitForTimeout(1500);
		expect(await drawn(waiting)).toBe(fromFirstView);
		// Zoomed in, the agents are named from the first view, the document still not here.
		expect(await namesGiven(waiting)).toBe(0);
		await zoomByKeys(waiting, '+', 5);
		await expect.poll(() => namesGiven(waiting), { timeout: 30_000 }).toBeGreaterThan(0);
		await expect(waiting.getByTestId('list-shown')).toHaveAttribute('data-count', '0');
		await waiting.close();

		online = true;
		const live = await context.newPage();
		await live.goto(url);
		await expect(live.getByTestId('list-shown')).toHaveAttribute('data-count', String(AGENTS), { timeout: 120_000 });
		await expect(live.getByText('cargando el mapa para editar')).toHaveCount(0);
		await expect.poll(() => drawn(live), { timeout: 60_000 }).toBe(fromFirstView);
		// The map is stored in this browser (the replica stores it once the page is idle).
		await expect.poll(() => replicaBytes(live, stored.mapId), { timeout: 60_000 }).toBeGreaterThan(1_000_000);
		await live.close();

		// Back, offline, with the map in the replica: the first view is drawn before the replica
		// is read, and the map then opens from the replica. The view comes 2 s after the map has
		// loaded: a replica read at once (as it was) fills the list first, and the view is never shown.
		online = false;
		const again = await context.newPage();
		await again.route(/\/first-view/, async (route) => {
			await again.locator('.map[data-loaded="true"]').waitFor();
			await again.waitForTimeout(2000);
			await route.continue();
		});
		await again.goto(url);
		await expect(again.getByText(`Mostrando ${AGENTS} agentes · cargando el mapa para editar…`)).toBeVisible({ timeout: 60_000 });
		await expect(again.getByText('Cargando los agentes…')).toBeVisible();
		await expect(again.getByTestId('list-shown')).toHaveAttribute('data-count', String(AGENTS), { timeout: 60_000 });
		await expect(again.getByText('cargando el mapa para editar')).toHaveCount(0);
		await expect.poll(() => drawn(again), { timeout: 60_000 }).toBe(fromFirstView);
		await again.close();
		online = true;

		const damaged = await context.newPage();
		let asked = 0;
		await damaged.route(/\/first-view/, (route) => {
			asked++;
			return route.fulfill({ status: 200, contentType: 'application/json', body: '{"format":"tejido-first-view/1","agents":[["a",' });
		});
		await damaged.goto(url);
		await expect(damaged.getByTestId('list-shown')).toHaveAttribute('data-count', String(AGENTS), { timeout: 120_000 });
		await expect.poll(() => drawn(damaged), { timeout: 60_000 }).toBe(fromFirstView);
		expect(asked).toBe(1);
		await context.close();
	}, { FIRST_VIEW_MIN_AGENTS: '2000' });
});
