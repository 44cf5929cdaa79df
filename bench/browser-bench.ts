/**
 * Client figures in Debian's chromium (Playwright), on the real built app served by the real
 * server: navigation → all agents drawn, frame times while panning and zooming, a change of
 * the filter, opening and editing agents, the whole-map GeoJSON export (see browser/
 * app-measures.ts for those three), and a reload of the page, which then has the map in its
 * replica (IndexedDB).
 */
import { chromium, type Browser, type Page } from '@playwright/test';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { measureAgentEdits, measureExport, measureFilter, type AgentEditFigures, type ExportFigures, type FilterFigures } from './browser/app-measures.ts';
import { probeMaps } from './browser/map-probe.ts';
import { installPageProbes, type DrawnFrame, type PageProbeState } from './browser/page-probes.ts';
import { connectRawClient, type RawClient } from './raw-client.ts';
import { startBenchServer, type BenchServer } from './server-process.ts';
import { distribution, median, MB, type Distribution } from './stats.ts';
import type { StoredMap } from './stored-map.ts';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../scripts/chromium.ts';

const ROOT = resolve(import.meta.dirname, '..');
export const CHROMIUM = CHROMIUM_PATH;
const VIEWPORT = { width: 1280, height: 800 };

export interface BrowserBenchOptions {
	dataDir: string;
	/** The built app to serve: the benchmark's own build when it made one (see run.ts). */
	buildDir?: string;
	/** Fresh-context page loads measured for the first render (the median is reported). */
	renderRuns: number;
	/** Filter changes measured (rounded up to an even number: each area on, then off). */
	filterChanges: number;
	/** Agents opened from the list, each edited twice (an area on, then off). */
	agentEdits: number;
	gestures: { drags: number; steps: number; wheels: number };
	timeoutMs: number;
	log: (message: string) => void;
}

export interface RenderRun {
	/**
	 * ms from navigation start: the agent list shows all N agents, so the document is loaded
	 * and the map can be edited (a large map is drawn earlier, from its first view).
	 */
	listShownMs: number;
	/** ms from navigation start: first frame with agent circles drawn. */
	firstAgentsMs: number;
	/** ms from navigation start: first frame drawing ≥ 99 % of the circles of the settled map. */
	allAgentsDrawnMs: number;
	/** ms from navigation start: last frame drawn before the map went quiet. */
	settledMs: number;
	circleElements: number;
	jsHeapMB: number;
}

/** A figure, or why it could not be measured. */
export type Measured<T> = T | { error: string };
/** A measure left out on request (as `--agent-edits=0` asks). */
export type Skipped = { skipped: string };

export interface BrowserFigures {
	chromium: string;
	render: { runs: RenderRun[]; failures: string[]; medianAllAgentsDrawnMs: number };
	panZoom: Measured<{ frameMs: Distribution; seconds: number; agentMovedByMistake: boolean }>;
	filter: Measured<FilterFigures>;
	agentEdits: Measured<AgentEditFigures> | Skipped;
	export: Measured<ExportFigures>;
	/** The same page reloaded: the map comes from the browser's replica, then the server's difference. */
	reload: Measured<RenderRun>;
}

export async function attempt<T>(measure: () => Promise<T>): Promise<Measured<T>> {
	try {
		return await measure();
	} catch (error) {
		return { error: (error instanceof Error ? error.message : String(error)).split('\n')[0].slice(0, 500) };
	}
}

/** One change of the agent list's search box (for profile-page.ts). */
export interface SearchChange {
	query: string;
	domMs: number;
	paintedMs: number;
	shown: string;
}

export function browserAvailable(buildDir = join(ROOT, 'build')): { ok: boolean; reason: string } {
	if (!existsSync(CHROMIUM)) return { ok: false, reason: `${CHROMIUM} is missing (apt-get install -y chromium)` };
	if (!existsSync(join(buildDir, 'handler.js'))) return { ok: false, reason: 'the app is not built (npm run build)' };
	return { ok: true, reason: '' };
}

export async function benchBrowser(stored: StoredMap, options: BrowserBenchOptions): Promise<BrowserFigures> {
	const { log } = options;
	let server: BenchServer | null = null;
	let browser: Browser | null = null;
	let watcher: RawClient | null = null;
	try {
		server = await startBenchServer({ dataDir: options.dataDir, pages: true, buildDir: options.buildDir });
		// A colleague already on the map keeps the room loaded, and tells us if the benchmark's
		// own pointer ever edits the document by mistake.
		watcher = await connectRawClient(server.wsUrl, stored.mapId, 'bench-watcher', {
			cookie: stored.cookie,
			presence: false,
			timeoutMs: options.timeoutMs
		});
		browser = await launchChromium();
		// The first page load is measured, then panned, zoomed and searched; further loads (fresh
		// contexts) only add render timings. A failed extra load is reported, not fatal.
		log(`first render 1/${options.renderRuns}`);
		const page = await openMapPage(browser, server.url, stored, options.timeoutMs);
		const runs: RenderRun[] = [await waitForAllAgents(page, options.timeoutMs)];
		// Each later measurement stands alone: one that fails is reported, the others kept.
		log('pan and zoom');
		const movedBefore = watcher.received;
		const panZoom = await attempt(async () => {
			const figures = await measurePanZoom(page, options.gestures, options.timeoutMs);
			await waitForQuiet(page, 1000, 30_000);
			return { ...figures, agentMovedByMistake: watcher!.received > movedBefore };
		});
		log('filter changes');
		const quiet = (p: Page) => waitForQuiet(p, 1000, options.timeoutMs);
		const filter = await attempt(() => measureFilter(page, options.filterChanges, options.timeoutMs, quiet));
		log('open and edit agents');
		const agentEdits: BrowserFigures['agentEdits'] =
			options.agentEdits > 0
				? await attempt(() => measureAgentEdits(page, options.agentEdits, options.timeoutMs, quiet))
				: { skipped: 'not requested (--agent-edits=0)' };
		log('whole-map GeoJSON export');
		const exported = await attempt(() => measureExport(page, options.timeoutMs));
		log('reload (replica in the browser)');
		const reload = await attempt(async () => {
			// The replica stores a large first sync when the page is idle (quiet-sync.ts).
			await waitForQuiet(page, 1000, options.timeoutMs);
			await page.reload({ waitUntil: 'commit' });
			return waitForAllAgents(page, options.timeoutMs);
		});
		await page.context().close().catch(() => {});
		const renderFailures: string[] = [];
		for (let run = 1; run < options.renderRuns; run++) {
			log(`first render ${run + 1}/${options.renderRuns}`);
			const next = await attempt(async () => {
				const extra = await openMapPage(browser!, server!.url, stored, options.timeoutMs);
				try {
					return await waitForAllAgents(extra, options.timeoutMs);
				} finally {
					await extra.context().close().catch(() => {});
				}
			});
			if ('error' in next) {
				renderFailures.push(next.error);
				log(`render run ${run + 1} failed: ${next.error}`);
			} else runs.push(next);
		}

		return {
			chromium: browser.version(),
			render: { runs, failures: renderFailures, medianAllAgentsDrawnMs: median(runs.map((r) => r.allAgentsDrawnMs)) },
			panZoom,
			filter,
			agentEdits,
			export: exported,
			reload
		};
	} finally {
		await browser?.close().catch(() => {});
		watcher?.close();
		await server?.stop(10_000);
	}
}

export function launchChromium(): Promise<Browser> {
	return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/** A fresh context (no replica in IndexedDB) signed in as the map's editor, on the map page. */
export async function openMapPage(
	browser: Browser,
	baseUrl: string,
	stored: StoredMap,
	timeoutMs: number,
	beforeNavigation?: (page: Page) => Promise<void>
): Promise<Page> {
	const context = await browser.newContext({ viewport: VIEWPORT, locale: 'es-CO' });
	await context.addCookies([{ name: 'tejido_session', value: stored.sessionToken, url: baseUrl }]);
	await context.addInitScript(() => {
		localStorage.setItem('tejido.locale', 'es');
		// The map's figures: the map alone, as before the network view (which 1280 px would open beside it).
		localStorage.setItem('tejido.mapView', 'map');
	});
	await context.addInitScript(installPageProbes, stored.counts.agents);
	await probeMaps(context);
	const page = await context.newPage();
	page.setDefaultTimeout(timeoutMs);
	// What went wrong, if the agents never appear: page errors, console errors, a crash.
	const problems: string[] = [];
	pageProblems.set(page, problems);
	const note = (text: string) => problems.length < 20 && problems.push(text.slice(0, 300));
	page.on('pageerror', (error) => note(`page error: ${error.message}`));
	page.on('console', (message) => message.type() === 'error' && note(`console: ${message.text()}`));
	page.on('crash', () => note('the page crashed (renderer out of memory?)'));
	await beforeNavigation?.(page);
	await page.goto(`${baseUrl}/maps/${stored.mapId}`, { waitUntil: 'commit' });
	return page;
}

const pageProblems = new WeakMap<Page, string[]>();

/** How long the map must stay without drawing before we call it settled. */
const QUIET_MS = 3000;

export async function waitForAllAgents(page: Page, timeoutMs: number): Promise<RenderRun> {
	const deadline = Date.now() + timeoutMs;
	let state: PageProbeState | null = null;
	for (;;) {
		const problems = pageProblems.get(page) ?? [];
		if (Date.now() > deadline || problems.some((p) => p.startsWith('the page crashed'))) {
			const shown = await page
				.evaluate(() => document.body?.innerText.replace(/\s+/g, ' ').slice(0, 300))
				.catch(() => '(page unreachable)');
			throw new Error(
				`agents not drawn within ${timeoutMs} ms (list shown: ${state?.listShownAt ?? 'no'}; ` +
					`frames with agents: ${state?.frames.filter((f) => f.circle > 0).length ?? 0}; ` +
					`page says: ${shown}; problems: ${problems.join(' / ') || 'none'})`
			);
		}
		await page.waitForTimeout(250);
		// A page busy applying a big document answers late; a hung or crashed one never does.
		const polled = await beforeDeadline(
			page.evaluate(() => ({ state: window.__tejidoBench.state(), now: performance.now() })),
			Math.max(1000, deadline - Date.now())
		).catch((error: Error) => {
			throw new Error(`the page stopped answering: ${error.message}; problems: ${problems.join(' / ') || 'none'}`);
		});
		state = polled.state;
		const now = polled.now;
		const drawn = state.frames.filter((frame) => frame.circle > 0);
		const last = state.frames.at(-1);
		if (state.listShownAt !== null && drawn.length > 0 && last && now - last.end >= QUIET_MS && state.idle) break;
	}
	const frames: DrawnFrame[] = state.frames;
	const withCircles = frames.filter((frame) => frame.circle > 0);
	const final = withCircles.at(-1)!.circle;
	const complete = withCircles.find((frame) => frame.circle >= final * 0.99)!;
	const jsHeap = await page.evaluate(() => (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? NaN);
	return {
		listShownMs: state.listShownAt!,
		firstAgentsMs: withCircles[0].end,
		allAgentsDrawnMs: complete.end,
		settledMs: frames.at(-1)!.end,
		circleElements: final,
		jsHeapMB: jsHeap / MB
	};
}

function beforeDeadline<T>(promise: Promise<T>, ms: number): Promise<T> {
	let timer: ReturnType<typeof setTimeout> | undefined;
	return Promise.race([
		promise,
		new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms)))
	]).finally(() => clearTimeout(timer));
}

/** Waits until the map has drawn nothing for `quietMs` (animations and tile loads are over). */
export async function waitForQuiet(page: Page, quietMs: number, timeoutMs: number): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		const quietFor = await page.evaluate(() => performance.now() - (window.__tejidoBench.state().frames.at(-1)?.end ?? 0));
		if (quietFor >= quietMs) return;
		await page.waitForTimeout(200);
	}
}

/**
 * Drags and wheel-zooms the map from a spot with no agents (north-east of Cundinamarca at
 * the default view), so a press never lands on an agent: dragging keeps the same place under
 * the pointer, so every gesture starts from that empty spot again.
 */
export async function measurePanZoom(
	page: Page,
	gestures: BrowserBenchOptions['gestures'],
	timeoutMs: number
): Promise<{ frameMs: Distribution; seconds: number }> {
	const box = (await page.locator('.map').first().boundingBox())!;
	const start = { x: box.x + box.width * 0.93, y: box.y + box.height * 0.12 };
	const drags = [[-400, 0], [0, 250], [400, 0], [0, -250]];
	const perform = async () => {
		await page.mouse.move(start.x, start.y);
		let at = { ...start };
		for (let i = 0; i < gestures.drags; i++) {
			const [dx, dy] = drags[i % drags.length];
			await page.mouse.down();
			await page.mouse.move(at.x + dx, at.y + dy, { steps: gestures.steps });
			await page.mouse.up();
			at = { x: at.x + dx, y: at.y + dy };
			await page.waitForTimeout(150);
		}
		// Zoom in, then back out by as much.
		const half = Math.max(1, Math.floor(gestures.wheels / 2));
		for (let i = 0; i < 2 * half; i++) {
			await page.mouse.wheel(0, i < half ? -240 : 240);
			await page.waitForTimeout(250);
		}
	};
	await page.evaluate(() => window.__tejidoBench.startFrameClock());
	const t0 = Date.now();
	let timer: ReturnType<typeof setTimeout> | undefined;
	try {
		await Promise.race([
			perform(),
			new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('pan/zoom gestures took too long')), timeoutMs)))
		]);
	} finally {
		clearTimeout(timer);
	}
	const times = await page.evaluate(() => window.__tejidoBench.stopFrameClock());
	const deltas = times.slice(1).map((time, i) => time - times[i]);
	return { frameMs: distribution(deltas), seconds: (Date.now() - t0) / 1000 };
}

const SEARCHES = ['sabana', '', 'zipaquirá', '', 'laboratorio', '', 'fundación bacatá', '', 'chía', ''];

export async function measureSearch(page: Page, changes: number, timeoutMs: number): Promise<SearchChange[]> {
	const queries = Array.from({ length: changes }, (_, i) => SEARCHES[i % SEARCHES.length]);
	await page.getByRole('searchbox').first().waitFor({ timeout: timeoutMs });
	return page.evaluate(async (queries) => {
		const input = document.querySelector<HTMLInputElement>('input[type="search"]')!;
		const list = input.closest('section') ?? document.body;
		const results = [];
		for (const query of queries) {
			let mutatedAt = 0;
			const observer = new MutationObserver(() => (mutatedAt = performance.now()));
			observer.observe(list, { subtree: true, childList: true, characterData: true });
			// rAF then a task: the frame that shows the new list has been painted (asked for
			// before the change, as in measureFilter: what the app puts off until after that
			// paint, the map's share of a large change, comes after this task, not in it).
			const painted = new Promise<void>((done) => requestAnimationFrame(() => setTimeout(done, 0)));
			const t0 = performance.now();
			input.value = query;
			input.dispatchEvent(new Event('input', { bubbles: true }));
			await painted;
			const paintedAt = performance.now();
			observer.disconnect();
			const first = list.querySelector('li')?.textContent?.trim().slice(0, 60) ?? '(empty)';
			results.push({ query, domMs: (mutatedAt || paintedAt) - t0, paintedMs: paintedAt - t0, shown: first });
			await new Promise((done) => setTimeout(done, 200));
		}
		return results;
	}, queries);
}
