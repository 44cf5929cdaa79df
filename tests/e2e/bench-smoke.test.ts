/**
 * The benchmark's browser half must not rot either: on a tiny map (100 agents) it opens the
 * built app in chromium, waits for every agent drawn, pans and zooms, changes the filter in
 * the filter panel, opens and edits an agent, exports GeoJSON from the toolbar and reloads,
 * and must produce every figure as a finite number. It asserts nothing about speed (that is `npm run bench`'s job). It runs
 * here because the server step comes before the app is built.
 */
import { expect, test } from '@playwright/test';
import { resolve } from 'node:path';
import { DEFAULT_OPTIONS, runBench } from '../../bench/bench.ts';
import { nonFinite } from '../../bench/stats.ts';

test('the benchmark produces every browser figure on a tiny map', async () => {
	test.setTimeout(300_000);
	const result = await runBench({
		...DEFAULT_OPTIONS,
		sizes: [100],
		clients: 2,
		edits: 5,
		editGapMs: 0,
		syncRuns: 1,
		throughputRates: [50],
		throughputSeconds: 1,
		twoProcesses: false,
		browser: true,
		renderRuns: 1,
		filterChanges: 2,
		agentEdits: 1,
		gestures: { drags: 1, steps: 3, wheels: 2 },
		readerConnections: 2,
		slowClients: 1,
		timeoutMs: 30_000,
		buildDir: resolve(process.env.BUILD_DIR ?? 'build')
	});
	const browser = result.sizes[0].browser;
	if (!browser.ok) throw new Error('error' in browser ? browser.error : browser.skipped);
	const figures = browser.figures;
	for (const part of [figures.panZoom, figures.filter, figures.agentEdits, figures.export, figures.reload]) {
		if ('error' in part) throw new Error(part.error);
		if ('skipped' in part) throw new Error(`a figure was skipped: ${part.skipped}`);
	}
	expect(nonFinite(figures)).toEqual([]);
	expect(figures.render.failures).toEqual([]);
	expect(figures.render.runs[0].circleElements).toBeGreaterThan(0);
	expect('circleElements' in figures.reload && figures.reload.circleElements).toBeGreaterThan(0);
	expect('bytes' in figures.export && figures.export.bytes).toBeGreaterThan(0);
});
