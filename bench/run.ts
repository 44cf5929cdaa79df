/**
 * `npm run bench`: measures Tejido at regional scale and prints a table; the full result goes
 * to bench-results/ as JSON (and the table as Markdown) so two runs can be compared.
 *
 *   npm run bench                         sizes 1000,10000,50000, browser included
 *   npm run bench -- --quick              a tiny run (200 agents, 10 clients) to try it out
 *   npm run bench -- --sizes 1000,5000    other sizes (or --sizes=…, or BENCH_SIZES=1000,5000)
 *   npm run bench -- --no-browser         no browser figures
 *   npm run bench -- --no-two-processes   no propagation across two processes (PostgreSQL + Redis)
 *   npm run bench -- --no-build           measure the last build-bench/ (or build/) instead of building
 *   npm run bench -- --clients=50 --edits=1000 --seed=2026 --server-cpu-prof
 *   npm run bench -- --agent-edits=0      agents opened and edited in the browser (default 5; 0: none,
 *                                         to compare the measures after it with an app whose panel
 *                                         weighs on them)
 *
 * Never part of `npm test`: these are figures, not pass/fail.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DEFAULT_OPTIONS, QUICK_OPTIONS, runBench, type BenchOptions } from './bench.ts';
import { formatProblems, formatTable, formatTargets } from './report.ts';

const ROOT = resolve(import.meta.dirname, '..');
const RESULTS = resolve(ROOT, 'bench-results');
/** The benchmark's own build of the app (git-ignored like build/). */
const BUILD_DIR = 'build-bench';

// Big documents come and go between phases: run with an explicit GC and a larger heap.
if (typeof (globalThis as { gc?: unknown }).gc !== 'function' && !process.env.TEJIDO_BENCH_CHILD) {
	const child = spawn(process.execPath, ['--expose-gc', '--max-old-space-size=8192', import.meta.filename, ...process.argv.slice(2)], {
		stdio: 'inherit',
		env: { ...process.env, TEJIDO_BENCH_CHILD: '1' }
	});
	for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
	child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
} else {
	await main();
}

async function main(): Promise<void> {
	const args = process.argv.slice(2);
	const flag = (name: string) => args.includes(`--${name}`);
	// `--sizes=1000` or `--sizes 1000`.
	const value = (name: string, env?: string) => {
		const joined = args.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
		const at = args.indexOf(`--${name}`);
		const separate = at >= 0 && args[at + 1] !== undefined && !args[at + 1].startsWith('--') ? args[at + 1] : undefined;
		return joined ?? separate ?? (env ? process.env[env] : undefined);
	};
	const numbers = (text: string) => text.split(',').map((part) => Number(part.trim())).filter((n) => Number.isInteger(n) && n > 0);

	const options: BenchOptions = { ...DEFAULT_OPTIONS, ...(flag('quick') ? QUICK_OPTIONS : {}) };
	const sizes = value('sizes', 'BENCH_SIZES');
	if (sizes) options.sizes = numbers(sizes);
	for (const [name, key] of [['clients', 'clients'], ['edits', 'edits'], ['seed', 'seed'], ['agent-edits', 'agentEdits']] as const) {
		const given = value(name);
		if (given !== undefined) options[key] = Number(given);
	}
	if (flag('no-browser') || process.env.BENCH_BROWSER === '0') options.browser = false;
	if (flag('no-two-processes')) options.twoProcesses = false;
	const stamp = new Date().toISOString().replace(/[:.]/g, '-');
	if (flag('server-cpu-prof')) {
		const dir = resolve(RESULTS, `profiles-${stamp}`);
		mkdirSync(dir, { recursive: true });
		options.serverNodeFlags = ['--cpu-prof', `--cpu-prof-dir=${dir}`];
	}
	if (options.sizes.length === 0 || options.clients < 2) {
		console.error('Nothing to measure: give --sizes=N[,N…] with N ≥ 2 and --clients ≥ 2.');
		process.exit(2);
	}
	options.log = (message) => console.log(`${new Date().toISOString().slice(11, 19)} ${message}`);

	if (options.browser && !flag('no-build')) {
		const buildDir = build();
		if (buildDir) options.buildDir = buildDir;
		else options.browserSkipped = 'the build failed (see above)';
	} else if (existsSync(resolve(ROOT, BUILD_DIR, 'handler.js'))) options.buildDir = resolve(ROOT, BUILD_DIR);
	console.log(`Benchmark: sizes ${options.sizes.join(', ')}; ${options.clients} clients; ${options.edits} edits; browser ${options.browser ? 'on' : 'off'}`);
	const result = await runBench(options);

	mkdirSync(RESULTS, { recursive: true });
	const base = resolve(RESULTS, `bench-${stamp}`);
	const table = formatTable(result);
	const targets = formatTargets(result);
	const m = result.machine;
	const header = [
		`Date: ${result.date}`,
		`Command: npm run bench${args.length ? ' -- ' + args.join(' ') : ''}`,
		`Machine: ${m.cpus} × ${m.cpuModel}, ${m.memoryGB} GB, ${m.os}; Node ${m.node}; SQLite ${m.sqlite}; ${m.chromium ?? 'no chromium'}`,
		`Versions: ${Object.entries(m.packages).map(([name, version]) => `${name} ${version}`).join(', ')}`,
		`Commit: ${m.commit ?? 'unknown'}${m.uncommittedChanges ? ` + ${m.uncommittedChanges} uncommitted files` : ''}`,
		`Load average (1/5/15 min, /proc/loadavg): start ${result.loadAverage.start.join(' ')}, end ${result.loadAverage.end.join(' ')}` +
			(Math.max(result.loadAverage.start[0], result.loadAverage.end[0]) > 0.5 * m.cpus
				? ' — other work was running on this machine: the figures are noisy'
				: ''),
		`Duration: ${Math.round(result.durationSeconds)} s`
	].join('\n');
	const problems = formatProblems(result);
	const report = [header, '', table, '', targets, ...(problems.length ? ['', 'Problems:', ...problems.map((p) => `- ${p}`)] : [])].join('\n');
	writeFileSync(`${base}.json`, JSON.stringify(result, null, '\t'));
	writeFileSync(`${base}.md`, report + '\n');
	console.log('\n' + report + '\n');
	console.log(`Written: ${base}.json and .md`);
}

/**
 * The browser part measures the built app: build it, so a stale build is never measured, into
 * a directory of its own (BUILD_DIR): build/ is shared with the e2e tests, which may rebuild
 * it during a long run. Returns that directory, or null when the build failed.
 */
function build(): string | null {
	console.log(`Building the app into ${BUILD_DIR}/ (BUILD_DIR=${BUILD_DIR} npm run build; skip with --no-build)…`);
	const built = spawnSync('npm', ['run', 'build'], {
		cwd: ROOT,
		env: { ...process.env, BUILD_DIR },
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'pipe']
	});
	if (built.status !== 0) {
		console.error(`The build failed; the browser part will be skipped.\n${(built.stdout + built.stderr).slice(-3000)}`);
		return null;
	}
	return resolve(ROOT, BUILD_DIR);
}
