/**
 * The benchmark harness must not rot: a tiny run (100 agents, a few clients, a few edits)
 * against the real server (and two processes over PostgreSQL and Redis) must produce every
 * figure as a finite number. It asserts nothing about speed. The browser half needs the built
 * app, which does not exist yet when this step runs: tests/e2e/bench-smoke.test.ts covers it.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_OPTIONS, runBench, type BenchResult, type SizeResult } from '../../bench/bench.ts';
import { checkTargets, formatTable } from '../../bench/report.ts';
import { nonFinite } from '../../bench/stats.ts';


describe('benchmark smoke run', () => {
	let result: BenchResult;
	let size: SizeResult;

	beforeAll(async () => {
		result = await runBench({
			...DEFAULT_OPTIONS,
			sizes: [100],
			clients: 4,
			edits: 20,
			editGapMs: 0,
			syncRuns: 1,
			throughputRates: [50],
			throughputSeconds: 1,
			// The browser half runs in the e2e step, once the app is built (tests/e2e/bench-smoke.test.ts).
			browser: false,
			renderRuns: 1,
			filterChanges: 2,
			gestures: { drags: 1, steps: 3, wheels: 2 },
			readerConnections: 5,
			slowClients: 1,
			timeoutMs: 30_000
		});
		size = result.sizes[0];
	}, 240_000);

	it('describes the machine and the versions', () => {
		expect(result.machine.cpus).toBeGreaterThan(0);
		expect(result.machine.packages.yjs).toMatch(/^\d+\.\d+/);
		expect(nonFinite(result.loadAverage)).toEqual([]);
	});

	it('generates, stores and compacts the map', () => {
		expect(size.stored.counts.agents).toBe(100);
		expect(size.stored.counts.links).toBe(400);
		expect(nonFinite(size.stored)).toEqual([]);
	});

	it('produces every server figure', () => {
		if (!size.server.ok) throw new Error(size.server.error);
		const figures = size.server.figures;
		expect(nonFinite(figures)).toEqual([]);
		expect(figures.propagation.toAllMs.count).toBe(20);
		expect(figures.propagation.lost).toBe(0);
		expect(figures.initialSync.agentsReceived).toBe(100);
		expect(figures.throughput.steps.length).toBeGreaterThan(0);
	});

	it('produces the readers’ figures: a flood’s cost per message, and paused clients closed as slow', () => {
		if (!size.readers.ok) throw new Error(size.readers.error);
		const figures = size.readers.figures;
		expect(nonFinite(figures)).toEqual([]);
		expect(figures.flood.messages).toBeGreaterThan(0);
		expect(figures.flood.closed).toBe(0);
		expect(figures.slowUpToDate.closedSlow).toBe(figures.slowUpToDate.clients);
		expect(figures.slowWholeMap.closedSlow).toBe(figures.slowWholeMap.clients);
	});

	it('produces the two-process propagation figure', () => {
		if (!size.twoProcesses.ok) throw new Error('error' in size.twoProcesses ? size.twoProcesses.error : size.twoProcesses.skipped);
		expect(nonFinite(size.twoProcesses.figures)).toEqual([]);
		expect(size.twoProcesses.figures.toAllMs.count).toBe(20);
		expect(size.twoProcesses.figures.lost).toBe(0);
	});

	it('prints a table and checks the targets', () => {
		expect(formatTable(result)).toContain('100 agents');
		const { checks } = checkTargets(result);
		expect(checks).toHaveLength(7);
		const serverTargets = checks.filter((c) => /sync|propagation|memory/.test(c.target));
		expect(serverTargets.every((c) => c.status !== 'not measured')).toBe(true);
	});
});
