/**
 * A change of filter that moves thousands of agents at once reaches the map after the list
 * (src/lib/map/deferred-changes.ts holds changes of 5,000 agents or more until the next frame
 * is painted). This proves, in the built app in chromium, that the held change is applied: on
 * a generated map of 8,000 agents, checking one area leaves far more than 5,000 agents out of
 * the view, and the map then draws exactly the agents the list shows; unchecking it brings all
 * 8,000 back. Small changes (the other e2e tests, on the demo map) take the direct path.
 */
import { expect, test } from '@playwright/test';
import { openMapPage, waitForAllAgents } from '../../bench/browser-bench.ts';
import { drawnAgents } from '../../bench/browser/map-probe.ts';
import { withGeneratedMap } from './generated-map.ts';

const AGENTS = 8000;
const AREA_BOXES = '[data-facet="areas"] input[type="checkbox"]';

const countOf = (page: import('@playwright/test').Page, testId: string) =>
	page.getByTestId(testId).getAttribute('data-count').then(Number);

test('a change of filter that moves thousands of agents reaches the map, and undoing it brings them back', async () => {
	test.setTimeout(240_000);
	await withGeneratedMap(AGENTS, async ({ server, stored, browser }) => {
		const page = await openMapPage(browser, server.url, stored, 120_000);
		await waitForAllAgents(page, 120_000);
		// One zoom level out, so that every generated agent is on screen and counted as drawn.
		await page.locator('.maplibregl-canvas').focus();
		await page.keyboard.press('-');
		await expect.poll(() => drawnAgents(page), { timeout: 30_000 }).toBe(AGENTS);

		const box = page.locator(AREA_BOXES).first();
		await box.check();
		await expect.poll(() => countOf(page, 'list-shown'), { timeout: 30_000 }).toBeLessThan(AGENTS - 5000);
		const listed = await countOf(page, 'list-shown');
		expect(listed).toBeGreaterThan(0);
		// The held change (more than 5,000 agents left the view) has reached the map.
		await expect.poll(() => drawnAgents(page), { timeout: 30_000 }).toBe(listed);

		await box.uncheck();
		await expect.poll(() => countOf(page, 'list-shown'), { timeout: 30_000 }).toBe(AGENTS);
		await expect.poll(() => drawnAgents(page), { timeout: 30_000 }).toBe(AGENTS);
	});
});
