/**
 * The projects page: an overview of the map's projects (rows, counts per status, filters),
 * one project at a time in a drawer to edit (editors) or read (share links), deletion with
 * undo, and a phone layout. Real built app, real server and websocket, Debian's chromium.
 */
import { expect, test, type BrowserContext, type Locator, type Page } from '@playwright/test';
import { DEMO_AREAS } from '../../src/lib/demo/demo-catalogue.ts';
import { signUp } from './accounts-helper.ts';
import { asOwner } from './owner-client.ts';

async function signedIn(page: Page, name: string): Promise<void> {
	await page.addInitScript(() => localStorage.setItem('tejido.locale', 'es'));
	await signUp(page, name);
}

/** The demo's projects page, once its rows are there. */
async function openDemoProjects(page: Page): Promise<Locator> {
	await page.goto('/maps/demo/projects');
	const rows = page.getByTestId('project-row');
	await expect.poll(() => rows.count()).toBeGreaterThan(20);
	return rows;
}

/** The counts per status shown above the table, summed. */
async function countsTotal(page: Page): Promise<number> {
	const texts = await page.getByTestId('status-counts').getByRole('button').allTextContents();
	return texts.map((text) => Number(/\d+/.exec(text)![0])).reduce((a, b) => a + b, 0);
}

test('the overview lists the demo projects with counts per status; an area filter narrows rows and counts', async ({ page }) => {
	await signedIn(page, 'Fabiola');
	const rows = await openDemoProjects(page);
	const total = await rows.count();
	// Every project is one row, and the counts per status add up to them.
	expect(await countsTotal(page)).toBe(total);
	await expect(page.getByTestId('projects-shown')).toHaveText(`${total} de ${total} proyectos`);

	const area = DEMO_AREAS[1].name;
	await page.getByRole('combobox', { name: 'Área' }).selectOption({ label: area });
	await expect.poll(() => rows.count()).toBeLessThan(total);
	const narrowed = await rows.count();
	expect(narrowed).toBeGreaterThan(0);
	expect(await countsTotal(page)).toBe(narrowed);
	for (const cell of await page.locator('[data-testid="project-row"] td.area').allTextContents()) expect(cell.trim()).toBe(area);

	// A status count is also a toggle: the rows become that count's projects.
	const running = page.getByTestId('status-counts').getByRole('button', { name: /En ejecución/ });
	const runningCount = Number(/\d+/.exec((await running.textContent())!)![0]);
	await running.click();
	await expect(running).toHaveAttribute('aria-pressed', 'true');
	await expect(rows).toHaveCount(runningCount);

	// Sorting by name puts the rows in alphabetical order.
	await page.getByRole('combobox', { name: 'Área' }).selectOption({ label: 'Todas las áreas' });
	await running.click();
	await page.getByRole('button', { name: 'Ordenar por Proyecto' }).click();
	const names = await page.locator('[data-testid="project-row"] td.name').allTextContents();
	expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'es', { sensitivity: 'base', numeric: true })));
});

test('a row opened with Enter shows its drawer with focus inside; a name typed then Esc is kept and the row shows it', async ({ page }) => {
	await signedIn(page, 'Gabriel');
	const rows = await openDemoProjects(page);
	await rows.first().getByRole('button').focus();
	await page.keyboard.press('Enter');
	const drawer = page.getByRole('dialog');
	const name = drawer.getByRole('textbox', { name: 'Nombre del proyecto' });
	await expect(name).toBeFocused();

	// Typed, never left with Tab: Esc closes the drawer and the name is saved all the same.
	await name.fill('Proyecto renombrado E2E');
	await page.keyboard.press('Escape');
	await expect(drawer).toHaveCount(0);
	// The row keeps its place among its niche's projects, renamed, and has focus back.
	const renamed = page.getByRole('button', { name: 'Proyecto renombrado E2E', exact: true });
	await expect(renamed).toBeVisible();
	await expect(renamed).toBeFocused();

	// A new project opens in the drawer; choosing one agent is enough to add it.
	await page.getByRole('button', { name: 'Agregar proyecto' }).click();
	await expect(drawer.getByRole('heading', { name: 'Proyecto nuevo' })).toBeVisible();
	await drawer.getByRole('textbox', { name: 'Nombre del proyecto' }).fill('Proyecto creado E2E');
	await drawer.getByRole('combobox', { name: 'Estado' }).selectOption({ label: 'Financiado' });
	await drawer.getByRole('combobox', { name: 'Agente por agregar' }).fill('nacional colombia');
	await drawer.getByRole('combobox', { name: 'Agente por agregar' }).press('Enter');
	await expect(drawer.getByText('Agentes ejecutores (1)')).toBeVisible();
	const row = rows.filter({ hasText: 'Proyecto creado E2E' });
	await expect(row).toContainText('Financiado');
	await expect(row).toContainText('1 agente');
});

test('a deleted project comes back with the notice’s Deshacer', async ({ page }) => {
	await signedIn(page, 'Hilda');
	const rows = await openDemoProjects(page);
	const total = await rows.count();
	const first = rows.first().getByRole('button');
	const name = (await first.textContent())!.trim();
	await first.click();
	await page.getByRole('dialog').getByRole('button', { name: 'Eliminar proyecto' }).click();
	await expect(page.getByRole('dialog')).toHaveCount(0);
	await expect(rows).toHaveCount(total - 1);
	await expect(page.getByRole('button', { name, exact: true })).toHaveCount(0);

	await expect(page.getByRole('status')).toContainText(`Se eliminó el proyecto «${name}».`);
	await page.getByRole('status').getByRole('button', { name: 'Deshacer' }).click();
	await expect(rows).toHaveCount(total);
	await expect(page.getByRole('button', { name, exact: true })).toBeVisible();
});

test('a share-link partner sees the overview and a read-only drawer with no input', async ({ browser, baseURL }) => {
	const owner = await browser.newContext();
	const page = await owner.newPage();
	await signedIn(page, 'Olga');
	const created = await page.request.post('/api/maps', { data: { name: 'Mapa de proyectos E2E' } });
	expect(created.status(), await created.text()).toBe(201);
	const mapId = ((await created.json()) as { map: { id: string } }).map.id;

	// An empty map explains what projects are and what they need first.
	await page.goto(`/maps/${mapId}/projects`);
	await expect(page.getByTestId('projects-empty')).toContainText('Agregue primero áreas y nichos en Configuración.');
	// The open page shows the seeded project live.
	await seedProject(owner, baseURL!, mapId, () => expect(page.getByTestId('project-row')).toHaveCount(1));

	const share = await page.request.post(`/api/maps/${mapId}/shares`, { data: {} });
	expect(share.status(), await share.text()).toBe(201);
	const token = ((await share.json()) as { token: string }).token;
	const partner = await (await browser.newContext()).newPage();
	await partner.addInitScript(() => localStorage.setItem('tejido.locale', 'es'));
	await partner.goto(`/maps/${mapId}/projects?share=${encodeURIComponent(token)}`);
	const row = partner.getByTestId('project-row');
	await expect(row).toContainText('Proyecto compartido');
	await expect(row).toContainText('Agente socio');
	await expect(partner.getByRole('button', { name: 'Agregar proyecto' })).toHaveCount(0);

	await row.getByRole('button', { name: 'Proyecto compartido' }).click();
	const drawer = partner.getByRole('dialog');
	await expect(drawer.getByRole('heading', { name: 'Proyecto compartido' })).toBeFocused();
	await expect(drawer).toContainText('Un laboratorio compartido');
	await expect(drawer).toContainText('Agente socio');
	await expect(drawer.locator('input, select, textarea')).toHaveCount(0);
	await expect(drawer.getByRole('button', { name: 'Eliminar proyecto' })).toHaveCount(0);
	await expect(drawer.getByRole('link', { name: 'Ver en el mapa' })).toHaveAttribute('href', new RegExp(`share=${token}&project=`));
	await owner.close();
	await partner.context().close();
});

test('on a phone the table is a list of readable cards, its targets 44 px, the drawer a bottom sheet', async ({ browser }) => {
	const context = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
	const page = await context.newPage();
	await signedIn(page, 'Iris');
	const rows = await openDemoProjects(page);
	expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
	const open = rows.first().getByRole('button');
	expect((await open.boundingBox())!.height).toBeGreaterThanOrEqual(44);
	expect((await rows.first().getByRole('link', { name: /Ver en el mapa/ }).boundingBox())!.height).toBeGreaterThanOrEqual(44);
	expect((await page.getByRole('button', { name: 'Ordenar por Estado' }).boundingBox())!.height).toBeGreaterThanOrEqual(44);

	await open.tap();
	const sheet = (await page.getByRole('dialog').boundingBox())!;
	expect(sheet.y + sheet.height).toBeCloseTo(844, 0);
	expect(sheet.width).toBeCloseTo(390, 0);
	expect((await page.getByRole('dialog').getByRole('button', { name: 'Cerrar' }).boundingBox())!.height).toBeGreaterThanOrEqual(44);
	await context.close();
});

/**
 * Writes an area, a niche, an agent and a project into a map over the real websocket, as its
 * owner; the connection stays open until `arrived` says the server has passed them on.
 */
async function seedProject(context: BrowserContext, baseURL: string, mapId: string, arrived: () => Promise<void>): Promise<void> {
	await asOwner(
		context,
		baseURL,
		mapId,
		(map) =>
			map.transact(() => {
				const areaId = map.addArea({ name: 'Área E2E', color: '#2a9d8f', order: 0 });
				const nicheId = map.addNiche({ name: 'Nicho E2E', areaId });
				const agent = map.addAgent({ name: 'Agente socio', position: [-74.08, 4.6], sector: 'research' });
				map.addProject({ name: 'Proyecto compartido', nicheId, status: 'running', agentIds: [agent], needs: 'Un laboratorio compartido' });
			}),
		arrived
	);
}
