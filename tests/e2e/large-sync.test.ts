/**
 * A large first sync is applied without Yjs encoding it again for y-websocket's and
 * y-indexeddb's listeners, and the browser's replica stores the message's own bytes once the
 * page is idle (src/lib/collab/quiet-sync.ts). This proves, in the built app in chromium, that
 * the replica still ends up holding the whole map: after a first visit to a generated map of
 * 3,000 agents (a sync of several MB, above the quiet path's threshold), a new tab that cannot
 * reach the collaboration server shows all 3,000 agents from the replica alone.
 */
import { expect, test, type Page } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { launchChromium, openMapPage, waitForAllAgents } from '../../bench/browser-bench.ts';
import { trackDirectory } from '../../bench/cleanup.ts';
import { startBenchServer } from '../../bench/server-process.ts';
import { writeStoredMap } from '../../bench/stored-map.ts';
import { QUIET_SYNC_MIN_BYTES } from '../../src/lib/collab/quiet-sync.ts';

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

test('a large first sync reaches the browser replica: the map then opens from it without the server', async () => {
	test.setTimeout(240_000);
	const dataDir = mkdtempSync(join(tmpdir(), 'tejido-large-sync-'));
	const removeDataDir = trackDirectory(dataDir);
	const stored = await writeStoredMap(dataDir, AGENTS, 2026);
	const server = await startBenchServer({ dataDir, pages: true, buildDir: resolve(process.env.BUILD_DIR ?? 'build') });
	const browser = await launchChromium();
	try {
		const page = await openMapPage(browser, server.url, stored, 120_000);
		await waitForAllAgents(page, 120_000);
		await expect(page.getByTestId('list-shown')).toHaveAttribute('data-count', String(AGENTS));
		// Stored when the page is next idle; the sync was above the threshold, so it came
		// through the quiet path (the library's own path would have stored it at once).
		await expect
			.poll(async () => Math.max(0, ...(await storedUpdateSizes(page, stored.mapId))), { timeout: 30_000 })
			.toBeGreaterThanOrEqual(QUIET_SYNC_MIN_BYTES);

		// Closed first: an open tab would hand the map to the new one over BroadcastChannel.
		const context = page.context();
		await page.close();
		// The collaboration socket now opens but the server never answers.
		await context.routeWebSocket(/\/collab/, () => {});
		const offline = await context.newPage();
		await offline.goto(`${server.url}/maps/${stored.mapId}`);
		await expect(offline.getByTestId('list-shown')).toHaveAttribute('data-count', String(AGENTS), { timeout: 60_000 });
	} finally {
		await browser.close();
		await server.stop(10_000);
		removeDataDir();
	}
});
