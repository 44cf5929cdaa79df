/** Turns a benchmark result into the printed table and the target check. */
import type { BrowserFigures } from './browser-bench.ts';
import type { BenchResult, SizeResult } from './bench.ts';
import type { ReaderFigures, SlowFigures } from './reader-bench.ts';
import type { ScaleOutFigures } from './scale-out-bench.ts';
import type { ServerFigures } from './server-bench.ts';
import { MB } from './stats.ts';

type Cell = string;
type Row = { label: string; cell: (size: SizeResult) => Cell } | { section: string };

const ms = (value: number) => (Number.isFinite(value) ? (value < 10 ? value.toFixed(1) : Math.round(value).toLocaleString('en-US')) : '—');
const mb = (value: number) => (Number.isFinite(value) ? value.toFixed(1) : '—');
const int = (value: number) => (Number.isFinite(value) ? Math.round(value).toLocaleString('en-US') : '—');

function fromServer(read: (figures: ServerFigures) => Cell): (size: SizeResult) => Cell {
	return (size) => (size.server.ok ? read(size.server.figures) : 'error');
}

function fromReaders(read: (figures: ReaderFigures) => Cell): (size: SizeResult) => Cell {
	return (size) => (size.readers.ok ? read(size.readers.figures) : 'error');
}

/** "8.4 MB; 4 of 4 (8.1 MB held)": memory per paused client, and how many the server closed. */
const slow = (f: SlowFigures) => `${mb(f.rssPerClientMB)}; ${f.closedSlow} of ${f.clients} (${mb(f.bufferedAtCloseMB)})`;

function fromTwo(read: (figures: ScaleOutFigures) => Cell): (size: SizeResult) => Cell {
	return (size) => (size.twoProcesses.ok ? read(size.twoProcesses.figures) : 'skipped' in size.twoProcesses ? 'skipped' : 'error');
}

function fromBrowser(read: (figures: BrowserFigures) => Cell): (size: SizeResult) => Cell {
	return (size) => (size.browser.ok ? read(size.browser.figures) : 'skipped' in size.browser ? 'skipped' : 'error');
}

/** A browser figure measured on its own, which may have failed while the others did not. */
function fromPart<K extends 'panZoom' | 'filter' | 'agentEdits' | 'export' | 'reload'>(
	key: K,
	read: (part: Exclude<BrowserFigures[K], { error: string } | { skipped: string }>) => Cell
): (size: SizeResult) => Cell {
	return fromBrowser((figures) => {
		const part = figures[key];
		if ('skipped' in part) return 'skipped';
		return 'error' in part ? 'error' : read(part as Exclude<BrowserFigures[K], { error: string } | { skipped: string }>);
	});
}

function part<K extends 'panZoom' | 'filter' | 'export'>(
	figures: BrowserFigures | null,
	key: K
): Exclude<BrowserFigures[K], { error: string }> | undefined {
	const value = figures?.[key];
	return value && !('error' in value) ? (value as Exclude<BrowserFigures[K], { error: string }>) : undefined;
}

const ROWS: Row[] = [
	{ label: 'machine load, 1-min average: start → end', cell: (s) => `${s.load.start[0]} → ${s.load.end[0]}` },
	{ section: 'Map (generated, seeded)' },
	{ label: 'agents / links', cell: (s) => `${int(s.stored.counts.agents)} / ${int(s.stored.counts.links)}` },
	{ label: 'generate, one transaction (ms)', cell: (s) => ms(s.stored.generateMs) },
	{ label: 'stored state / database file (MB)', cell: (s) => `${mb(s.stored.stateBytes / MB)} / ${mb(s.stored.databaseBytes / MB)}` },
	{ label: 'compaction: snapshot + 500 updates (ms)', cell: (s) => ms(s.stored.compaction.ms) },
	{ label: 'in-process: load snapshot / encode full state (ms)', cell: (s) => `${ms(s.stored.inProcessLoadMs)} / ${ms(s.stored.inProcessEncodeMs)}` },
	{ section: 'Server (child process, loopback)' },
	{ label: 'cold load into a room (ms)', cell: fromServer((f) => ms(f.coldLoadMs)) },
	{ label: 'room memory: heap / RSS delta (MB)', cell: fromServer((f) => `${mb(f.memory.roomHeapMB)} / ${mb(f.memory.roomRssMB)}`) },
	{ label: 'server peak RSS (MB)', cell: fromServer((f) => mb(f.memory.peakRssMB)) },
	{ label: 'fresh client full initial sync (ms, median)', cell: fromServer((f) => ms(f.initialSync.medianMs)) },
	{ label: 'propagation to all, p50 / p95 / p99 (ms)', cell: fromServer((f) => `${ms(f.propagation.toAllMs.p50)} / ${ms(f.propagation.toAllMs.p95)} / ${ms(f.propagation.toAllMs.p99)}`) },
	{ label: '  clients, edits, lost', cell: fromServer((f) => `${f.propagation.clients}, ${f.propagation.edits}, ${f.propagation.lost}`) },
	{ label: '  server CPU (% of a core; ms per edit)', cell: fromServer((f) => `${Math.round(f.propagation.serverCpuCores * 100)} %; ${ms(f.propagation.serverCpuMsPerEdit)}`) },
	{ label: 'sustained edits/s without backlog', cell: fromServer(sustained) },
	{ label: 'room compaction on close: updates; ms after last client left', cell: fromServer((f) => `${int(f.compaction.updates)}; ${ms(f.compaction.ms)}`) },
	{ label: '  longest server stall meanwhile, health probe (ms)', cell: fromServer((f) => ms(f.compaction.longestProbeMs)) },
	{ label: '  probes (failed); updates compacted during the edits', cell: fromServer((f) => `${int(f.compaction.probes)} (${int(f.compaction.failedProbes)}); ${int(f.compaction.duringEdits)}`) },
	{ label: 'server RSS with all clients (MB)', cell: fromServer((f) => mb(f.memory.withClientsRssMB)) },
	{ section: 'Readers (viewer accounts, raw clients; same server settings)' },
	{ label: 'flood of updates / sync step 2: messages; server CPU per message (µs)', cell: fromReaders((f) => `${int(f.flood.messages)}; ${ms(f.flood.cpuMicrosPerMessage)}`) },
	{ label: '  slowest /api/health answer, flood (quiet) (ms); readers closed', cell: fromReaders((f) => `${ms(f.flood.longestProbeMs)} (${ms(f.flood.idleLongestProbeMs)}); ${f.flood.closed}`) },
	{ label: 'paused client, up to date: RSS per client (MB); closed 4417 (MB held)', cell: fromReaders((f) => slow(f.slowUpToDate)) },
	{ label: 'paused after asking for the whole map: same', cell: fromReaders((f) => slow(f.slowWholeMap)) },
	{ section: 'Two server processes (PostgreSQL + Redis, loopback)' },
	{ label: 'propagation A → clients on B, p50 / p95 / p99 (ms)', cell: fromTwo((f) => `${ms(f.toAllMs.p50)} / ${ms(f.toAllMs.p95)} / ${ms(f.toAllMs.p99)}`) },
	{ label: '  clients, edits, lost', cell: fromTwo((f) => `${f.clients}, ${f.edits}, ${f.lost}`) },
	{ label: '  both servers\' CPU (% of a core)', cell: fromTwo((f) => `${Math.round(f.serverCpuCores * 100)} %`) },
	{ section: 'Browser (chromium, SwiftShader WebGL)' },
	{ label: 'navigation → all agents drawn on the map (ms)', cell: fromBrowser((f) => ms(f.render.medianAllAgentsDrawnMs)) },
	{ label: 'navigation → list shows N agents, map editable (ms)', cell: fromBrowser((f) => ms(medianListShownMs(f))) },
	{ label: 'reload, replica in the browser → all drawn; list (ms)', cell: fromPart('reload', (p) => `${ms(p.allAgentsDrawnMs)}; ${ms(p.listShownMs)}`) },
	{ label: 'page JS heap after render (MB)', cell: fromBrowser((f) => mb(median(f.render.runs.map((r) => r.jsHeapMB)))) },
	{ label: 'pan/zoom frame p50 / p95 (ms)', cell: fromPart('panZoom', (p) => `${ms(p.frameMs.p50)} / ${ms(p.frameMs.p95)}`) },
	{ label: 'filter change: list and map, p50 / p95 (ms)', cell: fromPart('filter', (p) => `${ms(p.appliedMs.p50)} / ${ms(p.appliedMs.p95)}`) },
	{ label: '  list alone, p50 / p95 (ms)', cell: fromPart('filter', (p) => `${ms(p.listPaintedMs.p50)} / ${ms(p.listPaintedMs.p95)}`) },
	{ label: 'open an agent from the list, p50 / p95 (ms)', cell: fromPart('agentEdits', (p) => `${ms(p.selectMs.p50)} / ${ms(p.selectMs.p95)}`) },
	{ label: 'edit it (a checkbox in its panel), p50 / p95 (ms)', cell: fromPart('agentEdits', (p) => `${ms(p.editMs.p50)} / ${ms(p.editMs.p95)}`) },
	{ label: 'whole-map GeoJSON export (ms)', cell: fromPart('export', (p) => ms(p.exportMs)) },
	{ label: '  export size (MB)', cell: fromPart('export', (p) => mb(p.bytes / MB)) }
];

/** "800", "3,200+" when even the highest offered rate passed, "< 100" when the lowest failed. */
function sustained(f: ServerFigures): Cell {
	const { sustainedEditsPerSecond: rate, limitedBy, steps } = f.throughput;
	if (rate === 0 && steps.length > 0) return `< ${int(steps[0].offeredPerSecond)}`;
	return `${int(rate)}${limitedBy.startsWith('not reached') ? '+' : ''}`;
}

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted.length ? sorted[Math.floor((sorted.length - 1) / 2)] : Number.NaN;
}

/** A Markdown table: one row per figure, one column per map size. */
export function formatTable(result: BenchResult): string {
	const header = ['', ...result.sizes.map((size) => `${size.agents.toLocaleString('en-US')} agents`)];
	const lines = [`| ${header.join(' | ')} |`, `| ${header.map((_, i) => (i === 0 ? '---' : '---:')).join(' | ')} |`];
	for (const row of ROWS) {
		if ('section' in row) lines.push(`| **${row.section}** |${' |'.repeat(result.sizes.length)}`);
		else lines.push(`| ${row.label} | ${result.sizes.map((size) => row.cell(size)).join(' | ')} |`);
	}
	return lines.join('\n');
}

export function formatProblems(result: BenchResult): string[] {
	const out: string[] = [];
	for (const size of result.sizes) {
		if (!size.server.ok) out.push(`${size.agents} agents, server: ${size.server.error}`);
		if (!size.readers.ok) out.push(`${size.agents} agents, readers: ${size.readers.error}`);
		if (!size.twoProcesses.ok) {
			out.push(`${size.agents} agents, two processes: ${'error' in size.twoProcesses ? size.twoProcesses.error : size.twoProcesses.skipped}`);
		}
		if (!size.browser.ok) out.push(`${size.agents} agents, browser: ${'error' in size.browser ? size.browser.error : size.browser.skipped}`);
		if (!size.browser.ok) continue;
		const figures = size.browser.figures;
		for (const key of ['panZoom', 'filter', 'agentEdits', 'export', 'reload'] as const) {
			const value = figures[key];
			if ('error' in value) out.push(`${size.agents} agents, browser ${key}: ${value.error}`);
		}
		for (const failure of figures.render.failures) out.push(`${size.agents} agents, browser render run: ${failure}`);
		if (part(figures, 'panZoom')?.agentMovedByMistake) {
			out.push(`${size.agents} agents, browser: a pan gesture moved an agent (the start spot was not empty)`);
		}
	}
	return out;
}

export interface TargetCheck {
	target: string;
	limit: string;
	measured: string;
	status: 'met' | 'missed' | 'not measured';
	note: string;
}

/** The targets, checked at the largest size measured (the issue sets them at 50,000). */
export function checkTargets(result: BenchResult): { agents: number; checks: TargetCheck[] } {
	const size = result.sizes.reduce((a, b) => (b.agents > a.agents ? b : a));
	const server = size.server.ok ? size.server.figures : null;
	const browser = size.browser.ok ? size.browser.figures : null;
	const check = (target: string, limit: number, unit: string, value: number | undefined, note = ''): TargetCheck => ({
		target,
		limit: `< ${limit.toLocaleString('en-US')} ${unit}`,
		measured: value === undefined || !Number.isFinite(value) ? '—' : `${unit === 'MB' ? mb(value) : ms(value)} ${unit}`,
		status: value === undefined || !Number.isFinite(value) ? 'not measured' : value < limit ? 'met' : 'missed',
		note
	});
	return {
		agents: size.agents,
		checks: [
			check('initial sync', 1500, 'ms', server?.initialSync.medianMs),
			check('first full render', 2000, 'ms', browser?.render.medianAllAgentsDrawnMs, editableNote(browser)),
			check(`edit propagation p95 (${server?.propagation.clients ?? '?'} clients)`, 50, 'ms', server?.propagation.toAllMs.p95),
			check('filter change (p95, list and map)', 50, 'ms', part(browser, 'filter')?.appliedMs.p95),
			check('pan/zoom p95 frame', 33, 'ms', part(browser, 'panZoom')?.frameMs.p95, 'software WebGL (SwiftShader)'),
			check('whole-map GeoJSON export', 1000, 'ms', part(browser, 'export')?.exportMs),
			check('server memory for the open map (RSS delta)', 300, 'MB', server?.memory.roomRssMB, server ? `heap delta ${mb(server.memory.roomHeapMB)} MB` : '')
		]
	};
}

function medianListShownMs(browser: BrowserFigures): number {
	return median(browser.render.runs.map((r) => r.listShownMs));
}

/** The render target is the map's drawing; say when the map could be edited (the list full). */
function editableNote(browser: BrowserFigures | null): string {
	if (!browser || browser.render.runs.length === 0) return '';
	return `the list shows all agents (editable) at ${ms(medianListShownMs(browser))} ms`;
}

export function formatTargets(result: BenchResult): string {
	const { agents, checks } = checkTargets(result);
	const lines = [
		`Targets at ${agents.toLocaleString('en-US')} agents:`,
		'',
		'| target | limit | measured | status | note |',
		'| --- | ---: | ---: | --- | --- |',
		...checks.map((c) => `| ${c.target} | ${c.limit} | ${c.measured} | ${c.status} | ${c.note} |`)
	];
	return lines.join('\n');
}
