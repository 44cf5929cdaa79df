/**
 * Runs the compaction merge (snapshot.ts) on a worker thread, so the event loop keeps storing
 * and fanning out edits meanwhile. One per store, reused by every compaction; its thread starts
 * on the first large merge and ends when the store closes.
 */
import { isMarkedAsUntransferable, Worker } from 'node:worker_threads';
import { StoreError } from './document-store.ts';
import { mergeFailure, mergeForSnapshot, snapshotParts } from './snapshot.ts';

/** How a store merges a snapshot and updates (injectable, so a test can hold a merge open). */
export type SnapshotMerge = (mapId: string, snapshot: Uint8Array | null, updates: Uint8Array[]) => Promise<Uint8Array>;

export interface MergeOptions {
	/** How the store's compactions merge; its own MergeWorker by default. */
	merge?: SnapshotMerge;
}

/**
 * Below this many bytes in all, the merge runs inline: it takes well under a millisecond
 * there, less than the round trip to the thread and back (and a small deployment then never
 * starts the thread at all).
 */
export const INLINE_BELOW_BYTES = 256 * 1024;

export interface MergeRequest {
	id: number;
	parts: Uint8Array[];
}

export type MergeReply = { id: number; merged: Uint8Array } | { id: number; error: { message: string; stack?: string } };

interface Pending {
	mapId: string;
	worker: Worker;
	resolve(merged: Uint8Array): void;
	reject(error: Error): void;
}

/**
 * A pool of one thread: merges are memory-heavy (a 50,000-agent map's encoded structs, several
 * times over) and rare, so they queue rather than run side by side on a small machine.
 */
export class MergeWorker {
	private readonly inlineBelowBytes: number;
	private worker: Worker | null = null;
	private readonly pending = new Map<number, Pending>();
	private nextId = 1;
	private closed = false;

	constructor(options: { inlineBelowBytes?: number } = {}) {
		this.inlineBelowBytes = options.inlineBelowBytes ?? INLINE_BELOW_BYTES;
	}

	/**
	 * Resolves to the merged snapshot, or rejects with the StoreError an inline merge raises.
	 * The parts' buffers are moved to the thread, not copied: the caller must not use them after.
	 */
	readonly merge: SnapshotMerge = async (mapId, snapshot, updates) => {
		const parts = snapshotParts(snapshot, updates);
		if (parts.reduce((sum, part) => sum + part.byteLength, 0) < this.inlineBelowBytes) return mergeForSnapshot(mapId, snapshot, updates);
		if (this.closed) throw new StoreError(mapId, 'the store is closed: no compaction can run');
		const worker = this.start();
		const id = this.nextId++;
		const owned = transferable(parts);
		worker.postMessage({ id, parts: owned } satisfies MergeRequest, owned.map((part) => part.buffer));
		// Referenced while a merge is under way, so a shutdown that awaits the compaction is
		// not cut short; unreferenced when idle, so the thread never keeps the process alive.
		if (this.pending.size === 0) worker.ref();
		return new Promise<Uint8Array>((resolve, reject) => this.pending.set(id, { mapId, worker, resolve, reject }));
	};

	/** Ends the thread; a merge still under way fails (its compaction then changes nothing). */
	async close(): Promise<void> {
		this.closed = true;
		const worker = this.worker;
		this.worker = null;
		if (worker) await worker.terminate();
	}

	private start(): Worker {
		if (this.worker) return this.worker;
		const worker = new Worker(new URL('./merge-thread.ts', import.meta.url));
		worker.unref();
		worker.on('message', (reply: MergeReply) => {
			const entry = this.pending.get(reply.id);
			if (!entry) return;
			this.settled(worker, reply.id);
			if ('merged' in reply) entry.resolve(reply.merged);
			else entry.reject(mergeFailure(entry.mapId, Object.assign(new Error(reply.error.message), { stack: reply.error.stack })));
		});
		// The thread died (out of memory, or terminated by close): fail what it held, and start
		// a new one for the next merge ('exit' follows 'error', maybe after that one started).
		const fail = (cause: unknown) => {
			if (this.worker === worker) this.worker = null;
			for (const [id, entry] of this.pending) {
				if (entry.worker !== worker) continue;
				this.pending.delete(id);
				entry.reject(new StoreError(entry.mapId, 'the merge thread stopped before the snapshot was merged', { cause }));
			}
		};
		worker.on('error', fail);
		worker.on('exit', (code) => fail(new Error(`the merge thread exited with code ${code}`)));
		this.worker = worker;
		return worker;
	}

	private settled(worker: Worker, id: number): void {
		this.pending.delete(id);
		if (this.pending.size === 0) worker.unref();
	}
}

/**
 * Whether a view's buffer can move to another thread as it is: it spans the whole buffer (so
 * nothing else is sent along) and Node has not marked it untransferable, as it does its Buffer
 * pool and, for instance, `Buffer.allocUnsafe`'s memory.
 */
export function ownsBuffer(bytes: Uint8Array): bytes is Uint8Array<ArrayBuffer> {
	return (
		bytes.buffer instanceof ArrayBuffer &&
		bytes.byteOffset === 0 &&
		bytes.byteLength === bytes.buffer.byteLength &&
		!isMarkedAsUntransferable(bytes.buffer)
	);
}

/**
 * Parts whose buffers can all be transferred: each is moved as it is when it owns its buffer
 * (node:sqlite's BLOBs and pg's large bytea values do), else copied into one it owns (pg hands
 * out small values as slices of Node's Buffer pool).
 */
function transferable(parts: Uint8Array[]): Uint8Array<ArrayBuffer>[] {
	const seen = new Set<ArrayBufferLike>();
	return parts.map((part) => {
		// `new Uint8Array(view)` copies; a Buffer's `slice()` would not.
		if (!ownsBuffer(part) || seen.has(part.buffer)) return new Uint8Array(part);
		seen.add(part.buffer);
		return part;
	});
}
