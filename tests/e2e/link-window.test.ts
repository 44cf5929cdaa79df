/**
 * A map with more links than the map's worker is given at once (src/lib/map/link-window.ts:
 * 20,000) draws, close up, only the links around the screen, and none where even those are too
 * many; agents' names likewise, past 2,000 around the screen (name-window.ts). This proves it
 * in the built app in chromium, on a generated map of 8,000 agents
 * (32,000 links): zoomed in over Bogotá, where most links cross the screen, the legend says the
 * links are too many here and the map holds none; a filter to one area leaves few enough, and
 * they are drawn; taking the filter off makes the screen crowded again; zooming back out to the
 * region empties the links source (the worker lets go of its tiles) and the legend says from
 * which zoom links are drawn. Names: none at zoom 12 over the capital (thousands of agents
 * around), and the legend says why; none far out, and no such line then; an agent found by
 * name and opened from the list is named where the map takes it.
 */
import { expect, test, type Page } from '@playwright/test';
import { openMapPage, waitForAllAgents } from '../../bench/browser-bench.ts';
import { linksGiven, namesGiven, zoomByKeys as zoomBy } from '../../bench/browser/map-probe.ts';
import { withGeneratedMap } from './generated-map.ts';

const AGENTS = 8000;
const AREA_BOXES = '[data-facet="areas"] input[type="checkbox"]';

const crowded = (page: Page) => page.getByTestId('links-hint').getAttribute('data-crowded');

test('close up, a crowded map draws only what fits: no link or name over the capital, the links of a filtered area, a found agent named', async () => {
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
		expect(await namesGiven(page)).toBe(0);
		// The legend says why no agent is named here, in the page's language.
		await expect(page.getByTestId('names-hint')).toContainText('2');
		await expect(page.getByTestId('names-hint')).toContainText('nombres');

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
		expect(await namesGiven(page)).toBe(0);
		// Far out no name is drawn at any density: nothing for the legend to explain.
		await expect(page.getByTestId('names-hint')).toHaveCount(0);

		// One agent found by its name, opened from the list: the map takes it close, and names it.
		const row = page.locator('[data-testid="agent-list"] button[data-id]').first();
		const name = (await row.locator('.name').textContent())!.trim();
		await page.getByRole('searchbox').first().fill(name);
		await expect(page.locator('[data-testid="agent-list"] button[data-id]').first().locator('.name')).toHaveText(name);
		await page.locator('[data-testid="agent-list"] button[data-id]').first().click();
		await expect.poll(() => namesGiven(page), { timeout: 30_000 }).toBeGreaterThan(0);
	});
});
