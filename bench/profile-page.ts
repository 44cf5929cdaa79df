/**
 * Records where the map page spends its time at a given size, for diagnosis (not part of
 * `npm run bench`): a CPU profile of the main thread from navigation until every agent is
 * drawn, then one each of panning and zooming (as `npm run bench` does), the agent-list search,
 * a change of filter, editing agents (`--agent-edits=N`, as `npm run bench` does), the export
 * and a reload of the page from its replica. Writes Chrome DevTools `.cpuprofile` files under
 * bench-results/ and prints the busiest functions. Uses the app `npm run bench` built into
 * build-bench/, else build/ (`npm run build`).
 *
 *   node bench/profile-page.ts --agents=10000 [--agent-edits=5]      (through npm's Node: npx node …)
 */
import type { CDPSession } from '@playwright/test';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { measureAgentEdits, measureExport, measureFilter } from './browser/app-measures.ts';
import { launchChromium, measurePanZoom, measureSearch, openMapPage, waitForAllAgents, waitForQuiet } from './browser-bench.ts';
import { trackDirectory } from './cleanup.ts';
import { startBenchServer } from './server-process.ts';
import { writeStoredMap } from './stored-map.ts';
import { numberOption } from './script-options.ts';
import { WorkerProfiler } from './browser/worker-profiler.ts';

interface ProfileNode {
	id: number;
	callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
}
interface CpuProfile {
	nodes: ProfileNode[];
	samples: number[];
	timeDeltas: number[];
}

const agents = numberOption('agents', 10_000);
const agentEdits = numberOption('agent-edits', 0);
const out = resolve(import.meta.dirname, '..', 'bench-results', `profile-${agents}-${new Date().toISOString().replace(/[:.]/g, '-')}`);
const timeoutMs = 60_000 + agents * 4;

const dataDir = mkdtempSync(join(tmpdir(), 'tejido-profile-'));
const removeDataDir = trackDirectory(dataDir);
const stored = await writeStoredMap(dataDir, agents, numberOption('seed', 2026));
// The benchmark's own build when there is one (npm run bench makes it), else build/.
const ownBuild = resolve(import.meta.dirname, '..', process.env.BUILD_DIR ?? 'build-bench');
const server = await startBenchServer({ dataDir, pages: true, buildDir: existsSync(join(ownBuild, 'handler.js')) ? ownBuild : undefined });
const browser = await launchChromium();
try {
	mkdirSync(out, { recursive: true });
	let cdp: CDPSession | null = null;
	const page = await openMapPage(browser, server.url, stored, timeoutMs, async (page) => {
		cdp = await page.context().newCDPSession(page);
		await cdp.send('Profiler.enable');
		await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
		await cdp.send('Profiler.start');
	});
	const render = await waitForAllAgents(page, timeoutMs);
	const first = (await cdp!.send('Profiler.stop')).profile as unknown as CpuProfile;
	save('first-render', first);
	console.log(`navigation → all ${agents} agents drawn: ${Math.round(render.allAgentsDrawnMs)} ms (list at ${Math.round(render.listShownMs)} ms)`);
	summarise('first render', first);

	await cdp!.send('Profiler.start');
	const pan = await measurePanZoom(page, { drags: 4, steps: 15, wheels: 6 }, timeoutMs);
	const panProfile = (await cdp!.send('Profiler.stop')).profile as unknown as CpuProfile;
	save('pan-zoom', panProfile);
	const frames = pan.frameMs;
	console.log(`pan/zoom frames (ms): p50 ${Math.round(frames.p50)}, p95 ${Math.round(frames.p95)}, max ${Math.round(frames.max)} over ${frames.count} frames`);
	summarise('pan/zoom', panProfile);
	await waitForQuiet(page, 1000, timeoutMs);

	await cdp!.send('Profiler.start');
	const changes = await measureSearch(page, 6, timeoutMs);
	const search = (await cdp!.send('Profiler.stop')).profile as unknown as CpuProfile;
	save('search', search);
	console.log(`search changes (ms, painted): ${changes.map((c) => Math.round(c.paintedMs)).join(', ')}`);
	summarise('search', search);

	// A change of filter is mostly MapLibre's worker clustering and tiling: its workers too.
	const workers = await WorkerProfiler.attach(browser);
	await workers.start();
	await cdp!.send('Profiler.start');
	const filter = await measureFilter(page, 2, timeoutMs, (p) => waitForQuiet(p, 1000, timeoutMs));
	const filtered = (await cdp!.send('Profiler.stop')).profile as unknown as CpuProfile;
	const workerProfiles = await workers.stop<CpuProfile>();
	save('filter', filtered);
	console.log(`filter changes (ms, list / map): ${filter.changes.map((c) => `${Math.round(c.listPaintedMs)} / ${Math.round(c.mapDrawnMs)}`).join(', ')}`);
	summarise('filter', filtered);
	workerProfiles.forEach(({ url, profile }, n) => {
		save(`filter-worker-${n}`, profile);
		summarise(`filter, worker ${n} (${url.slice(0, 60)})`, profile);
	});

	await cdp!.send('Profiler.start');
	const exported = await measureExport(page, timeoutMs);
	const exportProfile = (await cdp!.send('Profiler.stop')).profile as unknown as CpuProfile;
	save('export', exportProfile);
	console.log(`whole-map GeoJSON export: ${Math.round(exported.exportMs)} ms, ${exported.bytes} bytes`);
	summarise('export', exportProfile);

	if (agentEdits > 0) {
		await cdp!.send('Profiler.start');
		const edited = await measureAgentEdits(page, agentEdits, timeoutMs, (p) => waitForQuiet(p, 1000, timeoutMs));
		const editProfile = (await cdp!.send('Profiler.stop')).profile as unknown as CpuProfile;
		save('agent-edits', editProfile);
		const edits = edited.editMs;
		console.log(`\n${agentEdits} agents opened and edited twice: edit p50 ${Math.round(edits.p50)} ms, p95 ${Math.round(edits.p95)} ms, max ${Math.round(edits.max)} ms`);
		summarise('agent edits (with the waits between them)', editProfile);
	}
	// The replica stores a large first sync when the page is idle (quiet-sync.ts).
	await waitForQuiet(page, 1000, timeoutMs);
	await cdp!.send('Profiler.start');
	await page.reload({ waitUntil: 'commit' });
	const reload = await waitForAllAgents(page, timeoutMs);
	const reloadProfile = (await cdp!.send('Profiler.stop')).profile as unknown as CpuProfile;
	save('reload', reloadProfile);
	console.log(`\nreload → all drawn ${Math.round(reload.allAgentsDrawnMs)} ms, list ${Math.round(reload.listShownMs)} ms`);
	summarise('reload', reloadProfile);
	console.log(`\nProfiles in ${out} (open them in Chrome DevTools, Performance panel).`);
} finally {
	await browser.close();
	await server.stop(10_000);
	removeDataDir();
}

function save(name: string, profile: CpuProfile): void {
	writeFileSync(join(out, `${name}.cpuprofile`), JSON.stringify(profile));
}

/** Self time per function (name, file, line), the top 15, and the total sampled. */
function summarise(title: string, profile: CpuProfile): void {
	const byNode = new Map(profile.nodes.map((node) => [node.id, node]));
	const self = new Map<string, number>();
	let total = 0;
	profile.samples.forEach((id, i) => {
		const delta = (profile.timeDeltas[i] ?? 0) / 1000;
		total += delta;
		const frame = byNode.get(id)!.callFrame;
		const file = frame.url.split('/').pop() || '(native)';
		const key = `${frame.functionName || '(anonymous)'} ${file}:${frame.lineNumber + 1}:${frame.columnNumber + 1}`;
		self.set(key, (self.get(key) ?? 0) + delta);
	});
	console.log(`\n${title}: ${Math.round(total)} ms sampled; busiest functions (self time):`);
	for (const [key, ms] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 15)) {
		console.log(`  ${String(Math.round(ms)).padStart(7)} ms  ${key}`);
	}
}
