/**
 * What read-only connections cost the server (issue 23, items 1 and 2), at each map size:
 * - a flood of document messages (updates and sync step 2) from viewer accounts, which the
 *   server drops without reading the map: its CPU per message and how late /api/health answers
 *   meanwhile;
 * - clients that stop reading (a paused socket) while they ask for presence again and again,
 *   once up to date and once after asking for the whole map: the server's resident memory per
 *   such client, and whether it closes them (4417) past MAX_BUFFERED_BYTES beyond their largest
 *   message.
 * Neither should grow with the map, except that a whole-map answer is the largest message.
 * Its own server process (the same settings as the server part), beside the stored map.
 */
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { MapDocument } from '../src/lib/model/index.ts';
import { cpuDuring, processMemory } from './proc.ts';
import { awarenessMessage, connectRawClient, hash, syncMessage, type RawClient } from './raw-client.ts';
import { probeStalls, SERVER_ENV } from './server-bench.ts';
import { startBenchServer, type BenchServer } from './server-process.ts';
import { MB } from './stats.ts';
import { createMemberCookie, type StoredMap } from './stored-map.ts';

export interface ReaderBenchOptions {
	dataDir: string;
	/** Read-only connections in the flood; each sends FLOOD_PER_CONNECTION messages. */
	floodConnections: number;
	/** Paused clients of each kind. */
	slowClients: number;
	timeoutMs: number;
	log: (message: string) => void;
}

/** Under the server's allowance of 50 dropped writes per reader (room.ts), with the handshake's step 2. */
const FLOOD_PER_CONNECTION = 48;
/** Presence queries each paused client sends; every answer holds a 10 KB presence state. */
const QUERIES_PER_SLOW_CLIENT = 3000;
const SLOW_LOG = 'does not read what it is sent';

export interface FloodFigures {
	connections: number;
	messages: number;
	/** Server CPU over the flood, less what it spends idle (answering the probes) as long. */
	serverCpuMs: number;
	cpuMicrosPerMessage: number;
	/** The slowest /api/health answer during the flood, and during as long a quiet time before it. */
	longestProbeMs: number;
	idleLongestProbeMs: number;
	/** Connections the server closed meanwhile (none is expected: each stays within its allowance). */
	closed: number;
}

export interface SlowFigures {
	clients: number;
	/** The server's peak resident memory while they were paused, less before, per client. */
	rssPerClientMB: number;
	/** Clients the server closed as slow readers (4417), and the most it held for one then. */
	closedSlow: number;
	bufferedAtCloseMB: number;
}

export interface ReaderFigures {
	flood: FloodFigures;
	/** Paused once up to date: only the presence answers pile up. */
	slowUpToDate: SlowFigures;
	/** Paused right after asking for the whole map (the first sync of a client with nothing). */
	slowWholeMap: SlowFigures;
}

export async function benchReaders(stored: StoredMap, options: ReaderBenchOptions): Promise<ReaderFigures> {
	const viewer = await createMemberCookie(options.dataDir, stored.mapId, 'viewer');
	const server = await startBenchServer({ dataDir: options.dataDir, pages: false, env: SERVER_ENV });
	try {
		options.log('readers: a flood of document messages from viewers');
		const flood = await floodFromReaders(server, stored.mapId, viewer, options);
		options.log('readers: paused clients, up to date');
		const slowUpToDate = await pausedClients(server, stored.mapId, viewer, false, options);
		options.log('readers: paused clients that asked for the whole map');
		const slowWholeMap = await pausedClients(server, stored.mapId, viewer, true, options);
		return { flood, slowUpToDate, slowWholeMap };
	} finally {
		await server.stop(5_000);
	}
}

async function floodFromReaders(server: BenchServer, mapId: string, cookie: string, options: ReaderBenchOptions): Promise<FloodFigures> {
	const readers: RawClient[] = [];
	let closed = 0;
	try {
		for (let i = 0; i < options.floodConnections; i++) {
			const reader = await connectRawClient(server.wsUrl, mapId, `bench-f-${String(i).padStart(3, '0')}`, {
				cookie,
				presence: false,
				timeoutMs: options.timeoutMs
			});
			void reader.closed.then(() => closed++);
			readers.push(reader);
		}
		// What a modified reader's client would send: a new agent, as an update and as a step 2.
		const forged = new MapDocument(new Y.Doc(), 'bench-reader');
		forged.addAgent({ name: 'Forged by a reader', position: [-74.08, 4.6], description: 'x'.repeat(200) });
		const update = Y.encodeStateAsUpdate(forged.doc);
		const messages = [syncMessage(syncProtocol.messageYjsUpdate, update), syncMessage(syncProtocol.messageYjsSyncStep2, update)];

		const quiet = await cpuDuring(server.pid, async () => {
			const probe = probeStalls(server.url);
			await sleep(1000);
			return probe.stop();
		});
		const closedBefore = closed;
		const probe = probeStalls(server.url);
		const flood = await cpuDuring(server.pid, async () => {
			// Each connection's last message asks for its (empty) difference: its answer comes
			// once the server has handled everything the connection sent before.
			const answered = readers.map((reader) => new Promise<void>((done) => (reader.onSyncAnswer = () => done())));
			for (let n = 0; n < FLOOD_PER_CONNECTION; n++) for (const reader of readers) reader.send(messages[n % 2]);
			for (const reader of readers) reader.send(syncMessage(syncProtocol.messageYjsSyncStep1, reader.serverStateVector));
			await Promise.race([Promise.all(answered), sleep(options.timeoutMs)]);
		});
		const stalls = await probe.stop();
		const count = readers.length * FLOOD_PER_CONNECTION;
		const serverCpuMs = Math.max(0, flood.cpuSeconds - (quiet.cpuSeconds / quiet.wallSeconds) * flood.wallSeconds) * 1000;
		return {
			connections: readers.length,
			messages: count,
			serverCpuMs,
			cpuMicrosPerMessage: (serverCpuMs * 1000) / count,
			longestProbeMs: stalls.longestProbeMs,
			idleLongestProbeMs: quiet.result.longestProbeMs,
			closed: closed - closedBefore
		};
	} finally {
		for (const reader of readers) reader.close();
	}
}

async function pausedClients(
	server: BenchServer,
	mapId: string,
	cookie: string,
	wholeMap: boolean,
	options: ReaderBenchOptions
): Promise<SlowFigures> {
	// Someone with a 10 KB presence state, which every presence answer carries.
	// A presence id of its own each time: the previous phase's may still be held (only its introducer may set it).
	const name = `bench-talker-${wholeMap ? 'whole-map' : 'up-to-date'}`;
	const talker = await connectRawClient(server.wsUrl, mapId, name, { cookie, presence: false, timeoutMs: options.timeoutMs });
	const paused: RawClient[] = [];
	try {
		talker.send(awarenessMessage(hash(name), name, { selection: 'x'.repeat(10_000) }));
		await server.memoryAfterGc();
		const closesBefore = slowCloses(server).length;
		const rssBefore = processMemory(server.pid).rss;
		let peak = rssBefore;
		const sample = setInterval(() => (peak = Math.max(peak, processMemory(server.pid).rss)), 20);
		try {
			for (let i = 0; i < options.slowClients; i++) {
				const client = await connectRawClient(server.wsUrl, mapId, `bench-s-${i}`, {
					cookie,
					presence: false,
					timeoutMs: options.timeoutMs,
					askFullStateThenPause: wholeMap
				});
				client.pause();
				paused.push(client);
			}
			const query = new Uint8Array([3]);
			const closedAll = () => slowCloses(server).length - closesBefore >= paused.length;
			for (let sent = 0; sent < QUERIES_PER_SLOW_CLIENT && !closedAll(); sent += 100) {
				for (const client of paused) for (let n = 0; n < 100; n++) client.send(query);
				await sleep(20);
			}
			const deadline = performance.now() + 10_000;
			while (!closedAll() && performance.now() < deadline) await sleep(50);
		} finally {
			clearInterval(sample);
		}
		const closes = slowCloses(server).slice(closesBefore);
		return {
			clients: paused.length,
			rssPerClientMB: (peak - rssBefore) / MB / paused.length,
			closedSlow: closes.length,
			bufferedAtCloseMB: closes.length ? Math.max(...closes) / MB : Number.NaN
		};
	} finally {
		for (const client of paused) client.close();
		talker.close();
		// The server lets go of a closed socket's unsent data once the socket is gone.
		await sleep(500);
	}
}

/** The bytes the server held for each connection it closed as a slow reader, from its log. */
function slowCloses(server: BenchServer): number[] {
	return server
		.output()
		.split('\n')
		.filter((line) => line.includes(SLOW_LOG))
		.map((line) => Number(/buffered=(\d+)/.exec(line)?.[1] ?? Number.NaN));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
