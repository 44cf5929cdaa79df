/**
 * Two measurements on the app's own controls, in a page opened by browser-bench.ts: a change
 * of the filter (an area checkbox of the filter panel) until the list and the map show the
 * filtered view, and the toolbar's whole-map GeoJSON export until its file is ready.
 */
import type { Page } from '@playwright/test';
import { distribution, type Distribution } from '../stats.ts';
import { drawnAgents } from './map-probe.ts';
import type { DrawnFrame } from './page-probes.ts';

export interface FilterChange {
	/** Which area checkbox, and whether this change checked or unchecked it. */
	area: string;
	checked: boolean;
	/** Click → the next frame painted after the panel and the list changed. */
	listPaintedMs: number;
	/**
	 * Click → the map frame from which it draws what it draws once settled (the last frame
	 * that changed the number of circles or of elements drawn, see lastChange); the list's time
	 * if the map did not change.
	 */
	mapDrawnMs: number;
	/** The later of the two: the whole page shows the filtered view. */
	appliedMs: number;
	/** The agents the list and the map (its own count, updated when the map is idle) show afterwards. */
	shown: string;
}

export interface FilterFigures {
	what: string;
	changes: FilterChange[];
	appliedMs: Distribution;
	listPaintedMs: Distribution;
}

const AREA_BOXES = '[data-facet="areas"] input[type="checkbox"]';

/**
 * Checks an area, then unchecks it, then the next area, …: `changes` is rounded up to an even
 * number so the map ends unfiltered, as the export after it expects.
 */
export async function measureFilter(page: Page, changes: number, timeoutMs: number, waitForQuiet: (page: Page) => Promise<void>): Promise<FilterFigures> {
	await page.locator(AREA_BOXES).first().waitFor({ timeout: timeoutMs });
	const areas = await page.locator(AREA_BOXES).count();
	const results: FilterChange[] = [];
	for (let n = 0; n < changes + (changes % 2); n++) {
		const index = Math.floor(n / 2) % areas;
		await waitForQuiet(page);
		const clicked = await page.evaluate(
			async ({ selector, index }) => {
				const box = document.querySelectorAll<HTMLInputElement>(selector)[index];
				// rAF then a task: the frame showing the changed panel and list has been painted.
				// Asked for before the click, so that this task comes ahead of what the click itself
				// puts off until after that paint (the map's share of a large change, AgentLayers'
				// DeferredChanges, queued the same way): the list's time must not include it.
				const painted = new Promise<void>((done) => requestAnimationFrame(() => setTimeout(done, 0)));
				const t0 = performance.now();
				box.click();
				await painted;
				const label = box.closest('label')?.textContent?.trim() ?? String(index);
				return { t0, paintedAt: performance.now(), checked: box.checked, label };
			},
			{ selector: AREA_BOXES, index }
		);
		// Settled once MapLibre has loaded the change (its worker may take a second before the
		// map draws anything: no frames alone is not enough), then drawing nothing for a while.
		await page.locator('.map[aria-busy="false"]').first().waitFor({ timeout: timeoutMs });
		await waitForQuiet(page);
		const { frames, listed } = await page.evaluate((t0) => {
			const all = window.__tejidoBench.state().frames;
			const before = all.filter((frame) => frame.end < t0).at(-1) ?? null;
			const listed = document.querySelector('[data-testid="list-shown"]')?.getAttribute('data-count');
			return { frames: [before, ...all.filter((frame) => frame.start >= t0)], listed };
		}, clicked.t0);
		const shown = `list ${listed}, map ${await drawnAgents(page)}`;
		const listPaintedMs = clicked.paintedAt - clicked.t0;
		const mapDrawnMs = lastChange(frames, clicked.t0) ?? listPaintedMs;
		results.push({
			area: clicked.label.slice(0, 40),
			checked: clicked.checked,
			listPaintedMs,
			mapDrawnMs,
			appliedMs: Math.max(listPaintedMs, mapDrawnMs),
			shown
		});
	}
	return {
		what: 'filter panel, an area checkbox: click → list painted and the map drawing the filtered agents',
		changes: results,
		appliedMs: distribution(results.map((c) => c.appliedMs)),
		listPaintedMs: distribution(results.map((c) => c.listPaintedMs))
	};
}

/**
 * ms from `t0` to the end of the last frame that drew a different number of circles or of
 * elements in all than the one before. Circles alone miss a change at regional zoom, where the
 * filtered view may be as many clusters as the whole map; their counts' labels then change.
 */
function lastChange(frames: (DrawnFrame | null)[], t0: number): number | null {
	let previous = frames[0];
	let at: number | null = null;
	for (const frame of frames.slice(1)) {
		if (!frame) continue;
		if (!previous || frame.circle !== previous.circle || frame.total !== previous.total) at = frame.end - t0;
		previous = frame;
	}
	return at;
}

export interface ExportFigures {
	what: string;
	exportMs: number;
	bytes: number;
}

/**
 * The toolbar's Export menu, GeoJSON with links: the click runs the whole export synchronously
 * (read the replica, build the FeatureCollection, serialise, Blob, object URL), so the time of
 * the click handler is what a user waits for before the download starts.
 */
export async function measureExport(page: Page, timeoutMs: number): Promise<ExportFigures> {
	const menu = page.locator('.export .menu-root > button').first();
	await menu.waitFor({ timeout: timeoutMs });
	await menu.click();
	const format = page.locator('.export .format').first();
	await format.waitFor({ timeout: timeoutMs });
	const download = page.waitForEvent('download', { timeout: timeoutMs });
	const measured = await page.evaluate(async (timeoutMs) => {
		const button = document.querySelector<HTMLButtonElement>('.export .format')!;
		const original = URL.createObjectURL;
		// The file is ready when the menu hands its Blob to the download (the menu first paints
		// "Preparing…", then builds the file): the clock stops there, not when click() returns.
		const ready = new Promise<{ at: number; bytes: number }>((resolve, reject) => {
			const timer = setTimeout(() => reject(new Error('the export made no file in time')), timeoutMs);
			URL.createObjectURL = (blob: Blob | MediaSource) => {
				clearTimeout(timer);
				resolve({ at: performance.now(), bytes: blob instanceof Blob ? blob.size : Number.NaN });
				return original.call(URL, blob);
			};
		});
		try {
			const t0 = performance.now();
			button.click();
			const { at, bytes } = await ready;
			return { exportMs: at - t0, bytes };
		} finally {
			URL.createObjectURL = original;
		}
	}, timeoutMs);
	await (await download).cancel().catch(() => {});
	if (!Number.isFinite(measured.bytes)) throw new Error('the export made no file (no Blob was handed to the download)');
	return { what: 'toolbar Export → GeoJSON (with links), whole map: click → file ready for download', ...measured };
}

export interface AgentEditFigures {
	what: string;
	/** Click on a row of the agent list → the next frame painted (its panel open). */
	selectMs: Distribution;
	/** Click on an area checkbox of the open agent's panel (an edit) → the next frame painted. */
	editMs: Distribution;
}

const LIST_ROWS = '[data-testid="agent-list"] button[data-id]';
const PANEL_AREA = 'aside input[type="checkbox"]';

/**
 * Opens `count` agents from the list and edits each twice (an area on, then off, so the map
 * ends as it was): what every editor does all day, and what a map of tens of thousands of
 * agents made slow (a <select> of every agent in the panel; the whole list sorted again per edit).
 */
export async function measureAgentEdits(page: Page, count: number, timeoutMs: number, waitForQuiet: (page: Page) => Promise<void>): Promise<AgentEditFigures> {
	await page.locator(LIST_ROWS).first().waitFor({ timeout: timeoutMs });
	const selects: number[] = [];
	const edits: number[] = [];
	for (let n = 0; n < count; n++) {
		await waitForQuiet(page);
		selects.push(await clickAndPaint(page, LIST_ROWS, n));
		// The panel opens on the agent's profile; its form is one press of "Editar" away.
		await page.locator('aside').getByRole('button', { name: /^(Editar|Edit)$/ }).click({ timeout: timeoutMs });
		await page.locator(PANEL_AREA).first().waitFor({ timeout: timeoutMs });
		for (let edit = 0; edit < 2; edit++) {
			await waitForQuiet(page);
			const before = await page.locator(PANEL_AREA).first().isChecked();
			edits.push(await clickAndPaint(page, PANEL_AREA, 0));
			// The edit went into the map: the panel, drawn from the document, shows it.
			if ((await page.locator(PANEL_AREA).first().isChecked()) === before) throw new Error('an edit in the agent panel did not change the agent');
		}
	}
	// The panel is closed again, so that it does not weigh on the measures that follow.
	await page.locator('aside').getByRole('button', { name: /^(Cerrar|Close)$/ }).click({ timeout: timeoutMs });
	await page.locator(PANEL_AREA).first().waitFor({ state: 'detached', timeout: timeoutMs });
	return {
		what: 'agent list row → profile painted; area checkbox in its form (an edit) → painted',
		selectMs: distribution(selects),
		editMs: distribution(edits)
	};
}

/** Clicks the `index`-th match of `selector` and returns the ms until the next frame is painted. */
function clickAndPaint(page: Page, selector: string, index: number): Promise<number> {
	return page.evaluate(
		async ({ selector, index }) => {
			const target = document.querySelectorAll<HTMLElement>(selector)[index];
			if (!target) throw new Error(`nothing to click: ${selector} #${index}`);
			// rAF then a task: the frame showing the click's outcome has been painted (asked for
			// before the click, as in measureFilter).
			const painted = new Promise<void>((done) => requestAnimationFrame(() => setTimeout(done, 0)));
			const t0 = performance.now();
			target.click();
			await painted;
			return performance.now() - t0;
		},
		{ selector, index }
	);
}
