/**
 * Test harness: starts the real server (`server/main.ts`) as a child process on a free port
 * with its own data directory, and connects stock y-websocket clients to it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { MapDocument } from '../../src/lib/model/index.ts';
import { SqliteStore } from '../../server/store/sqlite-store.ts';

const ROOT = resolve(import.meta.dirname, '../..');

export function tempDataDir(): { dir: string; remove(): void } {
	const dir = mkdtempSync(join(tmpdir(), 'tejido-test-'));
	return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Creates maps directly in the database file before the server starts. */
export async function createMaps(dataDir: string, ids: string[]): Promise<void> {
	const store = new SqliteStore(join(dataDir, 'tejido.db'));
	for (const id of ids) await store.createMap({ id, name: `Test ${id}`, createdAt: Date.now() });
	await store.close();
}

export interface ServerProcess {
	url: string;
	wsUrl: string;
	process: ChildProcess;
	output: () => string;
	/** SIGTERM and wait: the server stores what it holds. */
	stop(): Promise<void>;
	/** SIGKILL: nothing gets a chance to flush. */
	kill(): Promise<void>;
}

export async function startServer(dataDir: string, env: Record<string, string> = {}): Promise<ServerProcess> {
	const child = spawn(process.execPath, ['server/main.ts'], {
		cwd: ROOT,
		env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, SERVE_PAGES: '0', SEED_DEMO: '0', ...env },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let output = '';
	const url = await new Promise<string>((resolveUrl, reject) => {
		const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 20_000);
		const onData = (chunk: Buffer) => {
			output += chunk.toString();
			const match = /running at (http:\/\/\S+)/.exec(output);
			if (match) {
				clearTimeout(timer);
				resolveUrl(match[1]);
			}
		};
		child.stdout!.on('data', onData);
		child.stderr!.on('data', onData);
		child.once('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
	});
	const exited = new Promise<void>((done) => child.once('exit', () => done()));
	return {
		url,
		wsUrl: url.replace('http', 'ws') + '/collab',
		process: child,
		output: () => output,
		async stop() {
			child.kill('SIGTERM');
			await exited;
		},
		async kill() {
			child.kill('SIGKILL');
			await exited;
		}
	};
}

export interface TestClient {
	doc: Y.Doc;
	map: MapDocument;
	provider: WebsocketProvider;
	synced(): Promise<void>;
	destroy(): void;
}

export function connectClient(wsUrl: string, mapId: string, actor = 'tester', connect = true): TestClient {
	const doc = new Y.Doc();
	const provider = new WebsocketProvider(wsUrl, mapId, doc, {
		WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
		disableBc: true,
		connect,
		params: { name: actor },
		// Keep reconnection quick in tests; the default backs off up to 2.5 s.
		maxBackoffTime: 300
	});
	return {
		doc,
		map: new MapDocument(doc, actor),
		provider,
		synced: () =>
			provider.synced ? Promise.resolve() : new Promise((done) => provider.once('sync', (ok: boolean) => ok && done())),
		destroy() {
			provider.awareness.destroy();
			provider.destroy();
			doc.destroy();
		}
	};
}

/** Resolves when `check` holds, polling; rejects with `message` after `timeoutMs`. */
export async function waitFor(check: () => boolean, message: string, timeoutMs = 10_000): Promise<void> {
	const start = Date.now();
	while (!check()) {
		if (Date.now() - start > timeoutMs) throw new Error(`timed out: ${message}`);
		await new Promise((r) => setTimeout(r, 20));
	}
}

export function canonical(doc: Y.Doc): string {
	return new MapDocument(doc).toCanonicalJSON();
}

export function sameState(a: Y.Doc, b: Y.Doc): boolean {
	return canonical(a) === canonical(b);
}
