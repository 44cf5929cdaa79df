/**
 * What a team reads about its map's history: one drag of an agent is one entry "movió" in the
 * activity feed, in words (before: 16 entries "campos: position"); and the demo's links are
 * spread over its years on the indicators page (before: all 261 in the current month).
 * Real built app, real server, real websocket, real database, Debian's chromium.
 */
import { expect, test, type Page } from '@playwright/test';
import { signUp } from './accounts-helper.ts';

async function signedIn(page: Page, name: string): Promise<void> {
	await page.addInitScript(() => {
		localStorage.setItem('tejido.locale', 'es');
		// The drag drives the map itself: the map alone, not beside the network.
		localStorage.setItem('tejido.mapView', 'map');
	});
	await signUp(page, name);
}

/** The counts of a chart's rows, as shown. */
async function barCounts(page: Page, chart: string): Promise<number[]> {
	const cells = page.getByTestId(`chart-${chart}`).locator('tbody td.count');
	return (await cells.allTextContents()).map(Number);
}

test('one drag of an agent is one "movió" entry in Actividad, with no code words', async ({ page }) => {
	await signedIn(page, 'Ana');
	const created = await page.request.post('/api/maps', { data: { name: 'Mapa de actividad' } });
	expect(created.status()).toBe(201);
	const { map } = (await created.json()) as { map: { id: string } };

	await page.goto(`/maps/${map.id}`);
	await expect(page.getByTestId('connection-status')).toHaveText('En vivo');
	await expect(page.locator('.map[data-loaded="true"]')).toBeVisible();
	await page.getByRole('button', { name: 'Agregar agente' }).click();
	const area = (await page.getByTestId('map-area').boundingBox())!;
	const spot = { x: area.x + area.width * 0.5, y: area.y + area.height * 0.4 };
	await page.mouse.click(spot.x, spot.y);
	const name = page.getByRole('textbox', { name: 'Nombre', exact: true });
	await name.fill('Universidad del Arrastre');
	await name.press('Enter');
	await expect(page.getByRole('heading', { name: 'Universidad del Arrastre' })).toBeVisible();

	// A drag with a mouse, paced as a hand moves (the map writes a position every 50 ms).
	const lat = page.getByRole('spinbutton', { name: 'Latitud' });
	const before = Number(await lat.inputValue());
	await page.mouse.move(spot.x, spot.y);
	await page.mouse.down();
	for (let step = 1; step <= 8; step++) {
		await page.mouse.move(spot.x, spot.y + 10 * step);
		await page.waitForTimeout(60);
	}
	await page.mouse.up();
	await expect.poll(async () => Number(await lat.inputValue())).toBeLessThan(before - 0.005);

	// The drag was several stored updates; the feed shows them as one entry.
	await expect
		.poll(async () => {
			const reply = await page.request.get(`/api/maps/${map.id}/activity`);
			const { items } = (await reply.json()) as { items: { updates: number; entities: { fields: string[] }[] }[] };
			return items.find((item) => item.entities.some((entity) => entity.fields.includes('position')))?.updates ?? 0;
		})
		.toBeGreaterThan(1);

	await page.goto(`/maps/${map.id}/activity`);
	const feed = page.getByTestId('activity-feed');
	await expect(feed.getByText('Ana añadió «', { exact: false })).toBeVisible();
	await expect(feed.getByText(/movió/)).toHaveCount(1);
	await expect(feed.getByText(/movió/)).toHaveText('Ana movió «Universidad del Arrastre»');
	await expect(feed).not.toContainText(/position|areaIds|nicheIds|campos|\*/);
});

test('the demo’s new links per month are spread over its years, not all in the current month', async ({ page }) => {
	await signedIn(page, 'Beto');
	await page.goto('/maps/demo/indicators');
	await expect.poll(async () => Number(await page.getByTestId('summary-links').textContent())).toBeGreaterThan(200);
	const total = Number(await page.getByTestId('summary-links').textContent());
	const counts = await barCounts(page, 'linksByMonth');
	// One bar per month since 2015, none holding more than a tenth of the links.
	expect(counts.length).toBeGreaterThan(12 * 5);
	expect(Math.max(...counts)).toBeLessThan(total / 10);
	expect(counts.at(-1)!).toBeLessThan(total / 10);
});
