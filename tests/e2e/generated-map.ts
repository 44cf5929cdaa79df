/**
 * A generated map of many agents (the benchmark's seeded generator), served by its own server
 * process with the built app, and a chromium to open it: for the e2e tests that need a map far
 * larger than the demo. Everything is stopped and removed after `run`, even when it fails.
 */
import type { Browser } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { launchChromium } from '../../bench/browser-bench.ts';
import { trackDirectory } from '../../bench/cleanup.ts';
import { startBenchServer, type BenchServer } from '../../bench/server-process.ts';
import { writeStoredMap, type StoredMap } from '../../bench/stored-map.ts';

export interface GeneratedMap {
	server: BenchServer;
	stored: StoredMap;
	browser: Browser;
}

/** `env`: the server's settings for this map's test (e.g. FIRST_VIEW_MIN_AGENTS). */
export async function withGeneratedMap(agents: number, run: (map: GeneratedMap) => Promise<void>, env: Record<string, string> = {}): Promise<void> {
	const dataDir = mkdtempSync(join(tmpdir(), `tejido-e2e-${agents}-`));
	const removeDataDir = trackDirectory(dataDir);
	const stored = await writeStoredMap(dataDir, agents, 2026);
	const server = await startBenchServer({ dataDir, pages: true, buildDir: resolve(process.env.BUILD_DIR ?? 'build'), env });
	const browser = await launchChromium();
	try {
		await run({ server, stored, browser });
	} finally {
		await browser.close();
		await server.stop(10_000);
		removeDataDir();
	}
}
