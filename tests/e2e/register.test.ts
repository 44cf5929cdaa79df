/**
 * The interaction register in the browser: an agreement recorded on one agent's panel in one
 * context raises the indicator counts on another context's indicators page, live; and the
 * public indicators page, once its owner publishes it, shows aggregates and no contact or
 * note, neither in its rendered HTML nor in the JSON it reads. Real built app, real server,
 * real websocket, real database, Debian's chromium.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { anaAndBeto, signedIn } from './accounts-helper.ts';
import { asOwner } from './owner-client.ts';

async function count(page: Page, testId: string): Promise<number> {
	return Number(await page.getByTestId(testId).textContent());
}

/** The count on the row `label` of a chart. */
function barCount(page: Page, chart: string, label: string) {
	return page.getByTestId(`chart-${chart}`).getByRole('row', { name: new RegExp(`^${label} `) }).getByRole('cell').last();
}

test('an agreement recorded in one context raises the indicators in another', async ({ browser }, testInfo) => {
	const { a, b, close } = await anaAndBeto(browser, signedIn);

	await b.goto('/maps/demo/indicators');
	await expect(b.getByTestId('summary-instruments')).toBeVisible();
	// The demo's own interactions (if any) have arrived once the agents have.
	await expect.poll(() => count(b, 'summary-agents')).toBeGreaterThan(100);
	const instrumentsBefore = await count(b, 'summary-instruments');
	const interactionsBefore = await count(b, 'summary-interactions');
	const agreementsBefore = Number(await barCount(b, 'instrumentsByKind', 'Convenio').textContent());

	await a.goto('/maps/demo');
	await expect(a.getByTestId('connection-status')).toHaveText('En vivo');
	await a.getByRole('searchbox', { name: 'Buscar agentes' }).fill('universidad nacional');
	await a.getByRole('button', { name: /Universidad Nacional de Colombia/ }).click();
	await expect(a.getByRole('heading', { name: 'Universidad Nacional de Colombia' })).toBeVisible();

	const panel = a.getByTestId('interactions');
	await panel.getByRole('button', { name: 'Registrar una interacción' }).click();
	const form = panel.getByRole('form', { name: 'Registrar una interacción' });
	await expect(form.getByRole('combobox', { name: 'Tipo' })).toBeFocused();
	await form.getByRole('combobox', { name: 'Tipo' }).selectOption({ label: 'Convenio' });
	await form.getByLabel('Fecha').fill('2026-10-05');
	await form.getByRole('textbox', { name: 'Título' }).fill('Convenio marco E2E');
	// Saving without another participant is refused with a reason.
	await form.getByRole('button', { name: 'Guardar interacción' }).click();
	await expect(form.getByRole('alert')).toHaveText('Elija al menos otro participante.');
	// The participant is found by typing, and chosen with the mouse.
	await form.getByRole('combobox', { name: 'Participante por agregar' }).fill('andes');
	await form.getByRole('listbox', { name: 'Participante por agregar' }).getByRole('option', { name: /^Universidad de los Andes/ }).click();
	await expect(form.getByRole('button', { name: 'Quitar participante: Universidad de los Andes' })).toBeVisible();
	await form.getByRole('button', { name: 'Guardar interacción' }).click();

	// The panel's timeline shows it, dated, with the other participant.
	await expect(form).toHaveCount(0);
	const entry = panel.getByRole('listitem').filter({ hasText: 'Convenio marco E2E' });
	await expect(entry).toContainText('Convenio');
	await expect(entry.locator('time')).toHaveAttribute('datetime', '2026-10-05');
	await expect(entry.getByRole('button', { name: 'Universidad de los Andes' })).toBeVisible();

	// B's indicators page counts it without a reload.
	await expect.poll(() => count(b, 'summary-instruments')).toBe(instrumentsBefore + 1);
	expect(await count(b, 'summary-interactions')).toBe(interactionsBefore + 1);
	await expect(barCount(b, 'instrumentsByKind', 'Convenio')).toHaveText(String(agreementsBefore + 1));
	await expect(b.getByTestId('chart-instrumentsBySemester').getByRole('row', { name: /^2026-S2 / })).toBeVisible();

	await a.screenshot({ path: testInfo.outputPath('interaction-timeline.png') });
	await b.screenshot({ path: testInfo.outputPath('indicators-page.png'), fullPage: true });

	// The other participant's panel shows it too.
	await entry.getByRole('button', { name: 'Universidad de los Andes' }).click();
	await expect(a.getByRole('heading', { name: 'Universidad de los Andes' })).toBeVisible();
	await expect(a.getByTestId('interactions').getByText('Convenio marco E2E')).toBeVisible();

	await close();
});

/** Secrets the owner's map holds; none may reach the public page. */
const SECRETS = ['secret-contact@example.org', 'Calle Secreta 123', 'Laboratorio Privado', 'Título secreto', 'un resultado confidencial', 'una nota privada'];

/** Writes agents and an interaction into a map over the real websocket, as the signed-in owner. */
async function seedMap(context: BrowserContext, baseURL: string, mapId: string): Promise<void> {
	await asOwner(
		context,
		baseURL,
		mapId,
		(map) => {
			const lab = map.addAgent({
				name: 'Laboratorio Privado',
				position: [-74.08, 4.6],
				sector: 'research',
				contact: 'secret-contact@example.org',
				address: 'Calle Secreta 123'
			});
			const other = map.addAgent({ name: 'Universidad Oculta', position: [-74.06, 4.62], sector: 'academia' });
			map.addLink({ from: lab, to: other, note: 'una nota privada' });
			map.register.addInteraction({
				kind: 'memorandum',
				date: '2026-03-02',
				title: 'Título secreto',
				participantIds: [lab, other],
				outcome: 'un resultado confidencial'
			});
		},
		// Updates are stored in order: once the interaction is in the activity feed, all is stored.
		(server, cookie) =>
			expect
				.poll(async () => {
					const check = await fetch(`${server}/api/maps/${mapId}/activity`, { headers: { cookie } });
					const body = (await check.json()) as { items: { entities: { collection: string }[] }[] };
					return body.items.some((item) => item.entities.some((entity) => entity.collection === 'interactions'));
				})
				.toBe(true)
	);
}

test('the owner publishes the indicators; the public page shows aggregates and no contact', async ({ browser, baseURL }) => {
	const owner = await browser.newContext();
	const page = await owner.newPage();
	await signedIn(page, 'Olga');
	const created = await page.request.post('/api/maps', { data: { name: 'Mapa público E2E' } });
	expect(created.status(), await created.text()).toBe(201);
	const mapId = ((await created.json()) as { map: { id: string } }).map.id;
	await seedMap(owner, baseURL!, mapId);

	await page.goto(`/maps/${mapId}/indicators`);
	await expect.poll(() => count(page, 'summary-instruments')).toBe(1);
	await expect(page.getByText('Los indicadores no están publicados.')).toBeVisible();
	await page.getByRole('button', { name: 'Publicar los indicadores' }).click();
	await expect(page.getByTestId('public-link')).toHaveAttribute('href', `/public/${mapId}`);

	const stranger = await browser.newContext();
	const visitor = await stranger.newPage();
	await visitor.addInitScript(() => localStorage.setItem('tejido.locale', 'es'));
	const json = visitor.waitForResponse((response) => response.url().endsWith(`/api/public/${mapId}/indicators`));
	await visitor.goto(`/public/${mapId}`);
	const answer = await (await json).text();
	await expect(visitor.getByRole('heading', { name: 'Indicadores públicos: Mapa público E2E' })).toBeVisible();
	await expect(visitor.getByTestId('summary-instruments')).toHaveText('1');
	await expect(visitor.getByTestId('summary-agents')).toHaveText('2');
	await expect(barCount(visitor, 'instrumentsByKind', 'Memorando de entendimiento')).toHaveText('1');
	const html = await visitor.content();
	for (const secret of SECRETS) {
		expect(html, secret).not.toContain(secret);
		expect(answer, secret).not.toContain(secret);
	}
	for (const key of ['contact', 'address', 'note', 'outcome', 'title']) expect(answer, key).not.toContain(`"${key}"`);

	// A partner with a read-only share link sees the register but no control to change it,
	// and not who edited.
	const share = await page.request.post(`/api/maps/${mapId}/shares`, { data: {} });
	expect(share.status(), await share.text()).toBe(201);
	const token = ((await share.json()) as { token: string }).token;
	await visitor.goto(`/maps/${mapId}?share=${encodeURIComponent(token)}`);
	await visitor.getByRole('button', { name: /Laboratorio Privado/ }).click();
	const partnerPanel = visitor.getByTestId('interactions');
	await expect(partnerPanel.getByText('Título secreto')).toBeVisible();
	await expect(partnerPanel.getByRole('button', { name: 'Registrar una interacción' })).toHaveCount(0);
	await expect(partnerPanel.getByRole('button', { name: /Eliminar interacción/ })).toHaveCount(0);
	await expect(partnerPanel.getByRole('button', { name: /Editar interacción/ })).toHaveCount(0);
	await expect(partnerPanel.getByRole('button', { name: 'Ver en el mapa: Título secreto' })).toBeVisible();
	await expect(visitor.getByText('Versiones anteriores')).toHaveCount(0);
	await expect(visitor.getByRole('link', { name: 'Actividad' })).toHaveCount(0);
	await visitor.getByRole('link', { name: 'Indicadores' }).click();
	await expect(visitor.getByTestId('summary-instruments')).toHaveText('1');
	await expect(visitor.getByText('Agregar una meta')).toHaveCount(0);
	await expect(visitor.getByRole('button', { name: /publicar/i })).toHaveCount(0);

	// Unpublished, the public page says so and shows no figures.
	await page.getByRole('button', { name: 'Dejar de publicar' }).click();
	await expect(page.getByText('Los indicadores no están publicados.')).toBeVisible();
	await visitor.goto(`/public/${mapId}`);
	await expect(visitor.getByRole('alert')).toHaveText('Estos indicadores no están publicados.');
	await expect(visitor.getByTestId('summary-instruments')).toHaveCount(0);

	await owner.close();
	await stranger.close();
});

/**
 * Targets are the owners' to set: the owner's form saves them through the server (and names
 * the field to correct when one is wrong), an editor with the page open sees them once the
 * window regains focus, read-only, and the owner's deletion reaches the public page.
 */
test('an owner sets a target through the server; an editor sees it, read-only', async ({ browser, baseURL }, testInfo) => {
	const owner = await browser.newContext();
	const page = await owner.newPage();
	await signedIn(page, 'Olga');
	const created = await page.request.post('/api/maps', { data: { name: 'Mapa con metas E2E' } });
	expect(created.status(), await created.text()).toBe(201);
	const mapId = ((await created.json()) as { map: { id: string } }).map.id;
	await seedMap(owner, baseURL!, mapId);
	const invitation = await page.request.post(`/api/maps/${mapId}/invitations`, { data: { role: 'editor' } });
	const token = ((await invitation.json()) as { token: string }).token;

	const colleague = await browser.newContext();
	const editor = await colleague.newPage();
	await signedIn(editor, 'Eva');
	expect((await editor.request.post(`/api/invitations/${token}/accept`)).status()).toBe(200);
	await editor.goto(`/maps/${mapId}/indicators`);
	await expect(editor.getByText('Todavía no hay metas.')).toBeVisible();
	await expect(editor.getByText('Solo los propietarios del mapa fijan las metas.')).toBeVisible();
	await expect(editor.getByText('Agregar una meta')).toHaveCount(0);

	await page.goto(`/maps/${mapId}/indicators`);
	await expect.poll(() => count(page, 'summary-instruments')).toBe(1);
	await page.getByText('Agregar una meta').click();
	// A mistake is named, and the focus goes to the field to correct.
	await page.getByRole('button', { name: 'Agregar meta' }).click();
	await expect(page.getByRole('alert')).toHaveText('Dé un nombre a la meta (hasta 200 caracteres).');
	await expect(page.getByRole('textbox', { name: 'Nombre' })).toBeFocused();
	const axe = await new AxeBuilder({ page }).include('.targets').withTags(['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa']).analyze();
	expect(axe.violations.map((violation) => violation.id)).toEqual([]);
	await page.screenshot({ path: testInfo.outputPath('targets-form-problem.png'), fullPage: true });
	await page.getByRole('textbox', { name: 'Nombre' }).fill('Meta E2E');
	await page.getByRole('spinbutton', { name: 'Meta (número)' }).fill('4');
	await page.getByLabel('Hasta').fill('2027-12-31');
	await page.getByRole('button', { name: 'Agregar meta' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Meta «Meta E2E» agregada.' })).toBeVisible();
	const progress = page.getByTestId('target').filter({ hasText: 'Meta E2E' });
	await expect(progress).toContainText('1 de 4 (25 %)');
	// On a phone, the form's controls are touch targets of 44 px at least.
	await page.setViewportSize({ width: 390, height: 844 });
	for (const control of [page.getByRole('button', { name: 'Agregar meta' }), page.getByRole('button', { name: 'Eliminar meta: Meta E2E' })]) {
		expect((await control.boundingBox())!.height).toBeGreaterThanOrEqual(44);
	}
	await page.screenshot({ path: testInfo.outputPath('targets-phone.png'), fullPage: true });
	await page.setViewportSize({ width: 1280, height: 800 });

	// The editor's open page reads the targets again when its window regains focus.
	await editor.evaluate(() => window.dispatchEvent(new Event('focus')));
	await expect(editor.getByTestId('target').filter({ hasText: 'Meta E2E' })).toContainText('1 de 4 (25 %)');
	await expect(editor.getByRole('button', { name: /Eliminar meta/ })).toHaveCount(0);
	await expect(editor.getByText('Agregar una meta')).toHaveCount(0);

	// Published, the public page shows the target; deleted by the owner, it is gone there too.
	await page.getByRole('button', { name: 'Publicar los indicadores' }).click();
	await expect(page.getByTestId('public-link')).toBeVisible();
	const visitor = await (await browser.newContext()).newPage();
	await visitor.addInitScript(() => localStorage.setItem('tejido.locale', 'es'));
	await visitor.goto(`/public/${mapId}`);
	await expect(visitor.getByTestId('target').filter({ hasText: 'Meta E2E' })).toContainText('1 de 4 (25 %)');
	await page.getByRole('button', { name: 'Eliminar meta: Meta E2E' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Meta «Meta E2E» eliminada.' })).toBeVisible();
	await expect(page.getByText('Todavía no hay metas.')).toBeVisible();
	await visitor.reload();
	await expect(visitor.getByTestId('summary-instruments')).toHaveText('1');
	await expect(visitor.getByText('Todavía no hay metas.')).toBeVisible();

	await owner.close();
	await colleague.close();
	await visitor.context().close();
});

test('the activity feed names who changed an agent; an earlier version is restored as an undoable edit', async ({ browser }) => {
	const context = await browser.newContext();
	const a = await context.newPage();
	await signedIn(a, 'Ana');
	await a.goto('/maps/demo');
	await expect(a.getByTestId('connection-status')).toHaveText('En vivo');
	await a.getByRole('searchbox', { name: 'Buscar agentes' }).fill('maloka');
	await a.getByRole('button', { name: /Maloka/ }).click();
	await a.getByRole('button', { name: 'Editar', exact: true }).click();
	const name = a.getByRole('textbox', { name: 'Nombre', exact: true });
	await name.fill('Maloka renombrada');
	await name.press('Enter');
	await expect(a.getByRole('heading', { name: 'Maloka renombrada' })).toBeVisible();

	await a.getByRole('link', { name: 'Actividad' }).click();
	const feed = a.getByTestId('activity-feed');
	await expect(feed.getByText('Ana cambió el nombre de «Maloka renombrada»')).toBeVisible();

	await a.goBack();
	await a.getByRole('searchbox', { name: 'Buscar agentes' }).fill('maloka');
	await a.getByRole('button', { name: /Maloka renombrada/ }).click();
	await a.getByText('Versiones anteriores').click();
	const seeded = a.locator('.versions li').filter({ has: a.locator('.name', { hasText: /^Maloka$/ }) });
	await expect(seeded).toContainText('la demostración');
	await seeded.getByRole('button', { name: 'Restaurar esta versión' }).click();
	await expect(a.getByRole('heading', { name: 'Maloka', exact: true })).toBeVisible();
	await a.getByRole('button', { name: 'Editar', exact: true }).click();
	await expect(a.getByRole('textbox', { name: 'Nombre', exact: true })).toHaveValue('Maloka');

	// The restore is one edit of its own: undo brings the renamed agent back.
	await a.locator('header.toolbar').getByRole('button', { name: 'Deshacer' }).click();
	await expect(a.getByRole('heading', { name: 'Maloka renombrada' })).toBeVisible();
	await context.close();
});

test('a strategic project added and changed in one context counts in another, and filters the map', async ({ browser }) => {
	const { a, b, close } = await anaAndBeto(browser, signedIn);
	await b.goto('/maps/demo/indicators');
	await expect.poll(() => count(b, 'summary-projects')).toBeGreaterThan(10);
	const projectsBefore = await count(b, 'summary-projects');
	const fundedBefore = Number(await barCount(b, 'projectsByStatus', 'Financiado').textContent());

	await a.goto('/maps/demo/projects');
	// Added with the overview narrowed to a niche, the project belongs to that niche.
	await a.getByRole('combobox', { name: 'Nicho' }).selectOption({ label: 'Cosméticos e ingredientes naturales' });
	await a.getByRole('button', { name: 'Agregar proyecto' }).click();
	const card = a.getByRole('dialog');
	await card.getByRole('textbox', { name: 'Nombre del proyecto' }).fill('Proyecto E2E');
	await card.getByRole('textbox', { name: 'Nombre del proyecto' }).press('Tab');
	await expect(card.getByRole('heading', { name: 'Proyecto E2E' })).toBeVisible();
	await expect(card.getByRole('combobox', { name: 'Nicho' })).toHaveValue('niche-cosmeticos');
	await expect(card.getByRole('combobox', { name: 'Estado' })).toHaveValue('idea');
	await card.getByRole('combobox', { name: 'Estado' }).selectOption({ label: 'Financiado' });
	// Typed and chosen with Enter (the first suggestion is the active one): chosen is added.
	await card.getByRole('combobox', { name: 'Agente por agregar' }).fill('nacional colombia');
	const suggested = card.getByRole('listbox', { name: 'Agente por agregar' }).getByRole('option', { selected: true });
	await expect(suggested).toHaveText(/^Universidad Nacional de Colombia/);
	await card.getByRole('combobox', { name: 'Agente por agregar' }).press('Enter');
	await expect(card.getByText('Agentes ejecutores (1)')).toBeVisible();

	await expect.poll(() => count(b, 'summary-projects')).toBe(projectsBefore + 1);
	await expect(barCount(b, 'projectsByStatus', 'Financiado')).toHaveText(String(fundedBefore + 1));

	await card.getByRole('link', { name: 'Ver en el mapa' }).click();
	await expect(a.getByText(/^Mostrando 1 de \d+$/)).toBeVisible();
	await expect(a.getByRole('button', { name: /Universidad Nacional de Colombia/ })).toBeVisible();
	await close();
});

async function openAgent(page: Page, search: string, name: string): Promise<void> {
	await page.getByRole('searchbox', { name: 'Buscar agentes' }).fill(search);
	await page.getByRole('button', { name: new RegExp(name) }).click();
	await expect(page.getByRole('heading', { name })).toBeVisible();
}

test('an interaction edited in one context changes in another, live; shown on the map, it draws lines between its participants', async ({ browser }, testInfo) => {
	const { a, b, close } = await anaAndBeto(browser, signedIn);
	for (const page of [a, b]) {
		await page.goto('/maps/demo');
		await expect(page.getByTestId('connection-status')).toHaveText('En vivo');
		await openAgent(page, 'corferias', 'Corferias');
	}

	const panelA = a.getByTestId('interactions');
	await panelA.getByRole('button', { name: 'Registrar una interacción' }).click();
	const record = panelA.getByRole('form', { name: 'Registrar una interacción' });
	await record.getByLabel('Fecha').fill('2026-09-14');
	await record.getByRole('textbox', { name: 'Título' }).fill('Reunión E2E por editar');
	await record.getByRole('combobox', { name: 'Participante por agregar' }).fill('invest in');
	await record.getByRole('listbox', { name: 'Participante por agregar' }).getByRole('option', { name: /^Invest in Bogotá/ }).click();
	await record.getByRole('button', { name: 'Guardar interacción' }).click();
	const timelineB = b.getByTestId('interactions');
	await expect(timelineB.getByRole('listitem').filter({ hasText: 'Reunión E2E por editar' }).locator('.kind')).toHaveText('Reunión');

	// A edits it in the same form, opened with the interaction's values.
	await panelA.getByRole('button', { name: 'Editar interacción: Reunión E2E por editar' }).click();
	const edit = panelA.getByRole('form', { name: 'Editar la interacción «Reunión E2E por editar»' });
	await expect(edit.getByRole('combobox', { name: 'Tipo' })).toBeFocused();
	await expect(edit.getByRole('combobox', { name: 'Tipo' })).toHaveValue('meeting');
	await expect(edit.getByLabel('Fecha')).toHaveValue('2026-09-14');
	await expect(edit.getByRole('textbox', { name: 'Título' })).toHaveValue('Reunión E2E por editar');
	await expect(edit.getByRole('button', { name: 'Quitar participante: Invest in Bogotá' })).toBeVisible();
	await edit.getByRole('combobox', { name: 'Tipo' }).selectOption({ label: 'Visita' });
	await edit.getByRole('textbox', { name: 'Título' }).fill('Visita E2E editada');
	await edit.getByRole('button', { name: 'Guardar interacción' }).click();
	await expect(edit).toHaveCount(0);
	await expect(panelA.getByRole('button', { name: 'Editar interacción: Visita E2E editada' })).toBeFocused();

	// B's open panel shows the new title and kind without a reload; the old title is gone.
	const entryB = timelineB.getByRole('listitem').filter({ hasText: 'Visita E2E editada' });
	await expect(entryB.locator('.kind')).toHaveText('Visita');
	await expect(entryB.locator('time')).toHaveAttribute('datetime', '2026-09-14');
	await expect(timelineB.getByText('Reunión E2E por editar')).toHaveCount(0);

	// The edit is one undoable step: title and kind come back together, and redo reapplies both.
	const toolbarA = a.locator('header.toolbar');
	await toolbarA.getByRole('button', { name: 'Deshacer' }).click();
	await expect(timelineB.getByRole('listitem').filter({ hasText: 'Reunión E2E por editar' }).locator('.kind')).toHaveText('Reunión');
	await expect(timelineB.getByText('Visita E2E editada')).toHaveCount(0);
	await toolbarA.getByRole('button', { name: 'Rehacer' }).click();
	await expect(entryB.locator('.kind')).toHaveText('Visita');

	// B shows it on the map from the keyboard: one line between the two participants is drawn.
	const highlight = b.getByTestId('interaction-highlight');
	await expect(highlight).toHaveAttribute('data-lines', '0');
	const show = entryB.getByRole('button', { name: 'Ver en el mapa: Visita E2E editada' });
	await expect(show).toHaveAttribute('aria-pressed', 'false');
	await show.focus();
	await b.keyboard.press('Enter');
	await expect(show).toHaveAttribute('aria-pressed', 'true');
	await expect(highlight).toHaveAttribute('data-lines', '1');
	await expect(highlight).toHaveText('«Visita E2E editada» resaltada en el mapa: líneas entre sus 2 participantes.');
	await expect.poll(async () => Number(await highlight.getAttribute('data-rendered'))).toBe(1);
	await b.screenshot({ path: testInfo.outputPath('interaction-on-map.png') });

	// Toggled off, the lines leave the map.
	await b.keyboard.press('Space');
	await expect(show).toHaveAttribute('aria-pressed', 'false');
	await expect(highlight).toHaveAttribute('data-lines', '0');
	await expect.poll(async () => Number(await highlight.getAttribute('data-rendered'))).toBe(0);

	// Closing the panel (Escape) takes the highlight with it.
	await show.click();
	await expect.poll(async () => Number(await highlight.getAttribute('data-rendered'))).toBe(1);
	await b.keyboard.press('Escape');
	await expect(b.getByTestId('interactions')).toHaveCount(0);
	await expect(highlight).toHaveAttribute('data-lines', '0');
	await expect.poll(async () => Number(await highlight.getAttribute('data-rendered'))).toBe(0);

	await close();
});
