/**
 * Starts the real server (`server/main.ts`) as a child process on a free loopback port, the
 * way tests/server/harness.ts does, plus a Node inspector on loopback so the benchmark can
 * force a garbage collection and read the server's heap without any hook in server code.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import WebSocket from 'ws';
import { trackChild } from './cleanup.ts';

const ROOT = resolve(import.meta.dirname, '..');

export interface BenchServer {
	url: string;
	wsUrl: string;
	pid: number;
	output(): string;
	/** Heap and RSS after a full garbage collection, through the inspector. */
	memoryAfterGc(): Promise<NodeJS.MemoryUsage>;
	/** SIGTERM (the server stores what it holds), then SIGKILL after `graceMs`. */
	stop(graceMs?: number): Promise<void>;
}

export interface ServerOptions {
	dataDir: string;
	pages: boolean;
	env?: Record<string, string>;
	/** The built app the server serves (BUILD_DIR); the repository's build/ by default. */
	buildDir?: string;
	/** Extra Node flags for the server, e.g. ['--cpu-prof', '--cpu-prof-dir=…']. */
	nodeFlags?: string[];
	startTimeoutMs?: number;
}

export async function startBenchServer(options: ServerOptions): Promise<BenchServer> {
	const child = spawn(process.execPath, [...(options.nodeFlags ?? []), '--inspect=127.0.0.1:0', resolve(ROOT, 'server/main.ts')], {
		cwd: ROOT,
		env: {
			...process.env,
			PORT: '0',
			HOST: '127.0.0.1',
			DATA_DIR: options.dataDir,
			SERVE_PAGES: options.pages ? '1' : '0',
			SEED_DEMO: '0',
			...(options.buildDir ? { BUILD_DIR: options.buildDir } : {}),
			...options.env
		},
		stdio: ['ignore', 'pipe', 'pipe']
	});
	trackChild(child);
	let output = '';
	const exited = new Promise<void>((done) => child.once('exit', () => done()));
	const collect = (chunk: Buffer) => {
		output += chunk.toString();
		// Keep the log bounded: a long run must not grow the benchmark's memory.
		if (output.length > 200_000) output = output.slice(-100_000);
	};
	child.stdout!.on('data', collect);
	child.stderr!.on('data', collect);
	try {
		const [url, inspectorUrl] = await Promise.all([
			waitForOutput(child, () => output, /running at (http:\/\/\S+)/, options.startTimeoutMs ?? 30_000),
			waitForOutput(child, () => output, /Debugger listening on (ws:\/\/\S+)/, options.startTimeoutMs ?? 30_000)
		]);
		return {
			url: url.replace('localhost', '127.0.0.1'),
			wsUrl: url.replace('localhost', '127.0.0.1').replace('http', 'ws') + '/collab',
			pid: child.pid!,
			output: () => output,
			memoryAfterGc: () => memoryAfterGc(inspectorUrl),
			stop: (graceMs = 60_000) => stop(child, exited, graceMs)
		};
	} catch (error) {
		await stop(child, exited, 2_000);
		throw error;
	}
}

async function stop(child: ChildProcess, exited: Promise<void>, graceMs: number): Promise<void> {
	if (child.exitCode !== null || child.signalCode !== null) return;
	child.kill('SIGTERM');
	const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
	await exited;
	clearTimeout(timer);
}

function waitForOutput(child: ChildProcess, output: () => string, pattern: RegExp, timeoutMs: number): Promise<string> {
	return new Promise((resolveMatch, reject) => {
		const check = () => {
			const match = pattern.exec(output());
			if (match) {
				cleanup();
				resolveMatch(match[1]);
			}
		};
		const onExit = (code: number | null) => {
			cleanup();
			reject(new Error(`the server exited (${code}) before it was ready:\n${output().slice(-4000)}`));
		};
		const timer = setTimeout(() => {
			cleanup();
			reject(new Error(`the server did not start within ${timeoutMs} ms:\n${output().slice(-4000)}`));
		}, timeoutMs);
		const cleanup = () => {
			clearTimeout(timer);
			child.stdout!.off('data', check);
			child.stderr!.off('data', check);
			child.off('exit', onExit);
		};
		child.stdout!.on('data', check);
		child.stderr!.on('data', check);
		child.once('exit', onExit);
		check();
	});
}

/** One short inspector session: collect garbage, read `process.memoryUsage()`, disconnect. */
async function memoryAfterGc(inspectorUrl: string): Promise<NodeJS.MemoryUsage> {
	const socket = new WebSocket(inspectorUrl, { perMessageDeflate: false });
	await new Promise<void>((done, reject) => {
		socket.once('open', () => done());
		socket.once('error', reject);
	});
	let nextId = 1;
	const call = (method: string, params: object = {}) =>
		new Promise<any>((done, reject) => {
			const id = nextId++;
			const timer = setTimeout(() => reject(new Error(`inspector: ${method} timed out`)), 60_000);
			const onMessage = (data: WebSocket.RawData) => {
				const message = JSON.parse(String(data));
				if (message.id !== id) return;
				clearTimeout(timer);
				socket.off('message', onMessage);
				if (message.error) reject(new Error(`inspector: ${method}: ${message.error.message}`));
				else done(message.result);
			};
			socket.on('message', onMessage);
			socket.send(JSON.stringify({ id, method, params }));
		});
	try {
		await call('HeapProfiler.enable');
		await call('HeapProfiler.collectGarbage');
		await call('HeapProfiler.disable');
		const result = await call('Runtime.evaluate', {
			expression: 'JSON.stringify(process.memoryUsage())',
			returnByValue: true
		});
		return JSON.parse(result.result.value);
	} finally {
		socket.terminate();
	}
}
