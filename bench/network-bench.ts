/**
 * Time to the first drawn network on generated maps, in the built app in chromium: the page
 * opens on the map alone, loads every agent, then the person switches to "Red"; measured from
 * that click to the frame after the network view holds every agent (graph built, sigma drawn).
 * The layout then runs on in its worker. Software WebGL here: compare runs, not machines.
 * Not part of `npm run bench`.
 *
 *   npm run build && npx node bench/network-bench.ts [--agents=1000,10000] [--seed=2026]
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { launchChromium, openMapPage, waitForAllAgents } from './browser-bench.ts';
import { trackDirectory } from './cleanup.ts';
import { numberOption } from './script-options.ts';
import { startBenchServer } from './server-process.ts';
import { writeStoredMap } from './stored-map.ts';

const sizes = (process.argv.find((arg) => arg.startsWith('--agents='))?.slice('--agents='.length) ?? '1000,10000').split(',').map(Number);
const seed = numberOption('seed', 2026);

for (const agents of sizes) {
	const dataDir = mkdtempSync(join(tmpdir(), `tejido-network-${agents}-`));
	const removeDataDir = trackDirectory(dataDir);
	const stored = await writeStoredMap(dataDir, agents, seed);
	const server = await startBenchServer({ dataDir, pages: true, buildDir: resolve(process.env.BUILD_DIR ?? 'build') });
	const browser = await launchChromium();
	try {
		const page = await openMapPage(browser, server.url, stored, 180_000);
		await waitForAllAgents(page, 180_000);
		const drawnMs = await page.evaluate(async (count) => {
			const started = performance.now();
			document.querySelector<HTMLInputElement>('input[name="map-view-mode"][value="network"]')!.click();
			await new Promise<void>((done) => {
				const check = () => {
					const canvas = document.querySelector<HTMLElement>('[data-testid="network-canvas"]');
					if (canvas && Number(canvas.dataset.agents) === count) requestAnimationFrame(() => done());
					else requestAnimationFrame(check);
				};
				check();
			});
			return performance.now() - started;
		}, stored.counts.agents);
		// How long the first layout runs until the worker reports it settled.
		const settledMs = await page.evaluate(async () => {
			const started = performance.now();
			await new Promise<void>((done) => {
				const check = () =>
					document.querySelector('[data-testid="network-canvas"]')?.getAttribute('data-layout') === 'settled' ? done() : setTimeout(check, 20);
				check();
			});
			return performance.now() - started;
		});
		console.log(
			`network bench: ${stored.counts.agents} agents, ${stored.counts.links} links — first drawn ${drawnMs.toFixed(0)} ms after "Red", layout settled ${settledMs.toFixed(0)} ms later`
		);
	} finally {
		await browser.close();
		await server.stop(10_000);
		removeDataDir();
	}
}
