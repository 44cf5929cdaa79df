/**
 * Redacts updates for connections that may not see personal fields (share links), off the event
 * loop when they are large: a whole map's state, or a large import. Small updates (every live
 * edit) are redacted inline, which takes microseconds.
 */
import { Worker } from 'node:worker_threads';
import { withoutPersonalFields } from '../../src/lib/model/personal-fields.ts';

export interface ProjectionRequest {
	id: number;
	update: Uint8Array;
	fields: readonly string[];
}

export type ProjectionReply = { id: number; projected: Uint8Array } | { id: number; error: string };

/** Below this, inline: a one-agent edit redacts in 0.02 ms, far less than a trip to the thread. */
export const PROJECT_INLINE_BELOW_BYTES = 256 * 1024;

export type Redact = (update: Uint8Array, fields: readonly string[]) => Uint8Array | Promise<Uint8Array>;

/** One thread, started on the first large update, unreferenced while idle. */
export class ProjectionWorker {
	private worker: Worker | null = null;
	private nextId = 1;
	private readonly pending = new Map<number, { resolve(bytes: Uint8Array): void; reject(error: Error): void }>();
	private readonly inlineBelowBytes: number;

	constructor(options: { inlineBelowBytes?: number } = {}) {
		this.inlineBelowBytes = options.inlineBelowBytes ?? PROJECT_INLINE_BELOW_BYTES;
	}

	readonly redact: Redact = (update, fields) => {
		if (update.byteLength < this.inlineBelowBytes || fields.length === 0) return withoutPersonalFields(update, fields);
		const worker = this.start();
		const id = this.nextId++;
		if (this.pending.size === 0) worker.ref();
		worker.postMessage({ id, update, fields } satisfies ProjectionRequest);
		return new Promise<Uint8Array>((resolve, reject) => this.pending.set(id, { resolve, reject }));
	};

	async close(): Promise<void> {
		const worker = this.worker;
		this.worker = null;
		if (worker) await worker.terminate();
	}

	private start(): Worker {
		if (this.worker) return this.worker;
		const worker = new Worker(new URL('./projection-thread.ts', import.meta.url));
		worker.unref();
		worker.on('message', (reply: ProjectionReply) => {
			const entry = this.pending.get(reply.id);
			if (!entry) return;
			this.pending.delete(reply.id);
			if (this.pending.size === 0) worker.unref();
			if ('projected' in reply) entry.resolve(reply.projected);
			else entry.reject(new Error(reply.error));
		});
		// The thread died: fail what it held; the next large update starts a new one.
		const fail = (cause: unknown) => {
			if (this.worker === worker) this.worker = null;
			for (const entry of this.pending.values()) entry.reject(new Error('the projection thread stopped', { cause }));
			this.pending.clear();
		};
		worker.on('error', fail);
		worker.on('exit', (code) => fail(new Error(`exit code ${code}`)));
		this.worker = worker;
		return worker;
	}
}
