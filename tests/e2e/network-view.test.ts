/**
 * The network view beside the map, with two people on the demo map (real built app, real
 * server and websocket, Debian's chromium): a wide screen opens map and network side by side;
 * choosing an agent in the graph (a click where sigma draws it) selects it in the panel and the
 * list; a filter leaves as many nodes as list rows; a link a colleague makes appears in the
 * other person's graph. The graph is a canvas: counts and positions come from the view's data
 * attributes and from sigma's public API (`graphToViewport`, `getNodeDisplayData`).
 */
import { expect, test, type Browser, type Page } from '@playwright/test';
import { signUp } from './accounts-helper.ts';

interface Probe {
	nodes(): { id: string; label: string; size: number }[];
	viewportOf(id: string): { x: number; y: number } | null;
	highlighted(): string[];
}

const canvas = (page: Page) => page.getByTestId('network-canvas');
const graphAgents = async (page: Page) => Number(await canvas(page).getAttribute('data-agents'));
const graphLinks = async (page: Page) => Number(await canvas(page).getAttribute('data-links'));
const listCount = async (page: Page) => Number(await page.getByTestId('agent-list').getAttribute('data-count'));
/** The network view's probe, read in the page. */
const probe = <T,>(page: Page, read: (probe: Probe, id: string) => T, id = '') =>
	canvas(page).evaluate(
		(element, [source, id]) => new Function('probe', 'id', `return (${source})(probe, id)`)((element as unknown as { networkProbe: Probe }).networkProbe, id),
		[read.toString(), id] as const
	) as Promise<T>;

async function openWide(browser: Browser, name: string): Promise<{ page: Page; close: () => Promise<void>; workerFailures: string[] }> {
	const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
	const page = await context.newPage();
	const workerFailures: string[] = [];
	page.on('console', (message) => message.text().includes('network layout worker failed') && workerFailures.push(message.text()));
	await page.addInitScript((user) => {
		localStorage.setItem('tejido.identity', JSON.stringify({ name: user, color: '#d1495b' }));
		localStorage.setItem('tejido.locale', 'es');
		// The layout worker must load under the pages' CSP (worker-src 'self').
		const violations: string[] = [];
		Object.assign(window, { cspViolations: violations });
		document.addEventListener('securitypolicyviolation', (event) => violations.push(`${event.violatedDirective} ${event.blockedURI}`));
	}, name);
	await signUp(page, name);
	await page.goto('/maps/demo');
	await expect(page.getByTestId('connection-status')).toHaveText('En vivo');
	await expect(page.locator('.map[data-loaded="true"]')).toBeVisible();
	await expect(page.getByText(/\d+ agentes · \d+ vínculos/)).toBeVisible();
	return { page, close: () => context.close(), workerFailures };
}

test('the network beside the map: one selection, one filter, a colleague’s link arrives live', async ({ browser }, testInfo) => {
	// Two browsers drawing WebGL on a software renderer.
	test.slow();
	const ana = await openWide(browser, 'Ana');
	const beto = await openWide(browser, 'Beto');
	const a = ana.page;

	// A wide screen opens both views, side by side; the switch is a labelled group.
	await expect(a.getByTestId('map-area')).toHaveAttribute('data-view', 'both');
	await expect(a.getByRole('group', { name: 'Vista' }).getByRole('radio', { name: 'Ambos' })).toBeChecked();
	await expect(canvas(a)).toHaveAttribute('data-layout', 'settled', { timeout: 20_000 });
	const total = await listCount(a);
	expect(total).toBeGreaterThanOrEqual(165);
	expect(await graphAgents(a)).toBe(total);
	expect(await a.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)).toEqual([]);
	expect(ana.workerFailures).toEqual([]);
	if (process.env.SCREENSHOTS) await a.screenshot({ path: 'docs/screenshots/network-side-by-side.png' });

	// A clicks the largest node that nothing covers (the legend floats over the graph) where
	// sigma draws it: the agent opens in the panel and is the list's current row; the graph
	// highlights it and announces it.
	const box = (await canvas(a).boundingBox())!;
	const nodes = await probe(a, (p) => p.nodes().sort((x, y) => y.size - x.size));
	let hub: (typeof nodes)[number] | undefined;
	let at: { x: number; y: number } | null = null;
	for (const node of nodes) {
		at = await probe(a, (p, id) => p.viewportOf(id), node.id);
		const point = { x: box.x + at!.x, y: box.y + at!.y };
		const uncovered = await a.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.closest('[data-testid="network-canvas"]') !== null, point);
		if (uncovered && at!.x > 20 && at!.y > 20 && at!.x < box.width - 20 && at!.y < box.height - 120) {
			hub = node;
			break;
		}
	}
	expect(hub).toBeDefined();
	await a.mouse.click(box.x + at!.x, box.y + at!.y);
	hub = hub!;
	await expect(a.getByRole('heading', { name: hub.label, exact: true })).toBeVisible();
	await expect(a.getByTestId('agent-list').locator(`button[data-id="${hub.id}"]`)).toHaveAttribute('aria-current', 'true');
	await expect.poll(() => probe(a, (p) => p.highlighted())).toEqual([hub.id]);
	await expect(a.getByTestId('network-announcement')).toContainText(hub.label);

	// B links two agents; A's graph gains that link (and no node).
	const b = beto.page;
	const linksBefore = await graphLinks(a);
	await b.getByRole('searchbox', { name: 'Buscar agentes' }).fill('corferias');
	await b.getByRole('button', { name: /Corferias/ }).click();
	await b.getByRole('button', { name: 'Editar', exact: true }).click();
	const picker = b.getByRole('combobox', { name: 'Vincular con' });
	await picker.fill('universidad');
	await picker.press('ArrowDown');
	await picker.press('Enter');
	await b.getByRole('button', { name: 'Agregar vínculo' }).click();
	await expect(picker).toHaveValue('');
	await expect.poll(() => graphLinks(a)).toBe(linksBefore + 1);
	expect(await graphAgents(a)).toBe(total);

	// A filter applies to both: as many nodes in the graph as rows in the list.
	await a.getByRole('checkbox', { name: /Bio-Polo/ }).check();
	await expect.poll(() => listCount(a)).toBeLessThan(total);
	const filtered = await listCount(a);
	await expect.poll(() => graphAgents(a)).toBe(filtered);
	// A text that matches no one: the graph says so instead of showing an empty canvas.
	await a.getByRole('searchbox', { name: 'Buscar agentes' }).fill('zzzz ningún agente');
	await expect(a.getByTestId('network-empty')).toBeVisible();
	expect(await graphAgents(a)).toBe(0);

	await testInfo.attach('side-by-side', { body: await a.screenshot(), contentType: 'image/png' });
	await ana.close();
	await beto.close();
});

test('on a phone the switch shows one view at a time, with touch-sized choices, is remembered, and yields to adding', async ({ browser }) => {
	const context = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
	const page = await context.newPage();
	await page.addInitScript(() => localStorage.setItem('tejido.locale', 'es'));
	await signUp(page, 'Carla');
	await page.goto('/maps/demo');
	await expect(page.locator('.map[data-loaded="true"]')).toBeAttached();
	const group = page.getByRole('group', { name: 'Vista' });
	await expect(page.getByTestId('map-area')).toHaveAttribute('data-view', 'map');
	await expect(group.getByRole('radio')).toHaveCount(2);
	await expect(group.getByRole('radio', { name: 'Ambos' })).toHaveCount(0);
	for (const label of await group.locator('label').all()) {
		const box = (await label.boundingBox())!;
		expect(box.height).toBeGreaterThanOrEqual(44);
		expect(box.width).toBeGreaterThanOrEqual(44);
	}
	await group.getByText('Red', { exact: true }).tap();
	await expect(page.getByTestId('map-area')).toHaveAttribute('data-view', 'network');
	await expect(page.getByTestId('network-view')).toBeVisible();
	await page.reload();
	await expect(page.getByTestId('map-area')).toHaveAttribute('data-view', 'network');
	// Placing an agent happens on the map: starting to add brings the map back.
	await page.getByRole('button', { name: 'Agregar agente' }).tap();
	await expect(page.getByTestId('map-area')).toHaveAttribute('data-view', 'map');
	await context.close();
});
