/**
 * CPU profiles of a page's web workers (MapLibre's tile workers, the import worker), for
 * profile-page.ts: the page's main thread is often idle while a worker clusters or tiles.
 * Playwright gives no handle on a worker's DevTools session, so this goes through the
 * browser's: it attaches to each worker target without flattening and speaks to it with
 * `Target.sendMessageToTarget`.
 */
import type { Browser, CDPSession } from '@playwright/test';

interface WorkerSession {
	sessionId: string;
	url: string;
}

export interface WorkerProfile<P> {
	url: string;
	profile: P;
}

export class WorkerProfiler {
	private nextId = 1;
	private readonly waiting = new Map<number, { resolve: (result: unknown) => void; reject: (error: Error) => void }>();
	private workers: WorkerSession[] = [];
	private readonly cdp: CDPSession;

	private constructor(cdp: CDPSession) {
		this.cdp = cdp;
		cdp.on('Target.receivedMessageFromTarget', ({ message }) => {
			const reply = JSON.parse(message) as { id?: number; result?: unknown; error?: { message: string } };
			const pending = reply.id === undefined ? undefined : this.waiting.get(reply.id);
			if (!pending) return;
			this.waiting.delete(reply.id!);
			if (reply.error) pending.reject(new Error(reply.error.message));
			else pending.resolve(reply.result);
		});
	}

	static async attach(browser: Browser): Promise<WorkerProfiler> {
		return new WorkerProfiler(await browser.newBrowserCDPSession());
	}

	/** Attaches to every worker the browser has now and starts profiling each. */
	async start(samplingIntervalUs = 500): Promise<number> {
		const { targetInfos } = await this.cdp.send('Target.getTargets');
		this.workers = [];
		for (const target of targetInfos.filter((info) => info.type === 'worker')) {
			const { sessionId } = await this.cdp.send('Target.attachToTarget', { targetId: target.targetId, flatten: false });
			this.workers.push({ sessionId, url: target.url });
		}
		for (const worker of this.workers) {
			await this.call(worker, 'Profiler.enable');
			await this.call(worker, 'Profiler.setSamplingInterval', { interval: samplingIntervalUs });
			await this.call(worker, 'Profiler.start');
		}
		return this.workers.length;
	}

	/** Stops the profiles started by `start` and detaches. */
	async stop<P>(): Promise<WorkerProfile<P>[]> {
		const profiles: WorkerProfile<P>[] = [];
		for (const worker of this.workers) {
			const { profile } = (await this.call(worker, 'Profiler.stop')) as { profile: P };
			profiles.push({ url: worker.url, profile });
			await this.cdp.send('Target.detachFromTarget', { sessionId: worker.sessionId }).catch(() => {});
		}
		this.workers = [];
		return profiles;
	}

	private call(worker: WorkerSession, method: string, params: object = {}): Promise<unknown> {
		const id = this.nextId++;
		const reply = new Promise<unknown>((resolve, reject) => this.waiting.set(id, { resolve, reject }));
		void this.cdp.send('Target.sendMessageToTarget', { sessionId: worker.sessionId, message: JSON.stringify({ id, method, params }) });
		return reply;
	}
}
