/**
 * A map with more links than the map's worker is given at once (src/lib/map/link-window.ts:
 * 20,000) draws, close up, only the links around the screen, and none where even those are too
 * many. This proves it in the built app in chromium, on a generated map of 8,000 agents
 * (32,000 links): zoomed in over Bogotá, where most links cross the screen, the legend says the
 * links are too many here and the map holds none; a filter to one area leaves few enough, and
 * they are drawn; taking the filter off makes the screen crowded again; zooming back out to the
 * region empties the links source (the worker lets go of its tiles) and the legend says from
 * which zoom links are drawn.
 */
import { expect, test, type Page } from '@playwright/test';
import { openMapPage, waitForAllAgents } from '../../bench/browser-bench.ts';
import { withGeneratedMap } from './generated-map.ts';

const AGENTS = 8000;
const AREA_BOXES = '[data-facet="areas"] input[type="checkbox"]';

/** One keyboard zoom step at a time: a key pressed during the previous step's easing cuts it short. */
async function zoomBy(page: Page, key: '+' | '-', steps: number): Promise<void> {
	await page.locator('.maplibregl-canvas').focus();
	for (let i = 0; i < steps; i++) {
		await page.keyboard.press(key);
		await page.waitForTimeout(1000);
	}
}

const crowded = (page: Page) => page.getByTestId('links-hint').getAttribute('data-crowded');
const linksGiven = (page: Page) => page.getByTestId('map-drawn').getAttribute('data-links').then(Number);

test('close up, a crowded map draws only what fits: none over the capital, the links of a filtered area, none far out', async () => {
	test.setTimeout(240_000);
	await withGeneratedMap(AGENTS, async ({ server, stored, browser }) => {
		const page = await openMapPage(browser, server.url, stored, 120_000);
		await waitForAllAgents(page, 120_000);
		await expect(page.getByTestId('links-hint')).toBeVisible();
		expect(await crowded(page)).toBe('false');
		expect(await linksGiven(page)).toBe(0);

		// From the regional view over Bogotá to zoom 12, where links are drawn.
		await zoomBy(page, '+', 3);
		await expect.poll(() => crowded(page), { timeout: 30_000 }).toBe('true');
		await expect(page.getByTestId('links-hint')).toContainText('20');
		expect(await linksGiven(page)).toBe(0);

		const box = page.locator(AREA_BOXES).first();
		await box.check();
		await expect.poll(() => crowded(page), { timeout: 30_000 }).toBe('false');
		const shown = await linksGiven(page);
		expect(shown).toBeGreaterThan(0);
		expect(shown).toBeLessThanOrEqual(20_000);

		await box.uncheck();
		await expect.poll(() => crowded(page), { timeout: 30_000 }).toBe('true');
		expect(await linksGiven(page)).toBe(0);

		await zoomBy(page, '-', 3);
		await expect.poll(() => crowded(page), { timeout: 30_000 }).toBe('false');
		expect(await linksGiven(page)).toBe(0);
	});
});
