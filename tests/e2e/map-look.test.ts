/**
 * A map one can read at every zoom, in the built app with the seeded demo map (about 165
 * agents, Colombia-wide, so its agents are clustered when it opens):
 *
 * - MapLibre's own controls speak the page's language: the zoom buttons say "Acercar" / "Alejar"
 *   in Spanish (title and accessible name), and "Zoom in" once the page is switched to English
 *   (MapLibre takes its words once, when the map is made);
 * - the legend lists the links' kinds, each with its line;
 * - where agents are clustered no link is drawn (the links' source holds none: a link there
 *   would end beside a cluster, in empty space); opening an agent, which takes the map where
 *   agents are drawn one by one, draws its links;
 * - on a 390×844 phone the legend starts folded, behind a button at least 44 px high, and
 *   opens on a tap.
 */
import { expect, test, type Page } from '@playwright/test';
import { drawnAgents as drawn, linksGiven, probeMaps } from '../../bench/browser/map-probe.ts';
import { signUp } from './accounts-helper.ts';

async function open(page: Page): Promise<void> {
	await page.addInitScript(() => localStorage.setItem('tejido.locale', 'es'));
	await probeMaps(page);
	await signUp(page, 'Lectora');
	await page.goto('/maps/demo');
	await expect(page.getByTestId('connection-status')).toHaveText('En vivo');
	await expect(page.locator('.map[data-loaded="true"]')).toBeVisible();
}

test('MapLibre’s zoom buttons are labelled in the page’s language', async ({ page }) => {
	await open(page);
	const zoomIn = page.locator('.maplibregl-ctrl-zoom-in');
	await expect(zoomIn).toHaveAttribute('title', 'Acercar');
	await expect(page.getByRole('button', { name: 'Acercar', exact: true })).toBeVisible();
	await expect(page.getByRole('button', { name: 'Alejar', exact: true })).toBeVisible();

	// Switched to English afterwards, the buttons MapLibre made in Spanish say it in English.
	await page.getByTestId('account-menu').click();
	await page.getByRole('combobox', { name: 'Idioma' }).selectOption('en');
	await expect(zoomIn).toHaveAttribute('title', 'Zoom in');
	await expect(page.getByRole('button', { name: 'Zoom out', exact: true })).toBeVisible();
});

test('the legend lists the kinds of links, each with its line', async ({ page }) => {
	await open(page);
	const kinds = page.getByTestId('legend-link-kinds').locator('li');
	await expect(kinds).toHaveCount(7);
	await expect(kinds.filter({ hasText: 'Financiación' })).toHaveCount(1);
	await expect(kinds.filter({ hasText: 'Alianza' })).toHaveCount(1);
	await expect(kinds.first().locator('svg line')).toHaveAttribute('stroke', /^#/);
});

test('no link is drawn while agents are clustered; opening an agent draws its links where agents stand one by one', async ({ page }) => {
	await open(page);
	// The demo opens fitted to Colombia: its 165 agents are drawn, many in clusters.
	await expect.poll(() => drawn(page), { timeout: 30_000 }).toBeGreaterThan(100);
	await expect(page.locator('.map[data-idle="true"]')).toBeVisible({ timeout: 30_000 });
	expect(await linksGiven(page)).toBe(0);
	// The legend says from which zoom links are drawn.
	await expect(page.getByTestId('links-hint')).toContainText('11');

	// An agent opened from the list: the map flies in to zoom 12, past the clusters.
	await page.locator('[data-testid="agent-list"] button[data-id]').first().click();
	await expect.poll(() => linksGiven(page), { timeout: 30_000 }).toBeGreaterThan(0);
});

test.describe('phone', () => {
	test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

	test('the legend starts folded behind a button one can hit with a thumb', async ({ page }) => {
		await open(page);
		const legend = page.getByTestId('legend');
		await expect(legend).not.toHaveAttribute('open');
		const toggle = legend.locator('summary');
		const box = (await toggle.boundingBox())!;
		expect(box.height).toBeGreaterThanOrEqual(44);
		expect(box.width).toBeGreaterThanOrEqual(44);
		await expect(page.getByTestId('legend-link-kinds')).toBeHidden();
		await toggle.tap();
		await expect(legend).toHaveAttribute('open');
		await expect(page.getByTestId('legend-link-kinds')).toBeVisible();
	});
});
