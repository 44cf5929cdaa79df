/**
 * Test harness: starts the real server (`server/main.ts`) as a child process on a free port
 * with its own data directory, and connects stock y-websocket clients to it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as encoding from 'lib0/encoding';
import { afterEach } from 'vitest';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { MapDocument } from '../../src/lib/model/index.ts';
import { SqliteStore } from '../../server/store/sqlite-store.ts';
import { SqliteAccountStore } from '../../server/store/sqlite-account-store.ts';
import { SessionManager } from '../../server/auth/sessions.ts';
import type { Role } from '../../server/auth/permissions.ts';
import { encodeUpdateMessage } from '../../server/collab/protocol.ts';
import { randomUUID } from 'node:crypto';

const ROOT = resolve(import.meta.dirname, '../..');

export function tempDataDir(): { dir: string; remove(): void } {
	const dir = mkdtempSync(join(tmpdir(), 'tejido-test-'));
	return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Opens the server's database file from the test process (SQLite allows both at once). */
async function withDatabase<T>(dataDir: string, fn: (store: SqliteStore, accounts: SqliteAccountStore) => Promise<T>): Promise<T> {
	const store = new SqliteStore(join(dataDir, 'tejido.db'));
	try {
		return await fn(store, new SqliteAccountStore(store.db));
	} finally {
		await store.close();
	}
}

/**
 * Creates maps directly in the database file, open to every account as `openRole`, and
 * returns the session cookie of one account that can use them.
 */
export async function createMaps(dataDir: string, ids: string[], openRole: Role | null = 'editor'): Promise<string> {
	await withDatabase(dataDir, async (store, accounts) => {
		for (const id of ids) {
			await store.createMap({ id, name: `Test ${id}`, createdAt: Date.now() });
			await accounts.updateMap(id, { openRole });
		}
	});
	return (await createAccount(dataDir, 'tester')).cookie;
}

export interface TestAccount {
	userId: string;
	/** A `Cookie` header value with a valid session. */
	cookie: string;
}

/** An account with a live session, made in the database (argon2 hashing is not under test here). */
export async function createAccount(dataDir: string, name: string, isAdmin = false): Promise<TestAccount> {
	return withDatabase(dataDir, async (_store, accounts) => {
		const userId = randomUUID();
		await accounts.createUser(
			{ id: userId, email: `${name}-${userId.slice(0, 8)}@example.org`, name, isAdmin, createdAt: Date.now() },
			'not-a-usable-hash'
		);
		const { token } = await new SessionManager(accounts).create(userId);
		return { userId, cookie: `tejido_session=${token}` };
	});
}

export async function setMember(dataDir: string, mapId: string, userId: string, role: Role): Promise<void> {
	await withDatabase(dataDir, (_store, accounts) => accounts.setMember(mapId, userId, role));
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

export interface StartOptions {
	/**
	 * A command that runs the server (e.g. `['prlimit', '--fsize=1:']`): the node binary and
	 * `server/main.ts` are appended to it.
	 */
	wrap?: string[];
}

/** Lets the harness read /api/health's details (open rooms), which anonymous callers do not get. */
export const HEALTH_TOKEN = `test-${randomUUID()}`;

/** The server as a child process on a free port, without pages or demo data unless `env` says. */
function spawnServer(dataDir: string, env: Record<string, string>, options: StartOptions): ChildProcess {
	const [command, ...args] = [...(options.wrap ?? []), process.execPath, 'server/main.ts'];
	return spawn(command, args, {
		cwd: ROOT,
		env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, SERVE_PAGES: '0', SEED_DEMO: '0', HEALTH_TOKEN, ...env },
		stdio: ['ignore', 'pipe', 'pipe']
	});
}

export async function startServer(dataDir: string, env: Record<string, string> = {}, options: StartOptions = {}): Promise<ServerProcess> {
	const child = spawnServer(dataDir, env, options);
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

export interface ClientOptions {
	/** Session cookie to connect with. */
	cookie?: string;
	/** Share-link token to connect with. */
	share?: string;
	connect?: boolean;
	/** Connect this document instead of a new one (a client moving to another server process). */
	doc?: Y.Doc;
}

export function connectClient(wsUrl: string, mapId: string, actor = 'tester', options: ClientOptions = {}): TestClient {
	const doc = options.doc ?? new Y.Doc();
	const headers: Record<string, string> = options.cookie ? { cookie: options.cookie } : {};
	// y-websocket constructs sockets itself: a subclass adds our cookie to each handshake.
	class AuthenticatedSocket extends WebSocket {
		constructor(url: string, protocols?: string | string[]) {
			super(url, protocols, { headers });
		}
	}
	const provider = new WebsocketProvider(wsUrl, mapId, doc, {
		WebSocketPolyfill: AuthenticatedSocket as unknown as typeof globalThis.WebSocket,
		disableBc: true,
		connect: options.connect ?? true,
		params: options.share ? { share: options.share } : {},
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

/**
 * Starts the server where it must refuse to start: resolves with its exit code and all it
 * printed (after its output streams close), or rejects if it is still running after 20 s.
 */
export function failedStart(dataDir: string, env: Record<string, string> = {}, options: StartOptions = {}): Promise<{ code: number | null; output: string }> {
	const child = spawnServer(dataDir, env, options);
	let output = '';
	child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
	child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
	return new Promise((resolveExit, reject) => {
		const timer = setTimeout(() => {
			child.kill('SIGKILL');
			reject(new Error(`the server did not refuse to start:\n${output}`));
		}, 20_000);
		child.once('close', (code) => {
			clearTimeout(timer);
			resolveExit({ code, output });
		});
	});
}

/** The server's `/api/health` answer, with the details an operator's probe gets. */
export async function health(url: string): Promise<{ status: string; openRooms: number }> {
	const response = await fetch(`${url}/api/health`, { headers: { authorization: `Bearer ${HEALTH_TOKEN}` } });
	if (!response.ok) throw new Error(`health answered ${response.status}`);
	return (await response.json()) as { status: string; openRooms: number };
}

/** Resident memory of a process, in KiB (Linux, from /proc/<pid>/status). */
export function residentKiB(pid: number): number {
	const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
	if (!match) throw new Error(`no VmRSS for process ${pid}`);
	return Number(match[1]);
}

/**
 * The JavaScript heap a server process still uses after full garbage collections, in KiB:
 * what it really holds, unlike its resident size, which keeps freed pages for reuse. The
 * server must have been started with `NODE_OPTIONS: '--inspect=127.0.0.1:0'`; this talks to
 * its inspector (Chrome DevTools Protocol) on loopback.
 */
export async function heapAfterGcKiB(server: ServerProcess): Promise<number> {
	const match = /Debugger listening on (ws:\/\/\S+)/.exec(server.output());
	if (!match) throw new Error('the server was not started with --inspect');
	const socket = new WebSocket(match[1]);
	await new Promise((opened, failed) => socket.once('open', opened).once('error', failed));
	let lastId = 0;
	const call = (method: string) =>
		new Promise<Record<string, unknown>>((answered, failed) => {
			const id = ++lastId;
			const onMessage = (data: Buffer) => {
				const reply = JSON.parse(data.toString()) as { id?: number; result?: Record<string, unknown>; error?: { message: string } };
				if (reply.id !== id) return;
				socket.off('message', onMessage);
				if (reply.error) failed(new Error(`${method}: ${reply.error.message}`));
				else answered(reply.result ?? {});
			};
			socket.on('message', onMessage);
			socket.send(JSON.stringify({ id, method }));
		});
	try {
		// Twice: objects with finalizers (sockets, timers) are only freed by the second pass.
		await call('HeapProfiler.collectGarbage');
		await call('HeapProfiler.collectGarbage');
		const { usedSize } = (await call('Runtime.getHeapUsage')) as { usedSize: number };
		return Math.round(usedSize / 1024);
	} finally {
		socket.terminate();
	}
}

/**
 * A map made over HTTP by an owner who invites an editor, as people do: both signed up, each
 * with a cookie jar. Also a share link (read-only) and an account with no access.
 */
export async function mapWithTwoPeople(base: string, names: [string, string] = ['Ana', 'Beto']) {
	const { Client } = await import('./http-client.ts');
	const owner = new Client(base);
	const editor = new Client(base);
	const outsider = new Client(base);
	const ownerAccount = await owner.signUp(names[0]);
	const editorAccount = await editor.signUp(names[1]);
	await outsider.signUp('Outsider');
	const created = await owner.post('/api/maps', { name: 'Registro' });
	const mapId = (created.body.map as { id: string }).id;
	const invitation = await owner.post(`/api/maps/${mapId}/invitations`, { role: 'editor' });
	const accepted = await editor.post(`/api/invitations/${invitation.body.token}/accept`);
	if (accepted.status !== 200) throw new Error(`invitation not accepted: ${JSON.stringify(accepted.body)}`);
	const share = await owner.post(`/api/maps/${mapId}/shares`, {});
	const partner = new Client(base);
	partner.share = String(share.body.token);
	return { mapId, owner, editor, outsider, partner, ownerId: ownerAccount.id, editorId: editorAccount.id };
}

/** Opens a websocket to a map and resolves with how the server closed it (rejects after 5 s). */
export function closeOf(wsUrl: string, mapId: string, cookie: string): Promise<{ code: number; reason: string }> {
	return new Promise((resolve, reject) => {
		const ws = new WebSocket(`${wsUrl}/${mapId}`, { headers: { cookie } });
		ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() }));
		ws.on('error', () => {});
		setTimeout(() => reject(new Error(`${mapId} was not closed`)), 5000);
	});
}

/**
 * A Yjs update (v1) with no content and one deleted range, `length` items of `client` from
 * `clock`: what a modified client sends to delete content no one has created yet.
 */
export function deleteOnlyUpdate(client: number, clock: number, length: number): Uint8Array {
	const e = encoding.createEncoder();
	encoding.writeVarUint(e, 0); // no structs
	encoding.writeVarUint(e, 1); // one client in the delete set
	encoding.writeVarUint(e, client);
	encoding.writeVarUint(e, 1); // one range
	encoding.writeVarUint(e, clock);
	encoding.writeVarUint(e, length);
	return encoding.toUint8Array(e);
}

/** Sends one y-protocol update message over a raw socket, then closes it. */
export function sendRawUpdate(wsUrl: string, mapId: string, cookie: string, update: Uint8Array): Promise<void> {
	const message = encodeUpdateMessage(update);
	return new Promise((resolve, reject) => {
		const ws = new WebSocket(`${wsUrl}/${mapId}`, { headers: { cookie } });
		ws.on('open', () => ws.send(message, (error) => (error ? reject(error) : setTimeout(() => (ws.close(), resolve()), 200))));
		ws.on('error', reject);
	});
}

/** What a test file registers to undo after each test: run in reverse order, awaited. */
export interface Cleanups {
	push(...cleanups: (() => unknown)[]): number;
	/** Destroys this client after the test; returns it. */
	track<T extends { destroy(): void }>(client: T): T;
}

/** Registers (for the calling test file) an afterEach that runs what its tests pushed. */
export function cleanupAfterEach(): Cleanups {
	const list: (() => unknown)[] = [];
	afterEach(async () => {
		for (const cleanup of list.splice(0).reverse()) await cleanup();
	});
	return {
		push: (...cleanups) => list.push(...cleanups),
		track: (client) => {
			list.push(() => client.destroy());
			return client;
		}
	};
}
