/**
 * Server-side figures for one stored map: cold load into a room, the room's memory, a fresh
 * stock client's full initial sync, edit propagation to many connected clients with the
 * server's CPU, and the sustained edit rate fanned out without backlog.
 *
 * Everything runs on loopback against the real server started as a child process. The
 * receiving clients are protocol-level (see raw-client.ts); the editing client is the stock
 * y-websocket client with a full replica, editing through the model API.
 */
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { MapDocument } from '../src/lib/model/index.ts';
import { agentPicker, editAgent } from './edits.ts';
import { connectRawClient, type RawClient } from './raw-client.ts';
import { cpuDuring, processMemory } from './proc.ts';
import { startBenchServer, type BenchServer } from './server-process.ts';
import { distribution, MB, median, type Distribution } from './stats.ts';
import { syncStockClient, type StockClient } from './stock-client.ts';
import { collectGarbage, type StoredMap } from './stored-map.ts';

export interface ServerBenchOptions {
	dataDir: string;
	/** Connected clients during propagation: one editor and `clients − 1` receivers. */
	clients: number;
	edits: number;
	/** Pause between two propagation edits (each edit waits until every client has it). */
	editGapMs: number;
	syncRuns: number;
	throughputRates: number[];
	throughputSeconds: number;
	/** Limits on how long one phase may take before it is abandoned. */
	timeoutMs: number;
	nodeFlags?: string[];
	log: (message: string) => void;
}

/** The server's per-connection message limits are a policy, not its capacity: raise them so a
 *  single editor can offer more than 200 edits/s in the throughput phase. A short room grace
 *  lets the room close, and compact, soon after the last client leaves (see `compactionWhileServing`). */
// The bench's clients share one account and one address, and its receivers may stay silent
// through a long phase: the per-person connection limits and the idle timeout would drop them.
export const SERVER_ENV = {
	MESSAGES_PER_SECOND: '1000000',
	MESSAGE_BURST: '1000000',
	ROOM_GRACE_MS: '500',
	MAX_CONNECTIONS_PER_ACCOUNT: '100000',
	MAX_CONNECTIONS_PER_ADDRESS: '100000',
	IDLE_TIMEOUT_MS: '3600000'
};

export interface ServerFigures {
	coldLoadMs: number;
	connectMs: number;
	memory: {
		heapBeforeMB: number;
		rssBeforeMB: number;
		roomHeapMB: number;
		roomRssMB: number;
		peakRssMB: number;
		withClientsRssMB: number;
		withClientsHeapMB: number;
	};
	initialSync: { runsMs: number[]; medianMs: number; agentsReceived: number };
	propagation: {
		clients: number;
		edits: number;
		toAllMs: Distribution;
		toEachMs: Distribution;
		lost: number;
		serverCpuCores: number;
		serverCpuMsPerEdit: number;
		wallSeconds: number;
	};
	throughput: { sustainedEditsPerSecond: number; limitedBy: string; steps: ThroughputStep[] };
	/** The room's compaction when its last client left, on the running server. */
	compaction: CompactionFigures;
	stopMs: number;
}

export interface StallFigures {
	longestProbeMs: number;
	probes: number;
	failedProbes: number;
}

export interface CompactionFigures extends StallFigures {
	/** Updates the room's closing compaction merged. */
	updates: number;
	/** From the last client leaving (ROOM_GRACE_MS included) to the compaction's commit. */
	ms: number;
	/** Updates compacted while the clients edited (propagation and throughput): none means the edits never triggered one. */
	duringEdits: number;
}

export interface ThroughputStep {
	offeredPerSecond: number;
	sentPerSecond: number;
	sent: number;
	fullyDelivered: number;
	toAllMs: Distribution;
	/** Time from the last send to the last edit reaching every client. */
	drainMs: number;
	serverCpuCores: number;
	passed: boolean;
}

export async function benchServer(stored: StoredMap, options: ServerBenchOptions): Promise<ServerFigures> {
	const { log } = options;
	const server = await startBenchServer({
		dataDir: options.dataDir,
		pages: false,
		env: SERVER_ENV,
		nodeFlags: options.nodeFlags
	});
	const receivers: RawClient[] = [];
	let editor: StockClient | null = null;
	try {
		const before = await server.memoryAfterGc();
		const rssBefore = processMemory(server.pid).rss;

		log('cold load');
		const connectStart = performance.now();
		const first = await connectRawClient(server.wsUrl, stored.mapId, 'bench-r-00', { cookie: stored.cookie, timeoutMs: options.timeoutMs });
		receivers.push(first);
		const coldLoadMs = first.firstMessageAt - first.openedAt;
		const connectMs = first.openedAt - connectStart;
		const loaded = await server.memoryAfterGc();
		const loadedProc = processMemory(server.pid);

		log('initial sync');
		const runsMs: number[] = [];
		let agentsReceived = 0;
		// Each run in a function of its own: once it returns, nothing here still refers to its
		// replica, so the collection before the next run frees it (a run must not pay for the
		// previous run's 1.4 GB at 50,000 agents).
		const syncOnce = async (run: number, keep: boolean): Promise<StockClient | null> => {
			const { client, syncMs } = await syncStockClient(server.wsUrl, stored.mapId, `bench-sync-${run}`, {
				cookie: stored.cookie,
				timeoutMs: options.timeoutMs
			});
			runsMs.push(syncMs);
			agentsReceived = new MapDocument(client.doc).agentCount();
			log(`initial sync ${run + 1}: ${Math.round(syncMs)} ms; benchmark heap ${Math.round(process.memoryUsage().heapUsed / MB)} MB, server RSS ${Math.round(processMemory(server.pid).rss / MB)} MB`);
			if (keep) return client;
			await client.close();
			return null;
		};
		for (let run = 0; run < options.syncRuns; run++) {
			editor = await syncOnce(run, run === options.syncRuns - 1);
			collectGarbage();
		}

		log(`connecting ${options.clients - 1} receiving clients`);
		for (let i = receivers.length; i < options.clients - 1; i++) {
			receivers.push(
				await connectRawClient(server.wsUrl, stored.mapId, `bench-r-${String(i).padStart(2, '0')}`, {
					cookie: stored.cookie,
					timeoutMs: options.timeoutMs
				})
			);
		}
		const connected = receivers.length + 1;
		const fanout = new Fanout(receivers);
		const editorMap = editor!;
		const pickAgent = agentPicker(stored.agentIds, 7);

		const historyBefore = compactedUpdates(options.dataDir, stored.mapId);
		log(`propagation: ${options.edits} edits to ${receivers.length} clients`);
		const propagation = await cpuDuring(server.pid, () =>
			propagate(editorMap, fanout, pickAgent, options.edits, options.editGapMs, options.timeoutMs)
		);

		log('throughput');
		const throughput = await measureThroughput(editorMap, fanout, pickAgent, server, options);
		const duringEdits = compactedUpdates(options.dataDir, stored.mapId) - historyBefore;

		const withClients = await server.memoryAfterGc();
		const withClientsRss = processMemory(server.pid).rss;

		log('compaction on the running server, after the last client leaves');
		const compaction = await compactionWhileServing(server, options.dataDir, stored.mapId, options.timeoutMs, () => {
			for (const receiver of receivers.splice(0)) receiver.close();
			editor?.destroy();
			editor = null;
		});
		const stopStart = performance.now();
		await server.stop();
		const stopMs = performance.now() - stopStart;

		return {
			coldLoadMs,
			connectMs,
			memory: {
				heapBeforeMB: before.heapUsed / MB,
				rssBeforeMB: rssBefore / MB,
				roomHeapMB: (loaded.heapUsed - before.heapUsed) / MB,
				roomRssMB: (loadedProc.rss - rssBefore) / MB,
				peakRssMB: loadedProc.peakRss / MB,
				withClientsRssMB: withClientsRss / MB,
				withClientsHeapMB: withClients.heapUsed / MB
			},
			initialSync: { runsMs, medianMs: median(runsMs), agentsReceived },
			propagation: {
				clients: connected,
				edits: options.edits,
				toAllMs: distribution(propagation.result.toAll),
				toEachMs: distribution(propagation.result.toEach),
				lost: propagation.result.lost,
				serverCpuCores: propagation.cores,
				serverCpuMsPerEdit: (propagation.cpuSeconds * 1000) / options.edits,
				wallSeconds: propagation.wallSeconds
			},
			throughput,
			compaction: { ...compaction, duringEdits },
			stopMs
		};
	} finally {
		for (const receiver of receivers) receiver.close();
		editor?.destroy();
		await server.stop(5_000);
	}
}

// ── how long the server stopped answering during a compaction ───────────────────────────────

/**
 * The edits above rarely trigger a compaction of a large map (its log must first grow by
 * COMPACT_GROWTH of the snapshot), but a room compacts when it closes: disconnect everyone and,
 * until that compaction has committed, see how late the server answers.
 */
async function compactionWhileServing(
	server: BenchServer,
	dataDir: string,
	mapId: string,
	timeoutMs: number,
	disconnect: () => void
): Promise<Omit<CompactionFigures, 'duringEdits'>> {
	const before = compactedUpdates(dataDir, mapId);
	const probe = probeStalls(server.url);
	const start = performance.now();
	disconnect();
	let after = before;
	while (after === before && performance.now() - start < timeoutMs) {
		await sleep(50);
		after = compactedUpdates(dataDir, mapId);
	}
	const ms = after === before ? Number.POSITIVE_INFINITY : performance.now() - start;
	return { ...(await probe.stop()), updates: after - before, ms };
}

/**
 * Asks the server's health endpoint every few milliseconds: an answer is late by as long as
 * the server's event loop was blocked (a compaction merging on it did so for seconds at 50,000
 * agents), or busy with a backlog, plus this process's own delays.
 */
export function probeStalls(url: string, everyMs = 25): { stop(): Promise<StallFigures> } {
	let running = true;
	const figures: StallFigures = { longestProbeMs: 0, probes: 0, failedProbes: 0 };
	const loop = (async () => {
		while (running) {
			const start = performance.now();
			try {
				const response = await fetch(`${url}/api/health`);
				await response.arrayBuffer();
				if (!response.ok) figures.failedProbes++;
			} catch {
				figures.failedProbes++;
			}
			figures.longestProbeMs = Math.max(figures.longestProbeMs, performance.now() - start);
			figures.probes++;
			await sleep(everyMs);
		}
	})();
	return {
		async stop() {
			running = false;
			await loop;
			return figures;
		}
	};
}

/** Updates compaction has moved into the map's history so far (read beside the running server: WAL). */
function compactedUpdates(dataDir: string, mapId: string): number {
	const db = new DatabaseSync(join(dataDir, 'tejido.db'), { readOnly: true });
	try {
		return Number((db.prepare('SELECT COUNT(*) AS count FROM map_history WHERE map_id = ?').get(mapId) as { count: number }).count);
	} finally {
		db.close();
	}
}

// ── edits and their delivery ────────────────────────────────────────────────────────────────

interface Pending {
	sentAt: number;
	remaining: number;
	last: number;
	each: number[];
	done: () => void;
}

/** Routes each received update to the edit whose marker it carries. */
export class Fanout {
	readonly receivers: RawClient[];
	private readonly pending = new Map<string, Pending>();

	constructor(receivers: RawClient[]) {
		this.receivers = receivers;
		for (const receiver of receivers) {
			const seen = new Set<string>();
			receiver.onUpdate = (marker, at) => {
				const entry = marker ? this.pending.get(marker) : undefined;
				if (!entry || seen.has(marker!)) return;
				seen.add(marker!);
				if (seen.size > 10_000) seen.clear();
				entry.each.push(at - entry.sentAt);
				entry.last = Math.max(entry.last, at);
				if (--entry.remaining === 0) {
					this.pending.delete(marker!);
					entry.done();
				}
			};
		}
	}

	/** Registers an edit about to be sent; resolves when every receiver has it. */
	expect(marker: string): { entry: Pending; delivered: Promise<void> } {
		let done!: () => void;
		const delivered = new Promise<void>((resolve) => (done = resolve));
		const entry: Pending = { sentAt: performance.now(), remaining: this.receivers.length, last: 0, each: [], done };
		this.pending.set(marker, entry);
		return { entry, delivered };
	}

	forget(marker: string): void {
		this.pending.delete(marker);
	}
}

function marker(phase: string, n: number): string {
	return `bench-${phase}-${String(n).padStart(6, '0')}`;
}

function withTimeout(promise: Promise<void>, ms: number): Promise<boolean> {
	return new Promise((resolve) => {
		const timer = setTimeout(() => resolve(false), ms);
		promise.then(() => {
			clearTimeout(timer);
			resolve(true);
		});
	});
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function propagate(
	editor: StockClient,
	fanout: Fanout,
	pickAgent: () => string,
	edits: number,
	gapMs: number,
	timeoutMs: number
): Promise<{ toAll: number[]; toEach: number[]; lost: number }> {
	const toAll: number[] = [];
	const toEach: number[] = [];
	let lost = 0;
	for (let n = 0; n < edits; n++) {
		const id = marker('p', n);
		const { entry, delivered } = fanout.expect(id);
		entry.sentAt = performance.now();
		editAgent(editor.doc, id, pickAgent(), n);
		if (await withTimeout(delivered, Math.min(timeoutMs, 30_000))) {
			toAll.push(entry.last - entry.sentAt);
			toEach.push(...entry.each);
		} else {
			lost++;
			fanout.forget(id);
		}
		if (gapMs > 0) await sleep(gapMs);
	}
	return { toAll, toEach, lost };
}

async function measureThroughput(
	editor: StockClient,
	fanout: Fanout,
	pickAgent: () => string,
	server: BenchServer,
	options: ServerBenchOptions
): Promise<ServerFigures['throughput']> {
	const steps: ThroughputStep[] = [];
	let sustained = 0;
	let limitedBy = 'not reached: every offered rate passed';
	for (const [index, rate] of options.throughputRates.entries()) {
		options.log(`throughput: offering ${rate} edits/s for ${options.throughputSeconds} s`);
		const step = await throughputStep(editor, fanout, pickAgent, server, rate, index, options);
		steps.push(step);
		if (!step.passed) {
			limitedBy = 'server: edits queued faster than they were fanned out';
			break;
		}
		// If this process could not even send at the offered rate, higher rates measure us.
		if (step.sentPerSecond < rate * 0.9) {
			limitedBy = 'benchmark client: could not offer a higher rate';
			sustained = Math.max(sustained, step.sentPerSecond);
			break;
		}
		sustained = rate;
		await sleep(500);
	}
	return { sustainedEditsPerSecond: sustained, limitedBy, steps };
}

async function throughputStep(
	editor: StockClient,
	fanout: Fanout,
	pickAgent: () => string,
	server: BenchServer,
	rate: number,
	index: number,
	options: ServerBenchOptions
): Promise<ThroughputStep> {
	const total = Math.round(rate * options.throughputSeconds);
	const entries: Pending[] = [];
	const deliveries: Promise<void>[] = [];
	const { result, cores } = await cpuDuring(server.pid, async () => {
		const start = performance.now();
		let sent = 0;
		// Open loop: send what the clock says is due, every few milliseconds, whatever the
		// server has delivered so far.
		while (sent < total) {
			const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * rate) + 1);
			for (; sent < due; sent++) {
				const id = marker(`t${index}`, sent);
				const { entry, delivered } = fanout.expect(id);
				entry.sentAt = performance.now();
				editAgent(editor.doc, id, pickAgent(), sent);
				entries.push(entry);
				deliveries.push(delivered);
			}
			if (performance.now() - start > options.throughputSeconds * 1000 * 3) break;
			await sleep(4);
		}
		const sendSeconds = (performance.now() - start) / 1000;
		const lastSend = entries.at(-1)?.sentAt ?? performance.now();
		await withTimeout(Promise.all(deliveries).then(() => undefined), Math.min(options.timeoutMs, 30_000));
		return { sent, sendSeconds, lastSend };
	});
	const complete = entries.filter((entry) => entry.remaining === 0);
	for (let n = 0; n < result.sent; n++) fanout.forget(marker(`t${index}`, n));
	const lastDelivery = complete.reduce((latest, entry) => Math.max(latest, entry.last), 0);
	const drainMs = complete.length === entries.length ? lastDelivery - result.lastSend : Number.POSITIVE_INFINITY;
	return {
		offeredPerSecond: rate,
		sentPerSecond: result.sent / result.sendSeconds,
		sent: result.sent,
		fullyDelivered: complete.length,
		toAllMs: distribution(complete.map((entry) => entry.last - entry.sentAt)),
		drainMs,
		serverCpuCores: cores,
		// Without backlog: everything reached everyone, and the queue was empty within a second
		// of the last send (a passing stall, such as a compaction, may come and go).
		passed: complete.length === entries.length && drainMs <= 1000
	};
}
