/**
 * Real PostgreSQL and Redis servers for the tests, from Debian's `postgresql` and
 * `redis-server` packages (scripts/ensure-services.ts installs them): each on a free loopback
 * port with a throwaway data directory, stopped and removed by `stop()`.
 *
 * PostgreSQL refuses to run as root, so when the tests run as root its processes run as the
 * `postgres` system user that Debian's package creates (falling back to `nobody`).
 */
import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);

export interface PostgresServer {
	/** A connection URL for the `postgres` maintenance database (superuser, trust auth). */
	url: string;
	/** Creates an empty database and returns its URL. */
	createDatabase(name?: string): Promise<string>;
	stop(): Promise<void>;
}

export interface RedisServer {
	url: string;
	stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as { port: number };
			server.close(() => resolve(port));
		});
	});
}

function postgresBin(): string {
	const root = '/usr/lib/postgresql';
	const versions = existsSync(root)
		? readdirSync(root)
				.filter((v) => existsSync(join(root, v, 'bin', 'pg_ctl')))
				.sort((a, b) => Number(b) - Number(a))
		: [];
	if (versions.length === 0) {
		throw new Error('PostgreSQL is not installed: install Debian’s postgresql package (scripts/ensure-services.ts does it as root).');
	}
	return join(root, versions[0], 'bin');
}

/** The uid/gid to run PostgreSQL as: ourselves, or an unprivileged system user when root. */
function serviceUser(): { uid: number; gid: number } | null {
	if (process.getuid?.() !== 0) return null;
	const passwd = readFileSync('/etc/passwd', 'utf8').split('\n').map((line) => line.split(':'));
	for (const name of ['postgres', 'nobody']) {
		const entry = passwd.find((fields) => fields[0] === name);
		if (entry) return { uid: Number(entry[2]), gid: Number(entry[3]) };
	}
	throw new Error('Running as root, and neither a `postgres` nor a `nobody` user exists to run PostgreSQL.');
}

export async function startPostgres(): Promise<PostgresServer> {
	const bin = postgresBin();
	const user = serviceUser();
	const dir = mkdtempSync(join(tmpdir(), 'tejido-pg-'));
	const data = join(dir, 'data');
	if (user) chownSync(dir, user.uid, user.gid);
	const as = { ...(user ?? {}), env: { ...process.env, LC_ALL: 'C', HOME: dir } };
	const port = await freePort();
	try {
		await run(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync'], as);
		// Loopback only, socket in the throwaway directory, and no fsync: these servers hold
		// nothing worth keeping across a power cut.
		const options = `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
		await run(join(bin, 'pg_ctl'), ['-D', data, '-l', join(dir, 'server.log'), '-o', options, '-w', '-t', '30', 'start'], as);
	} catch (error) {
		const log = existsSync(join(dir, 'server.log')) ? readFileSync(join(dir, 'server.log'), 'utf8') : '';
		rmSync(dir, { recursive: true, force: true });
		throw new Error(`PostgreSQL did not start: ${(error as Error).message}\n${log}`, { cause: error });
	}
	let stopped = false;
	const stopNow = () => {
		if (stopped) return;
		stopped = true;
		try {
			// Synchronous, so it also runs from the exit hook if a test run is interrupted.
			spawnSyncQuiet(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop'], as);
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	};
	process.once('exit', stopNow);
	const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
	let databases = 0;
	return {
		url,
		async createDatabase(name = `tejido_${process.pid}_${++databases}`) {
			const client = new pg.Client({ connectionString: url });
			await client.connect();
			try {
				await client.query(`CREATE DATABASE ${name}`);
			} finally {
				await client.end();
			}
			return `postgres://postgres@127.0.0.1:${port}/${name}`;
		},
		async stop() {
			process.off('exit', stopNow);
			stopNow();
		}
	};
}

/** `port` restarts a Redis on the port of one stopped before (its clients reconnect to it). */
export async function startRedis(options: { port?: number } = {}): Promise<RedisServer> {
	const binary = ['/usr/bin/redis-server', '/usr/local/bin/redis-server'].find((path) => existsSync(path));
	if (!binary) throw new Error('Redis is not installed: install Debian’s redis-server package (scripts/ensure-services.ts does it as root).');
	const dir = mkdtempSync(join(tmpdir(), 'tejido-redis-'));
	const port = options.port ?? (await freePort());
	const config = join(dir, 'redis.conf');
	writeFileSync(config, [`port ${port}`, 'bind 127.0.0.1', `dir ${dir}`, 'save ""', 'appendonly no', 'daemonize no', 'loglevel warning'].join('\n'));
	const child: ChildProcess = spawn(binary, [config], { stdio: ['ignore', 'pipe', 'pipe'] });
	let output = '';
	child.stdout!.on('data', (chunk) => (output += chunk));
	child.stderr!.on('data', (chunk) => (output += chunk));
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	const kill = () => child.kill('SIGKILL');
	process.once('exit', kill);
	const url = `redis://127.0.0.1:${port}`;
	await waitForPort(port, () => child.exitCode !== null, () => output);
	return {
		url,
		async stop() {
			process.off('exit', kill);
			if (child.exitCode === null) {
				child.kill('SIGTERM');
				await exited;
			}
			rmSync(dir, { recursive: true, force: true });
		}
	};
}

async function waitForPort(port: number, died: () => boolean, output: () => string): Promise<void> {
	const start = Date.now();
	for (;;) {
		const open = await new Promise<boolean>((resolve) => {
			const socket = connect(port, '127.0.0.1');
			socket.once('connect', () => {
				socket.destroy();
				resolve(true);
			});
			socket.once('error', () => resolve(false));
		});
		if (open) return;
		if (died() || Date.now() - start > 10_000) throw new Error(`Redis did not start:\n${output()}`);
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
}

function spawnSyncQuiet(command: string, args: string[], options: { uid?: number; gid?: number; env: NodeJS.ProcessEnv }): void {
	spawnSync(command, args, { ...options, stdio: 'ignore', timeout: 30_000 });
}
