/**
 * The agent's profile card (issue 22): opening an agent shows who it is, not a form; editors
 * edit in place ("Editar" … "Listo"), Escape in a field keeps what was typed (defect 4) and the
 * panel says where the edits are; a share-link partner never meets a form; recording an
 * interaction needs only one choice of participant (defect 5). Real built app, real server,
 * real websocket, real database, Debian's chromium.
 */
import { expect, test, type Page } from '@playwright/test';
import { signedIn } from './accounts-helper.ts';
import { addAtCentre } from './map-helper.ts';

async function openMap(page: Page, path: string): Promise<void> {
	await page.goto(path);
	await expect(page.getByTestId('connection-status')).toHaveText('En vivo');
	await expect(page.getByText(/\d+ agentes · \d+ vínculos/)).toBeVisible();
}

async function openAgent(page: Page, search: string, name: string): Promise<void> {
	await page.getByRole('searchbox', { name: 'Buscar agentes' }).fill(search);
	await page.getByTestId('agent-list').getByRole('button', { name: new RegExp(name) }).click();
	await expect(page.getByRole('heading', { name, exact: true })).toBeVisible();
}

test('an editor sees the profile first, edits the name in place, and Escape keeps what was typed', async ({ browser }) => {
	const [contextA, contextB] = [await browser.newContext(), await browser.newContext()];
	const [a, b] = [await contextA.newPage(), await contextB.newPage()];
	await signedIn(a, 'Ana');
	await signedIn(b, 'Beto');
	await openMap(a, '/maps/demo');
	await openMap(b, '/maps/demo');

	// The profile card: name, sector, chips, website as a link, links grouped by kind; no form.
	await openAgent(a, 'javeriana', 'Pontificia Universidad Javeriana');
	const panel = a.getByTestId('agent-panel');
	await expect(panel.getByTestId('agent-profile')).toBeVisible();
	await expect(panel.getByText('Academia', { exact: true })).toBeVisible();
	await expect(panel.getByRole('textbox')).toHaveCount(0);
	await expect(panel.getByRole('checkbox')).toHaveCount(0);
	await expect(panel.getByRole('heading', { name: /^Vínculos \(\d+\)$/ })).toBeVisible();

	// Editar opens the form in place, the cursor in the name.
	await panel.getByRole('button', { name: 'Editar', exact: true }).click();
	const name = panel.getByRole('textbox', { name: 'Nombre', exact: true });
	await expect(name).toBeFocused();
	await name.fill('Javeriana editada con Esc');
	// Escape in a field with unsaved text saves it and keeps the panel open (defect 4).
	await name.press('Escape');
	await expect(a.getByRole('heading', { name: 'Javeriana editada con Esc' })).toBeVisible();
	await expect(panel.getByTestId('save-state')).toHaveText('Guardado');

	// The other person sees the new name: it reached the server.
	await b.getByRole('searchbox', { name: 'Buscar agentes' }).fill('javeriana editada');
	await expect(b.getByTestId('agent-list').getByRole('button', { name: /Javeriana editada con Esc/ })).toBeVisible();

	// Listo goes back to the profile; a second Escape (nothing unsaved) closes the panel.
	await panel.getByRole('button', { name: 'Listo' }).click();
	await expect(panel.getByRole('textbox')).toHaveCount(0);
	await expect(panel.getByRole('button', { name: 'Editar', exact: true })).toBeFocused();
	await a.keyboard.press('Escape');
	await expect(a.getByTestId('agent-panel')).toHaveCount(0);

	await contextA.close();
	await contextB.close();
});

test('the save state says "Guardando…" until the server has the edit, then "Guardado"', async ({ page }) => {
	await signedIn(page, 'Ana');
	// The server's answers are held while `hold` is set: the edit cannot be acknowledged.
	let hold = false;
	const held: (string | Buffer)[] = [];
	let toPage: ((message: string | Buffer) => void) | null = null;
	await page.context().routeWebSocket(/\/collab\//, (socket) => {
		const server = socket.connectToServer();
		toPage = (message) => socket.send(message);
		server.onMessage((message) => (hold ? held.push(message) : socket.send(message)));
	});
	await openMap(page, '/maps/demo');
	await openAgent(page, 'rosario', 'Universidad del Rosario');
	const panel = page.getByTestId('agent-panel');
	await panel.getByRole('button', { name: 'Editar', exact: true }).click();
	await expect(panel.getByTestId('save-state')).toHaveText('Guardado');

	hold = true;
	await panel.getByRole('textbox', { name: 'Descripción' }).fill('Descripción escrita sin respuesta del servidor');
	await panel.getByRole('textbox', { name: 'Descripción' }).press('Escape');
	await expect(panel.getByTestId('save-state')).toHaveText('Guardando…');

	hold = false;
	for (const message of held.splice(0)) toPage!(message);
	await expect(panel.getByTestId('save-state')).toHaveText('Guardado');
	await expect(panel.getByRole('textbox', { name: 'Descripción' })).toHaveValue('Descripción escrita sin respuesta del servidor');
});

test('a share-link partner sees the profile card, with the website as a link, and no form at all', async ({ browser, page }) => {
	await signedIn(page, 'Olga');
	const created = await page.request.post('/api/maps', { data: { name: 'Mapa de perfiles E2E' } });
	expect(created.status(), await created.text()).toBe(201);
	const mapId = ((await created.json()) as { map: { id: string } }).map.id;
	await openMap(page, `/maps/${mapId}`);

	// The owner adds an agent: the panel opens in the edit mode, on its name.
	await addAtCentre(page);
	const name = page.getByRole('textbox', { name: 'Nombre', exact: true });
	await expect(name).toBeFocused();
	await name.fill('Agente del perfil');
	await name.press('Enter');
	const website = page.getByRole('textbox', { name: 'Sitio web' });
	await website.fill('example.org/tejido');
	await website.press('Enter');
	await page.getByRole('textbox', { name: 'Descripción' }).fill('Un agente para el enlace compartido.');
	await page.getByRole('button', { name: 'Listo' }).click();
	await expect(page.getByTestId('save-state')).toHaveText('Guardado');

	const share = await page.request.post(`/api/maps/${mapId}/shares`, { data: {} });
	expect(share.status(), await share.text()).toBe(201);
	const token = ((await share.json()) as { token: string }).token;

	const partnerContext = await browser.newContext();
	const partner = await partnerContext.newPage();
	await partner.addInitScript(() => localStorage.setItem('tejido.locale', 'es'));
	await partner.goto(`/maps/${mapId}?share=${encodeURIComponent(token)}`);
	await partner.getByTestId('agent-list').getByRole('button', { name: /Agente del perfil/ }).click();
	const panel = partner.getByTestId('agent-panel');
	await expect(panel.getByRole('heading', { name: 'Agente del perfil' })).toBeVisible();
	await expect(panel.getByText('Un agente para el enlace compartido.')).toBeVisible();
	// The website is a real link, opened apart from the map.
	const link = panel.getByRole('link', { name: 'example.org/tejido' });
	await expect(link).toHaveAttribute('href', 'https://example.org/tejido');
	await expect(link).toHaveAttribute('target', '_blank');
	await expect(link).toHaveAttribute('rel', 'noopener noreferrer');
	// No form, disabled or not, and no way to edit.
	await expect(panel.locator('input, select, textarea, [disabled]')).toHaveCount(0);
	await expect(panel.getByRole('button', { name: 'Editar', exact: true })).toHaveCount(0);
	await expect(panel.getByTestId('save-state')).toHaveCount(0);

	await partnerContext.close();
});

test('recording an interaction needs only the choice of a participant', async ({ page }) => {
	await signedIn(page, 'Ana');
	await openMap(page, '/maps/demo');
	await openAgent(page, 'sena', 'SENA');
	const timeline = page.getByTestId('interactions');
	await timeline.getByRole('button', { name: 'Registrar una interacción' }).click();
	const form = timeline.getByRole('form', { name: 'Registrar una interacción' });
	await form.getByRole('textbox', { name: 'Título' }).fill('Reunión con una sola elección');
	await form.getByRole('combobox', { name: 'Participante por agregar' }).fill('probogota');
	await form.getByRole('listbox', { name: 'Participante por agregar' }).getByRole('option', { name: /^ProBogotá Región/ }).click();
	// Chosen is added: it is listed at once, and saving is accepted (defect 5).
	await expect(form.getByRole('button', { name: 'Quitar participante: ProBogotá Región' })).toBeVisible();
	await form.getByRole('button', { name: 'Guardar interacción' }).click();
	await expect(form).toHaveCount(0);
	const entry = timeline.getByRole('listitem').filter({ hasText: 'Reunión con una sola elección' });
	await expect(entry.getByRole('button', { name: 'ProBogotá Región' })).toBeVisible();
});

test('a link opens a small card of its own, with both agents', async ({ page }) => {
	await signedIn(page, 'Ana');
	await openMap(page, '/maps/demo');
	await openAgent(page, 'camara de comercio', 'Cámara de Comercio de Bogotá');
	const panel = page.getByTestId('agent-panel');
	const first = panel.getByRole('button', { name: /^Ver el vínculo con / }).first();
	const other = (await first.getAttribute('aria-label'))!.replace('Ver el vínculo con ', '');
	await first.click();
	const card = panel.getByTestId('link-card');
	await expect(card.getByRole('heading', { name: /^Vínculo: / })).toBeVisible();
	await expect(card.getByRole('button', { name: 'Cámara de Comercio de Bogotá' })).toBeVisible();
	await expect(card).toContainText('Intensidad');
	// The other agent's name opens its profile.
	await card.getByRole('button', { name: other, exact: true }).click();
	await expect(page.getByRole('heading', { name: other, exact: true })).toBeVisible();
});
