/**
 * The heart of the product: two people on one map in two browser contexts. What A adds, B
 * sees; what B moves, A sees; each sees the other's pointer. Real built app, real server,
 * real websocket, real database, Debian's chromium.
 */
import { expect, test, type Page } from '@playwright/test';
import { anaAndBeto, signUp } from './accounts-helper.ts';
import { addAtCentre } from './map-helper.ts';

const DEMO = '/maps/demo';

async function openAs(page: Page, name: string): Promise<void> {
	await page.addInitScript((user) => {
		localStorage.setItem('tejido.identity', JSON.stringify(user));
		localStorage.setItem('tejido.locale', 'es');
		// These tests drive the map itself: the map alone, not beside the network.
		localStorage.setItem('tejido.mapView', 'map');
	}, { name, color: name === 'Ana' ? '#d1495b' : '#00798c' });
	await signUp(page, name);
	await page.goto(DEMO);
	await expect(page.getByTestId('connection-status')).toHaveText('En vivo');
	await expect(page.locator('.map[data-loaded="true"]')).toBeVisible();
	await expect(page.getByText(/\d+ agentes · \d+ vínculos/)).toBeVisible();
}

/** A point inside the map area, as page coordinates. */
async function mapPoint(page: Page, fx: number, fy: number): Promise<{ x: number; y: number }> {
	const box = (await page.getByTestId('map-area').boundingBox())!;
	return { x: box.x + box.width * fx, y: box.y + box.height * fy };
}

/** The centre of the map between the agent list (left) and the agent panel (right). */
async function visibleCentre(page: Page): Promise<{ x: number; y: number }> {
	const map = (await page.getByTestId('map-area').boundingBox())!;
	const list = (await page.getByRole('region', { name: 'Agentes', exact: true }).boundingBox())!;
	const panel = (await page.getByRole('complementary').boundingBox())!;
	return { x: (list.x + list.width + panel.x) / 2, y: map.y + map.height / 2 };
}

test('two people co-edit the demo map live', async ({ browser }, testInfo) => {
	// Two browsers, a drag and a flight on a software renderer: more than the default minute on a busy machine.
	test.slow();
	const { a, b, close } = await anaAndBeto(browser, openAs);

	// A adds an agent by clicking the map in "add" mode, then names it in the panel.
	await a.getByRole('button', { name: 'Agregar agente' }).click();
	const spot = await mapPoint(a, 0.8, 0.25);
	await a.mouse.click(spot.x, spot.y);
	const name = a.getByRole('textbox', { name: 'Nombre', exact: true });
	await expect(name).toBeFocused();
	await name.fill('Laboratorio E2E');
	await name.press('Enter');
	await expect(a.getByRole('heading', { name: 'Laboratorio E2E' })).toBeVisible();

	// B sees it at once, in the list.
	await b.getByRole('searchbox', { name: 'Buscar agentes' }).fill('laboratorio e2e');
	await expect(b.getByRole('button', { name: /Laboratorio E2E/ })).toBeVisible();
	const countOf = async (page: Page) => Number((await page.getByText(/\d+ agentes ·/).textContent())!.split(' ')[0]);
	await expect.poll(() => countOf(b)).toBe(await countOf(a));

	// B selects it in the list: the map flies to it, centring it in the part of the map that
	// the list and the panel leave visible. Then B drags it.
	await b.getByRole('button', { name: /Laboratorio E2E/ }).click();
	await expect(b.getByRole('heading', { name: 'Laboratorio E2E' })).toBeVisible();
	await expect(b.locator('.map[data-idle="true"]')).toBeVisible();
	const lonBefore = Number(await a.getByRole('spinbutton', { name: 'Longitud' }).inputValue());
	const from = await visibleCentre(b);
	await b.mouse.move(from.x, from.y);
	await b.mouse.down();
	for (let step = 1; step <= 10; step++) await b.mouse.move(from.x - 12 * step, from.y + 6 * step);
	await b.mouse.up();

	// A sees the move: the longitude in A's panel goes west.
	await expect
		.poll(async () => Number(await a.getByRole('spinbutton', { name: 'Longitud' }).inputValue()))
		.toBeLessThan(lonBefore - 0.01);

	// Presence: B's pointer shows on A's map with B's name.
	const over = await mapPoint(b, 0.5, 0.5);
	await b.mouse.move(over.x, over.y);
	await b.mouse.move(over.x + 20, over.y + 10);
	await expect(a.locator('.peer-pointer-name', { hasText: 'Beto' })).toBeVisible();
	await expect(a.getByTestId('peer').filter({ hasText: 'Beto' })).toBeVisible();

	const screenshot = await a.screenshot();
	await testInfo.attach('map-with-basemap-and-agents', { body: screenshot, contentType: 'image/png' });
	await a.screenshot({ path: testInfo.outputPath('co-editing-map.png') });

	await close();
});

test('undo reverts only one’s own edit', async ({ browser }) => {
	const { a, b, close } = await anaAndBeto(browser, openAs);

	await addAtCentre(a);
	await a.getByRole('textbox', { name: 'Nombre', exact: true }).fill('Agente de Ana');
	await a.getByRole('textbox', { name: 'Nombre', exact: true }).press('Enter');
	await addAtCentre(b);
	await b.getByRole('textbox', { name: 'Nombre', exact: true }).fill('Agente de Beto');
	await b.getByRole('textbox', { name: 'Nombre', exact: true }).press('Enter');
	await a.getByRole('searchbox', { name: 'Buscar agentes' }).fill('agente de');
	await expect(a.getByRole('button', { name: /Agente de Beto/ })).toBeVisible();

	// Ctrl+Z in A (focus outside text fields) undoes A's rename and addition, not B's agent.
	await a.getByRole('heading', { name: 'Agente de Ana' }).click();
	await a.keyboard.press('Control+z');
	await a.keyboard.press('Control+z');
	await expect(a.getByRole('button', { name: /Agente de Ana/ })).toHaveCount(0);
	await expect(a.getByRole('button', { name: /Agente de Beto/ })).toBeVisible();
	await b.getByRole('searchbox', { name: 'Buscar agentes' }).fill('agente de');
	await expect(b.getByRole('button', { name: /Agente de Ana/ })).toHaveCount(0);

	// Redo brings it back for everyone.
	await a.keyboard.press('Control+Shift+z');
	await a.keyboard.press('Control+Shift+z');
	await expect(b.getByRole('button', { name: /Agente de/ })).toHaveCount(2);

	await close();
});

test('a link made by typing the other agent’s name appears in the other context; Escape closes only the suggestions', async ({ browser }) => {
	const { a, b, close } = await anaAndBeto(browser, openAs);
	const linksOf = (page: Page) => page.getByRole('heading', { name: /^Vínculos \(\d+\)$/ });
	for (const page of [a, b]) {
		await page.getByRole('searchbox', { name: 'Buscar agentes' }).fill('corferias');
		await page.getByRole('button', { name: /Corferias/ }).click();
		await expect(page.getByRole('heading', { name: 'Corferias' })).toBeVisible();
	}
	const before = Number((await linksOf(b).textContent())!.match(/\d+/)![0]);
	// Links are added in the edit mode.
	await a.getByRole('button', { name: 'Editar', exact: true }).click();

	// A few suggestions for what is typed, accents aside, the agent itself never among them.
	const picker = a.getByRole('combobox', { name: 'Vincular con' });
	const suggestions = a.getByRole('listbox', { name: 'Vincular con' });
	await picker.fill('corferias');
	await expect(suggestions).toContainText('Ningún agente con ese nombre');
	await picker.fill('bogota');
	const options = suggestions.getByRole('option');
	await expect(options.first()).toBeVisible();
	expect(await options.count()).toBeLessThanOrEqual(8);
	await expect(a.getByRole('button', { name: 'Agregar vínculo' })).toBeDisabled();
	// Escape closes the suggestions and leaves the agent's panel open.
	await picker.press('Escape');
	await expect(suggestions).toHaveCount(0);
	await expect(a.getByRole('heading', { name: 'Corferias' })).toBeVisible();

	// Keyboard only: the second suggestion, chosen with the arrows and Enter, fills the field.
	await picker.fill('universidad');
	await picker.press('ArrowDown');
	const chosen = (await suggestions.getByRole('option', { selected: true }).textContent())!.split(' · ')[0];
	await picker.press('Enter');
	await expect(picker).toHaveValue(chosen);
	await a.getByRole('button', { name: 'Agregar vínculo' }).click();
	await expect(picker).toHaveValue('');
	await expect(linksOf(a)).toHaveText(`Vínculos (${before + 1})`);
	await expect(a.getByRole('button', { name: chosen, exact: true }).first()).toBeVisible();

	// B sees the link at once, in Corferias's panel.
	await expect(linksOf(b)).toHaveText(`Vínculos (${before + 1})`);
	await expect(b.getByRole('button', { name: chosen, exact: true }).first()).toBeVisible();

	await close();
});
