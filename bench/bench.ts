/**
 * One benchmark run over several map sizes: generate and store each map, measure the server
 * and then the browser against it, and collect every figure (or the reason it is missing).
 * `run.ts` is the command line around this; the CI smoke test calls it with tiny settings.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { trackDirectory } from './cleanup.ts';
import { benchBrowser, browserAvailable, CHROMIUM, type BrowserFigures } from './browser-bench.ts';
import { describeMachine, loadAverage, type Machine } from './machine.ts';
import { benchReaders, type ReaderFigures } from './reader-bench.ts';
import { benchScaleOut, type ScaleOutFigures } from './scale-out-bench.ts';
import { benchServer, SERVER_ENV, type ServerBenchOptions, type ServerFigures } from './server-bench.ts';
import { collectGarbage, writeStoredMap, type StoredMap } from './stored-map.ts';

/** The server part's own settings, as `benchServer` describes them. */
type ServerSettings = Pick<ServerBenchOptions, 'clients' | 'edits' | 'editGapMs' | 'syncRuns' | 'throughputRates' | 'throughputSeconds'>;

export interface BenchOptions extends ServerSettings {
	sizes: number[];
	seed: number;
	/** Propagation across two server processes over PostgreSQL and Redis (needs both installed). */
	twoProcesses: boolean;
	browser: boolean;
	/** The built app to measure; the repository's build/ by default. */
	buildDir?: string;
	/** Why the browser part cannot run although asked for (e.g. the build failed). */
	browserSkipped?: string;
	renderRuns: number;
	filterChanges: number;
	/** Agents opened and edited twice each in the browser. */
	agentEdits: number;
	/** Pan/zoom gestures: drags, pointer steps per drag, wheel turns. */
	gestures: { drags: number; steps: number; wheels: number };
	/** Read-only connections flooding document messages, and paused clients of each kind (reader-bench.ts). */
	readerConnections: number;
	slowClients: number;
	/** Per-phase time limit, scaled up for large maps (see `phaseTimeout`). */
	timeoutMs: number;
	serverNodeFlags?: string[];
	log?: (message: string) => void;
}

export const DEFAULT_OPTIONS: BenchOptions = {
	sizes: [1000, 10_000, 50_000],
	seed: 2026,
	clients: 50,
	edits: 1000,
	editGapMs: 10,
	syncRuns: 3,
	throughputRates: [100, 200, 400, 800, 1600, 3200],
	throughputSeconds: 5,
	twoProcesses: true,
	browser: true,
	renderRuns: 2,
	filterChanges: 10,
	agentEdits: 5,
	gestures: { drags: 4, steps: 15, wheels: 6 },
	readerConnections: 200,
	slowClients: 4,
	timeoutMs: 60_000
};

export const QUICK_OPTIONS: Partial<BenchOptions> = {
	sizes: [200],
	clients: 10,
	edits: 100,
	editGapMs: 5,
	syncRuns: 1,
	throughputRates: [100, 400],
	throughputSeconds: 2,
	renderRuns: 1,
	filterChanges: 4,
	agentEdits: 2,
	gestures: { drags: 2, steps: 8, wheels: 2 },
	readerConnections: 20,
	slowClients: 2
};

export type Outcome<T> = { ok: true; figures: T } | { ok: false; error: string };

export interface SizeResult {
	agents: number;
	/** /proc/loadavg when this size started and ended: the machine is shared, so figures are noisy. */
	load: { start: [number, number, number]; end: [number, number, number] };
	stored: Omit<StoredMap, 'agentIds' | 'cookie' | 'sessionToken'>;
	server: Outcome<ServerFigures>;
	readers: Outcome<ReaderFigures>;
	twoProcesses: Outcome<ScaleOutFigures> | { ok: false; skipped: string };
	browser: Outcome<BrowserFigures> | { ok: false; skipped: string };
}

export interface BenchResult {
	date: string;
	machine: Machine;
	loadAverage: { start: [number, number, number]; end: [number, number, number] };
	options: Omit<BenchOptions, 'log'>;
	serverEnv: Record<string, string>;
	sizes: SizeResult[];
	durationSeconds: number;
}

/** Big maps take longer to load and sync: allow a minute plus a second per 500 agents. */
function phaseTimeout(options: BenchOptions, agents: number): number {
	return options.timeoutMs + Math.ceil(agents / 500) * 1000;
}

export async function runBench(options: BenchOptions): Promise<BenchResult> {
	const log = options.log ?? (() => {});
	const started = performance.now();
	const start = loadAverage();
	const machine = describeMachine(CHROMIUM);
	const sizes: SizeResult[] = [];
	for (const agents of options.sizes) {
		sizes.push(await benchSize(agents, options, (message) => log(`[${agents}] ${message}`)));
		collectGarbage();
	}
	const { log: _log, ...recorded } = options;
	return {
		date: new Date().toISOString(),
		machine,
		loadAverage: { start, end: loadAverage() },
		options: recorded,
		serverEnv: SERVER_ENV,
		sizes,
		durationSeconds: (performance.now() - started) / 1000
	};
}

async function benchSize(agents: number, options: BenchOptions, log: (message: string) => void): Promise<SizeResult> {
	const dataDir = mkdtempSync(join(tmpdir(), `tejido-bench-${agents}-`));
	const removeDataDir = trackDirectory(dataDir);
	const load = { start: loadAverage(), end: loadAverage() };
	try {
		log('generating and storing the map');
		const stored = await writeStoredMap(dataDir, agents, options.seed);
		const { agentIds: _ids, cookie: _cookie, sessionToken: _token, ...storedFigures } = stored;
		log(`generated in ${Math.round(stored.generateMs)} ms, ${stored.counts.links} links, ${stored.stateBytes} bytes`);
		const timeoutMs = phaseTimeout(options, agents);
		const server = await outcome(() =>
			benchServer(stored, {
				dataDir,
				clients: options.clients,
				edits: options.edits,
				editGapMs: options.editGapMs,
				syncRuns: options.syncRuns,
				throughputRates: options.throughputRates,
				throughputSeconds: options.throughputSeconds,
				timeoutMs,
				nodeFlags: options.serverNodeFlags,
				log
			})
		);
		if (!server.ok) log(`server phase failed: ${server.error}`);
		collectGarbage();
		const readers = await outcome(() =>
			benchReaders(stored, { dataDir, floodConnections: options.readerConnections, slowClients: options.slowClients, timeoutMs, log })
		);
		if (!readers.ok) log(`reader phase failed: ${readers.error}`);
		const twoProcesses: SizeResult['twoProcesses'] = options.twoProcesses
			? await outcome(() =>
					benchScaleOut(stored, { dataDir, clients: options.clients, edits: options.edits, editGapMs: options.editGapMs, timeoutMs, log })
				)
			: { ok: false, skipped: 'two-process part not requested' };
		if (!twoProcesses.ok && 'error' in twoProcesses) log(`two-process phase failed: ${twoProcesses.error}`);
		collectGarbage();
		let browser: SizeResult['browser'];
		const available = browserAvailable(options.buildDir);
		if (!options.browser) browser = { ok: false, skipped: 'browser part not requested' };
		else if (options.browserSkipped) browser = { ok: false, skipped: options.browserSkipped };
		else if (!available.ok) browser = { ok: false, skipped: available.reason };
		else {
			browser = await outcome(() =>
				benchBrowser(stored, {
					dataDir,
					buildDir: options.buildDir,
					renderRuns: options.renderRuns,
					filterChanges: options.filterChanges,
					agentEdits: options.agentEdits,
					gestures: options.gestures,
					timeoutMs: timeoutMs * 3,
					log
				})
			);
			if (!browser.ok && 'error' in browser) log(`browser phase failed: ${browser.error}`);
		}
		load.end = loadAverage();
		return { agents, load, stored: storedFigures, server, readers, twoProcesses, browser };
	} finally {
		removeDataDir();
	}
}

async function outcome<T>(measure: () => Promise<T>): Promise<Outcome<T>> {
	try {
		return { ok: true, figures: await measure() };
	} catch (error) {
		// Keep the cause readable in the table's notes, and the tail of a server log with it.
		const message = error instanceof Error ? error.message : String(error);
		const lines = message.split('\n').filter(Boolean);
		return { ok: false, error: lines.length > 1 ? `${lines[0]} … ${lines.slice(-6).join(' | ')}` : message };
	}
}
