/** The machine and the versions a benchmark ran on, so two runs can be compared fairly. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem, type } from 'node:os';
import { resolve } from 'node:path';
import { DatabaseSync } from 'node:sqlite';

const ROOT = resolve(import.meta.dirname, '..');
const PACKAGES = [
	'yjs',
	'y-protocols',
	'y-websocket',
	'lib0',
	'maplibre-gl',
	'svelte',
	'@sveltejs/kit',
	'hono',
	'@hono/node-server',
	'ws',
	'vite',
	'@playwright/test'
];

export interface Machine {
	os: string;
	cpuModel: string;
	cpus: number;
	memoryGB: number;
	node: string;
	sqlite: string;
	chromium: string | null;
	packages: Record<string, string>;
	commit: string | null;
	/** Files changed since that commit when the bench ran (the tree is shared and moving). */
	uncommittedChanges: number | null;
}

export function describeMachine(chromiumPath: string): Machine {
	const db = new DatabaseSync(':memory:');
	const sqlite = String((db.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v);
	db.close();
	return {
		os: `${type()} ${release()}`,
		cpuModel: cpus()[0]?.model ?? 'unknown',
		cpus: cpus().length,
		memoryGB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
		node: process.version,
		sqlite,
		chromium: quiet(() => execFileSync(chromiumPath, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim()),
		packages: Object.fromEntries(PACKAGES.map((name) => [name, packageVersion(name)])),
		// A copy of the tree (no .git) can say which commit it came from through the environment.
		commit: quiet(() => execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim()) ?? process.env.BENCH_COMMIT ?? null,
		uncommittedChanges:
			quiet(() => execFileSync('git', ['status', '--porcelain'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).split('\n').filter(Boolean).length) ??
			(process.env.BENCH_UNCOMMITTED ? Number(process.env.BENCH_UNCOMMITTED) : null)
	};
}

export function loadAverage(): [number, number, number] {
	const [one, five, fifteen] = loadavg();
	return [one, five, fifteen].map((value) => Math.round(value * 100) / 100) as [number, number, number];
}

function packageVersion(name: string): string {
	try {
		return JSON.parse(readFileSync(resolve(ROOT, 'node_modules', name, 'package.json'), 'utf8')).version;
	} catch {
		return 'missing';
	}
}

function quiet<T>(read: () => T): T | null {
	try {
		return read();
	} catch {
		return null;
	}
}
