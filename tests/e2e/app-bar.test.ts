/**
 * What a person meets first on a map (issue 22): a one-row bar whose menus stay on screen, a
 * phone layout where the map stays visible, people shown by their names, and adding or
 * opening an agent that lands where it should. Real built app, real server, Debian's chromium.
 */
import { expect, test, type Browser, type Page } from '@playwright/test';
import { signUp } from './accounts-helper.ts';
import { addAtCentre, coloursIn } from './map-helper.ts';

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

async function openDemo(page: Page, name: string): Promise<void> {
	await page.addInitScript(() => localStorage.setItem('tejido.locale', 'es'));
	await signUp(page, name);
	await page.goto('/maps/demo');
	await expect(page.getByTestId('connection-status')).toHaveText('En vivo');
	await expect(page.locator('.map[data-loaded="true"]')).toBeVisible();
}

/** Others on the demo map, each in a context of their own, until `close`. */
async function others(browser: Browser, names: string[]): Promise<() => Promise<void>> {
	const contexts = await Promise.all(names.map(() => browser.newContext()));
	await Promise.all(contexts.map(async (context, i) => openDemo(await context.newPage(), names[i])));
	return async () => void (await Promise.all(contexts.map((context) => context.close())));
}

async function pageFits(page: Page): Promise<{ overflow: number; scale: number }> {
	return page.evaluate(() => ({
		overflow: document.documentElement.scrollWidth - window.innerWidth,
		scale: window.visualViewport?.scale ?? 1
	}));
}

for (const viewport of [{ width: 1440, height: 900 }, { width: 1280, height: 800 }]) {
	test(`desktop ${viewport.width}: the bar is one row and the export menu opens inside the window`, async ({ page }) => {
		await page.setViewportSize(viewport);
		await openDemo(page, 'Ana');
		const bar = (await page.getByRole('banner').boundingBox())!;
		// One row: every control of the bar sits within its height (it wrapped into 2–4 rows).
		expect(bar.height).toBeLessThan(64);
		for (const control of await page.getByRole('banner').getByRole('button').all()) {
			const box = (await control.boundingBox())!;
			expect(box.y).toBeGreaterThanOrEqual(bar.y);
			expect(box.y + box.height).toBeLessThanOrEqual(bar.y + bar.height);
		}
		expect((await pageFits(page)).overflow).toBeLessThanOrEqual(0);

		await page.getByRole('button', { name: 'Exportar' }).click();
		const menu = page.getByRole('group', { name: 'Exportar' });
		await expect(menu).toBeVisible();
		// Its left edge was at −116 px: the label, the count and both checkboxes were off-screen.
		const box = (await menu.boundingBox())!;
		expect(box.x).toBeGreaterThanOrEqual(0);
		expect(box.x + box.width).toBeLessThanOrEqual(viewport.width);
		for (const check of await menu.getByRole('checkbox').all()) await expect(check).toBeInViewport({ ratio: 1 });
		await expect(menu.getByText('165 agentes y los vínculos entre ellos')).toBeInViewport();
	});
}

test.describe('phone', () => {
	test.use(PHONE);

	test('with four others present, the bar fits, the page does not zoom out and the export sheet is on screen', async ({ page, browser }) => {
		const close = await others(browser, ['Beto', 'Carla', 'Diego', 'Elena']);
		await openDemo(page, 'Ana');
		await expect(page.getByTestId('presence')).toBeVisible();
		await expect(page.getByRole('button', { name: 'Todos aquí (4)' })).toBeVisible();
		expect(await pageFits(page)).toEqual({ overflow: expect.any(Number), scale: 1 });
		expect((await pageFits(page)).overflow).toBeLessThanOrEqual(0);

		await page.getByRole('button', { name: 'Más' }).tap();
		await page.getByRole('button', { name: 'Exportar' }).tap();
		const sheet = page.getByRole('group', { name: 'Exportar' });
		await expect(sheet).toBeVisible();
		const box = (await sheet.boundingBox())!;
		expect(box.y).toBeGreaterThanOrEqual(0);
		expect(box.y + box.height).toBeLessThanOrEqual(844);
		await expect(sheet.getByRole('button', { name: /GeoJSON/ })).toBeInViewport({ ratio: 1 });
		await close();
	});

	test('the map stays drawn above the list sheet and the agent sheet', async ({ page }) => {
		await openDemo(page, 'Ana');
		const area = (await page.getByTestId('map-area').boundingBox())!;
		const above = async (sheet: string) => {
			const top = (await page.getByTestId(sheet).boundingBox())!.y;
			expect(top - area.y).toBeGreaterThan(150);
			await expect(page.locator('.map[data-idle="true"]')).toBeVisible();
			// A whole-screen capture, as a person (or a test) sees it: the map was blank there.
			const shot = await page.screenshot();
			return coloursIn(page, shot, { x: 0, y: Math.ceil(area.y) + 4, width: 390, height: Math.floor(top - area.y) - 8 });
		};

		await page.getByRole('button', { name: 'Agentes' }).tap();
		expect(await above('list-sheet')).toBeGreaterThan(20);

		await page.getByRole('searchbox', { name: 'Buscar agentes' }).fill('universidad nacional');
		await page.getByRole('button', { name: /Universidad Nacional de Colombia/ }).tap();
		await expect(page.getByRole('heading', { name: 'Universidad Nacional de Colombia' })).toBeVisible();
		expect(await above('panel-sheet')).toBeGreaterThan(20);

		// The sheet's handle moves it between its heights; the map stays visible at "full" too.
		const handle = page.getByRole('button', { name: /cambiar altura/ });
		await handle.tap();
		await expect(page.getByTestId('panel-sheet')).toHaveAttribute('data-height', 'full');
		await handle.tap();
		await expect(page.getByTestId('panel-sheet')).toHaveAttribute('data-height', 'peek');
		expect((await handle.boundingBox())!.height).toBeGreaterThanOrEqual(44);

		// Dragged up, it snaps to the nearest height and stays there (the drag's click does not cycle on).
		const grip = (await handle.boundingBox())!;
		await page.mouse.move(grip.x + grip.width / 2, grip.y + grip.height / 2);
		await page.mouse.down();
		for (let step = 1; step <= 10; step++) await page.mouse.move(grip.x + grip.width / 2, grip.y + grip.height / 2 - 55 * step);
		await page.mouse.up();
		await expect(page.getByTestId('panel-sheet')).toHaveAttribute('data-height', 'full');
	});
});

test('people are shown by their account names, once each; a share-link visitor is a marked guest', async ({ browser }) => {
	const contexts = [await browser.newContext(), await browser.newContext()];
	const [ana, beto] = await Promise.all(contexts.map((context) => context.newPage()));
	await openDemo(ana, 'Ana Ruiz');
	await openDemo(beto, 'Beto Díaz');

	const betoOnAna = ana.getByTestId('peer');
	await expect(betoOnAna).toHaveCount(1);
	await expect(betoOnAna).toHaveText(/Beto Díaz/);
	await expect(ana.getByTestId('presence')).not.toContainText('Invitado');

	// Beto reloads: his earlier connection lingers until it times out, but he is one person.
	await beto.reload();
	await expect(beto.getByTestId('connection-status')).toHaveText('En vivo');
	await expect(ana.getByTestId('peer')).toHaveCount(1);
	await expect(ana.getByTestId('peer')).toHaveText(/Beto Díaz/);

	// What Beto edits is stamped with his account's name.
	await addAtCentre(beto);
	const name = beto.getByRole('textbox', { name: 'Nombre', exact: true });
	await name.fill('Taller de Beto');
	await name.press('Enter');
	await ana.getByRole('searchbox', { name: 'Buscar agentes' }).fill('taller de beto');
	await ana.getByRole('button', { name: /Taller de Beto/ }).click();
	await expect(ana.getByRole('complementary')).toContainText('Beto Díaz');
	await expect(ana.getByRole('complementary')).not.toContainText('Invitado');

	// A partner with a share link may choose a name, and is shown as a guest.
	const created = await ana.request.post('/api/maps', { data: { name: 'Mapa compartido E2E' } });
	const mapId = ((await created.json()) as { map: { id: string } }).map.id;
	const share = await ana.request.post(`/api/maps/${mapId}/shares`, { data: {} });
	const token = ((await share.json()) as { token: string }).token;
	await ana.goto(`/maps/${mapId}`);
	const partnerContext = await browser.newContext();
	const partner = await partnerContext.newPage();
	await partner.addInitScript(() => localStorage.setItem('tejido.locale', 'es'));
	await partner.goto(`/maps/${mapId}?share=${encodeURIComponent(token)}`);
	await expect(partner.getByTestId('connection-status')).toHaveText('En vivo');
	await partner.getByTestId('account-menu').click();
	const own = partner.getByRole('textbox', { name: 'Su nombre' });
	await own.fill('Socia de Lyon');
	await own.press('Enter');
	await expect(ana.getByTestId('peer')).toHaveText(/Socia de Lyon \(invitado\)/);
	await Promise.all([...contexts, partnerContext].map((context) => context.close()));
});

test('adding twice at the centre places two agents apart; Enter in the list moves focus to the agent', async ({ page }) => {
	await openDemo(page, 'Ana');
	const positions: string[] = [];
	for (const label of ['Centro uno', 'Centro dos']) {
		await addAtCentre(page);
		const name = page.getByRole('textbox', { name: 'Nombre', exact: true });
		await name.fill(label);
		await name.press('Enter');
		const lon = await page.getByRole('spinbutton', { name: 'Longitud' }).inputValue();
		const lat = await page.getByRole('spinbutton', { name: 'Latitud' }).inputValue();
		positions.push(`${lon},${lat}`);
		await page.keyboard.press('Escape');
		await page.keyboard.press('Escape');
	}
	expect(positions[1]).not.toBe(positions[0]);

	const search = page.getByRole('searchbox', { name: 'Buscar agentes' });
	await search.fill('universidad nacional');
	await page.keyboard.press('Tab');
	await page.keyboard.press('Enter');
	// Focus was left in the list: nine Tabs to reach the agent's name.
	await expect(page.getByRole('heading', { name: 'Universidad Nacional de Colombia' })).toBeFocused();
});

test('an empty map guides: import a list, place the first agent, invite the team', async ({ page }) => {
	await page.addInitScript(() => {
		localStorage.setItem('tejido.locale', 'es');
		// The agent is placed by clicking the map: the map alone, not beside the network.
		localStorage.setItem('tejido.mapView', 'map');
	});
	await signUp(page, 'Ana');
	const created = await page.request.post('/api/maps', { data: { name: 'Mapa vacío E2E' } });
	const mapId = ((await created.json()) as { map: { id: string } }).map.id;
	await page.goto(`/maps/${mapId}`);
	await expect(page.getByTestId('connection-status')).toHaveText('En vivo');
	const guide = page.getByTestId('empty-map');
	await expect(guide.getByRole('heading', { name: 'Este mapa está vacío: empiece aquí' })).toBeVisible();
	await expect(guide.getByRole('link', { name: 'Invitar al equipo' })).toHaveAttribute('href', `/maps/${mapId}/settings`);

	// Its import opens the import dialog.
	await guide.getByRole('button', { name: 'Importar una lista' }).click();
	await expect(page.getByRole('dialog', { name: 'Importar agentes' })).toBeVisible();
	await page.keyboard.press('Escape');

	// Placing the first agent arms the map; the guide steps aside so the map can be clicked.
	await guide.getByRole('button', { name: 'Ubicar un agente' }).click();
	await expect(guide).toHaveCount(0);
	const area = (await page.getByTestId('map-area').boundingBox())!;
	await page.mouse.click(area.x + area.width * 0.6, area.y + area.height * 0.5);
	const name = page.getByRole('textbox', { name: 'Nombre', exact: true });
	await name.fill('Primer agente');
	await name.press('Enter');
	await expect(page.getByRole('heading', { name: 'Primer agente' })).toBeVisible();
	await expect(page.getByTestId('empty-map')).toHaveCount(0);
});
