/**
 * The managers' view on the demo map: filter by area and by a region drawn on the map, check
 * that the list and the map show the same agents, and that the link reproduces the view after
 * a reload. Then a circle of a chosen radius, "clear all", and a colleague's edit arriving
 * while a filter is on. Real built app, real server, Debian's chromium.
 */
import { expect, test, type Page } from '@playwright/test';
import { drawnAgents as drawnCount, probeMaps } from '../../bench/browser/map-probe.ts';
import { signUp } from './accounts-helper.ts';

async function open(page: Page, path = '/maps/demo', name = 'Gerente'): Promise<void> {
	await probeMaps(page);
	await signUp(page, name);
	await page.addInitScript((user) => {
		localStorage.setItem('tejido.locale', 'es');
		// These tests drive the map itself: the map alone, not beside the network.
		localStorage.setItem('tejido.mapView', 'map');
		localStorage.setItem('tejido.identity', JSON.stringify({ name: user, color: '#00798c' }));
	}, name);
	await page.goto(path);
	await expect(page.getByTestId('connection-status')).toHaveText('En vivo');
	await expect(page.locator('.map[data-loaded="true"]')).toBeVisible();
	await expect(page.getByText(/\d+ agentes · \d+ vínculos/)).toBeVisible();
}

const listCount = async (page: Page) => Number(await page.getByTestId('agent-list').getAttribute('data-count'));
const legendCount = async (page: Page) => Number(await page.getByTestId('legend').getAttribute('data-count'));
const listedIds = (page: Page) =>
	page.getByTestId('agent-list').locator('button[data-id]').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-id')!).sort());

/** Waits until the map has drawn the current view, then checks it draws as many agents as the list holds. */
async function expectMapAgreesWithList(page: Page): Promise<number> {
	const count = await listCount(page);
	await expect(page.locator('.map[data-idle="true"]')).toBeVisible();
	await expect.poll(() => drawnCount(page)).toBe(count);
	await expect.poll(() => legendCount(page)).toBe(count);
	return count;
}

/** A point of the map area, `dx`, `dy` pixels from its centre (where the demo map is centred). */
async function fromCentre(page: Page, dx: number, dy: number): Promise<{ x: number; y: number }> {
	const box = (await page.getByTestId('map-area').boundingBox())!;
	return { x: box.x + box.width / 2 + dx, y: box.y + box.height / 2 + dy };
}

test('filter by area and a drawn polygon: list and map agree, and the link reproduces the view', async ({ page }, testInfo) => {
	await open(page);
	const total = await listCount(page);
	expect(total).toBeGreaterThanOrEqual(165);
	await expectMapAgreesWithList(page);

	// An area: the list keeps exactly the count shown beside the choice.
	const bio = page.getByRole('checkbox', { name: /Bio-Polo/ });
	const promised = Number(await page.locator('label', { has: bio }).locator('.count').getAttribute('data-count'));
	await bio.check();
	await expect.poll(() => listCount(page)).toBe(promised);
	expect(promised).toBeLessThan(total);

	// A polygon drawn with the mouse around central Bogotá.
	await page.getByRole('button', { name: 'Dibujar polígono' }).click();
	await expect(page.getByTestId('region-drawing')).toBeVisible();
	for (const [dx, dy] of [[-55, -55], [60, -60], [65, 45], [-50, 55]]) {
		const point = await fromCentre(page, dx, dy);
		await page.mouse.click(point.x, point.y);
	}
	await page.getByRole('button', { name: 'Terminar' }).click();
	await expect(page.getByTestId('region-summary')).toHaveAttribute('data-kind', 'polygon');
	await expect.poll(() => listCount(page)).toBeLessThan(promised);
	const filtered = await listCount(page);
	expect(filtered).toBeGreaterThan(0);

	// The map draws the same agents as the list (clusters count their members), before and
	// after "zoom to results".
	await expectMapAgreesWithList(page);
	await page.getByRole('button', { name: 'Acercar a los resultados' }).click();
	await expectMapAgreesWithList(page);
	// The rows in sight (the list renders only those), to compare after the reload.
	const ids = await listedIds(page);
	expect(ids.length).toBeGreaterThan(0);

	// The filter is in the address.
	await expect.poll(() => new URL(page.url()).searchParams.getAll('area')).toEqual(['area-bio']);
	await expect.poll(() => new URL(page.url()).searchParams.get('polygon')?.split(',').length).toBe(8);
	await page.screenshot({ path: testInfo.outputPath('filtered-demo-map.png') });

	// Reloading the link gives the same view: same filter, same agents, same drawing.
	const link = page.url();
	await page.reload();
	await expect(page.locator('.map[data-loaded="true"]')).toBeVisible();
	await expect(page.getByRole('checkbox', { name: /Bio-Polo/ })).toBeChecked();
	await expect(page.getByTestId('region-summary')).toHaveAttribute('data-kind', 'polygon');
	await expect.poll(() => listCount(page)).toBe(filtered);
	expect(await listedIds(page)).toEqual(ids);
	await expectMapAgreesWithList(page);
	expect(page.url()).toBe(link);
});

test('a circle of a chosen radius, the network of the view, and clear all', async ({ page }) => {
	await open(page);
	const total = await listCount(page);

	// From the keyboard: a circle around the map centre, then a larger radius.
	await page.getByRole('button', { name: 'Círculo en el centro del mapa' }).click();
	await expect(page.getByTestId('region-summary')).toHaveAttribute('data-kind', 'circle');
	const radius = page.getByRole('spinbutton', { name: 'Radio (km)' });
	await radius.fill('3');
	await radius.press('Enter');
	await expect.poll(() => new URL(page.url()).searchParams.get('circle')).toMatch(/,3$/);
	const small = await listCount(page);
	await radius.fill('12');
	await radius.press('Enter');
	await expect.poll(() => listCount(page)).toBeGreaterThan(small);
	const large = await expectMapAgreesWithList(page);

	// The network panel describes the same view.
	await page.getByRole('button', { name: 'Red', exact: true }).click();
	await expect(page.getByTestId('network-summary')).toContainText(`${large} agentes`);
	await expect(page.getByRole('heading', { name: /Agentes puente entre áreas/ })).toBeVisible();

	// Free text ignores accents and case and combines with the region.
	await page.getByRole('searchbox', { name: 'Buscar agentes' }).fill('UNIVERSIDAD bogota');
	await expect.poll(() => listCount(page)).toBeLessThan(large);
	await expect.poll(() => new URL(page.url()).searchParams.get('q')).toBe('UNIVERSIDAD bogota');

	// Clear all: every agent again, and a bare address.
	await page.getByRole('button', { name: 'Borrar filtros' }).click();
	await expect.poll(() => listCount(page)).toBe(total);
	await expect(page.getByRole('searchbox', { name: 'Buscar agentes' })).toHaveValue('');
	await expect.poll(() => new URL(page.url()).search).toBe('');
});

test('a colleague’s edit updates the filtered list live, keeping the selection', async ({ browser }) => {
	const contextA = await browser.newContext();
	const contextB = await browser.newContext();
	const a = await contextA.newPage();
	const b = await contextB.newPage();
	await open(a, '/maps/demo', 'Ana');
	await open(b, '/maps/demo', 'Beto');

	// A selects an agent, then filters on a word nobody uses yet.
	await a.getByTestId('agent-list').locator('button[data-id]').first().click();
	const heading = a.getByRole('complementary').getByRole('heading', { level: 2 });
	const chosen = (await heading.textContent())!;
	await a.getByRole('searchbox', { name: 'Buscar agentes' }).fill('quimera');
	await expect.poll(() => listCount(a)).toBe(0);

	// B renames another agent to match it: A's list and map show it without any action of A.
	await b.getByTestId('agent-list').locator('button[data-id]').nth(3).click();
	await b.getByRole('button', { name: 'Editar', exact: true }).click();
	const name = b.getByRole('textbox', { name: 'Nombre', exact: true });
	await name.fill('Fundación Quimera');
	await name.press('Enter');
	await expect.poll(() => listCount(a)).toBe(1);
	await expect(a.getByTestId('agent-list').getByRole('button', { name: /Fundación Quimera/ })).toBeVisible();
	await a.getByRole('button', { name: 'Acercar a los resultados' }).click();
	await expectMapAgreesWithList(a);
	// …and A's selection is still there.
	await expect(heading).toHaveText(chosen);

	await contextA.close();
	await contextB.close();
});

test('after dragging the map, a filter chosen by keyboard updates the map’s count', async ({ page }) => {
	await open(page);
	const total = await listCount(page);
	// The benchmark's gestures (the first starts over the legend), then the keyboard, so the
	// mouse does not move again: MapLibre then sent no 'idle', and the count, which waited for
	// one, kept showing the unfiltered view.
	const box = (await page.locator('.map').first().boundingBox())!;
	let at = { x: box.x + box.width * 0.93, y: box.y + box.height * 0.12 };
	await page.mouse.move(at.x, at.y);
	for (const [dx, dy] of [[-400, 0], [0, 250], [400, 0], [0, -250]]) {
		await page.mouse.down();
		await page.mouse.move(at.x + dx, at.y + dy, { steps: 10 });
		await page.mouse.up();
		at = { x: at.x + dx, y: at.y + dy };
		await page.waitForTimeout(150);
	}
	const bioPolo = page.getByRole('checkbox', { name: /Bio-Polo/ });
	await bioPolo.focus();
	await page.keyboard.press('Space');
	await expect(bioPolo).toBeChecked();
	const filtered = await listCount(page);
	expect(filtered).toBeLessThan(total);
	// The count is of what is on screen, and the drags may have moved a few agents out of it:
	// it must drop to at most the filtered agents (the stale count stayed at the whole map).
	await expect.poll(() => drawnCount(page)).toBeLessThanOrEqual(filtered);
	expect(await drawnCount(page)).toBeGreaterThan(0);
	await page.keyboard.press('Space');
	await expect.poll(() => listCount(page)).toBe(total);
	await expect.poll(() => drawnCount(page)).toBeGreaterThan(filtered);
});
