/**
 * Hostile document content in the browser. A modified client (a raw y-websocket client here)
 * writes script in every text field, wrong types, huge strings, positions out of range,
 * links to nowhere, and a presence state whose name is markup; then a person opens the map.
 * Nothing the attacker wrote runs (no alert, no injected element, `__pwned` never set), the
 * list, the panel, the map's peer pointers and the toolbar show the markup as text, only valid
 * agents and links are counted, the page throws no error, and the GeoJSON the page exports
 * is valid. The server side of the same content is tests/server/reliability-hostile-content.
 */
import { getIssues } from '@placemarkio/check-geojson';
import { expect, test, type BrowserContext } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { MapDocument } from '../../src/lib/model/index.ts';
import { HOSTILE_MARKUP, SHOWN_HOSTILE_AGENTS, SHOWN_HOSTILE_LINKS, writeHostileContent } from '../fixtures/hostile-content.ts';
import { signUp } from './accounts-helper.ts';

/** A y-websocket client with the context's session: what a patched copy of the app would be. */
function modifiedClient(context: BrowserContext, baseURL: string, mapId: string, cookie: string, share: string | null = null) {
	class AuthenticatedSocket extends WebSocket {
		constructor(url: string, protocols?: string | string[]) {
			super(url, protocols, { headers: { cookie, origin: baseURL } });
		}
	}
	const doc = new Y.Doc();
	const provider = new WebsocketProvider(`${baseURL.replace(/^http/, 'ws')}/collab`, mapId, doc, {
		WebSocketPolyfill: AuthenticatedSocket as unknown as typeof globalThis.WebSocket,
		disableBc: true,
		params: share ? { share } : {}
	});
	return {
		doc,
		provider,
		synced: () => new Promise<void>((done) => (provider.synced ? done() : provider.once('sync', () => done()))),
		destroy() {
			provider.awareness.destroy();
			provider.destroy();
			doc.destroy();
		}
	};
}

test('hostile content from a modified client renders as text and runs nothing', async ({ page, context, baseURL }, testInfo) => {
	const dialogs: string[] = [];
	const errors: string[] = [];
	page.on('dialog', (dialog) => {
		dialogs.push(dialog.message());
		void dialog.dismiss();
	});
	page.on('pageerror', (error) => errors.push(error.message));
	await page.addInitScript(() => {
		localStorage.setItem('tejido.locale', 'es');
		localStorage.setItem('tejido.identity', JSON.stringify({ name: 'Ana', color: '#d1495b' }));
	});
	await signUp(page, 'Ana');
	const created = await page.request.post('/api/maps', { data: { name: 'Mapa atacado' } });
	expect(created.status()).toBe(201);
	const mapId = ((await created.json()) as { map: { id: string } }).map.id;

	const cookie = (await context.cookies(baseURL!)).map((c) => `${c.name}=${c.value}`).join('; ');
	const attacker = modifiedClient(context, baseURL!, mapId, cookie);
	let guest: ReturnType<typeof modifiedClient> | undefined;
	try {
		await attacker.synced();
		new MapDocument(attacker.doc, 'mallory').addAgent({ id: 'honest', name: 'Agente honesto', position: [-74.08, 4.6], sector: 'academia' });
		writeHostileContent(attacker.doc, 'honest');
		// Presence names come from accounts, so hostile markup arrives through the one name a
		// client still chooses: a share-link guest's.
		const share = await page.request.post(`/api/maps/${mapId}/shares`, { data: {} });
		const token = ((await share.json()) as { token: string }).token;
		guest = modifiedClient(context, baseURL!, mapId, '', token);
		await guest.synced();
		guest.provider.awareness.setLocalState({
			user: { name: HOSTILE_MARKUP, color: 'red;background:url(javascript:globalThis.__pwned=1)' },
			pointer: [-74.07, 4.62],
			selection: '<script>globalThis.__pwned=1</script>'
		});

		await page.goto(`/maps/${mapId}`);
		await expect(page.getByTestId('connection-status')).toHaveText('En vivo');
		await expect(page.locator('.map[data-loaded="true"]')).toBeVisible();

		// Only valid entries count: the honest agent and the hostile ones with a valid position;
		// of the links, only those between two existing agents.
		const shown = 1 + SHOWN_HOSTILE_AGENTS.length;
		await expect(page.getByText(`${shown} agentes · ${SHOWN_HOSTILE_LINKS.length} vínculos`)).toBeVisible();
		await expect.poll(() => page.getByTestId('agent-list').getAttribute('data-count')).toBe(String(shown));

		// The list shows the markup as text; the panel too, as the value of the name field.
		const row = page.getByTestId('agent-list').locator('button[data-id="markup"]');
		await expect(row).toContainText(HOSTILE_MARKUP);
		await row.click();
		await expect(page.getByRole('heading', { name: HOSTILE_MARKUP })).toBeVisible();
		await page.getByRole('button', { name: 'Editar', exact: true }).click();
		await expect(page.getByRole('textbox', { name: 'Nombre', exact: true })).toHaveValue(HOSTILE_MARKUP);
		// Every other hostile agent opens in the panel, profile and form, without breaking the page.
		for (const id of SHOWN_HOSTILE_AGENTS.filter((id) => id !== 'markup')) {
			await page.getByTestId('agent-list').locator(`button[data-id="${id}"]`).click();
			await expect(page.getByTestId('agent-profile')).toBeVisible();
			await page.getByRole('button', { name: 'Editar', exact: true }).click();
			await expect(page.getByRole('textbox', { name: 'Nombre', exact: true })).toBeVisible();
		}

		// The attacker's presence: its name (cut to 40 characters, as for anyone) appears as text
		// in the toolbar and on its pointer.
		const peerName = HOSTILE_MARKUP.slice(0, 40);
		await expect(page.getByText(peerName, { exact: true }).first()).toBeVisible();
		await expect.poll(async () => (await page.locator('.maplibregl-marker').allTextContents()).join('\n')).toContain(peerName);

		// The export the page makes is valid GeoJSON holding the markup as a plain string.
		await page.getByRole('button', { name: 'Exportar' }).click();
		const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /^GeoJSON/ }).click()]);
		const text = await readFile((await download.path())!, 'utf8');
		expect(getIssues(text)).toEqual([]);
		const collection = JSON.parse(text) as { features: { id: string; properties: { name?: string } }[] };
		expect(collection.features.find((f) => f.id === 'markup')?.properties.name).toBe(HOSTILE_MARKUP);

		await page.screenshot({ path: testInfo.outputPath('hostile-content.png') });
		// Nothing ran and nothing was injected.
		expect(await page.evaluate(() => (globalThis as { __pwned?: unknown }).__pwned)).toBeUndefined();
		expect(await page.locator('img[src="x"], iframe, svg[onload], script:not([src]):has-text("__pwned")').count()).toBe(0);
		expect(dialogs).toEqual([]);
		expect(errors).toEqual([]);
	} finally {
		guest?.destroy();
		attacker.destroy();
	}
});
