/**
 * A room's whole document, encoded once for every client that arrives with nothing. Encoding a
 * large map takes seconds (2.4 s at 50,000 agents) on the event loop; when a workshop opens the
 * map on thirty laptops at once, thirty encodings would stall every edit for a minute. Instead
 * the encoding is kept, with the updates applied since (the tail): together they are the
 * document. It is dropped when the tail grows large next to it, and when no client has needed
 * it for a while (it is as big as the map's state).
 */
import * as Y from 'yjs';

export interface FullState {
	/** The document as it was when encoded. */
	readonly base: Uint8Array;
	/** Every update applied since, in order. */
	readonly tail: readonly Uint8Array[];
}

export interface FullStateCacheOptions {
	/** Dropped after this long without a client needing it. */
	idleMs?: number;
	/** Dropped once the tail holds this many updates… */
	maxTailUpdates?: number;
	/** …or this share of the base's bytes. */
	maxTailShare?: number;
}

export class FullStateCache {
	readonly #doc: Y.Doc;
	readonly #idleMs: number;
	readonly #maxTailUpdates: number;
	readonly #maxTailShare: number;
	#base: Uint8Array | null = null;
	#tail: Uint8Array[] = [];
	#tailBytes = 0;
	#idleTimer: ReturnType<typeof setTimeout> | null = null;
	readonly #onUpdate = (update: Uint8Array) => this.#append(update);

	constructor(doc: Y.Doc, options: FullStateCacheOptions = {}) {
		this.#doc = doc;
		this.#idleMs = options.idleMs ?? 60_000;
		this.#maxTailUpdates = options.maxTailUpdates ?? 1_000;
		this.#maxTailShare = options.maxTailShare ?? 0.25;
		doc.on('update', this.#onUpdate);
	}

	/** The document for a client that has nothing of it, encoded now or earlier. */
	get(): FullState {
		this.#base ??= Y.encodeStateAsUpdate(this.#doc);
		this.#touch();
		return { base: this.#base, tail: [...this.#tail] };
	}

	get cached(): boolean {
		return this.#base !== null;
	}

	destroy(): void {
		this.#doc.off('update', this.#onUpdate);
		this.#drop();
	}

	#append(update: Uint8Array): void {
		if (!this.#base) return;
		this.#tail.push(update);
		this.#tailBytes += update.byteLength;
		if (this.#tail.length > this.#maxTailUpdates || this.#tailBytes > this.#base.byteLength * this.#maxTailShare) this.#drop();
	}

	#touch(): void {
		if (this.#idleTimer) clearTimeout(this.#idleTimer);
		this.#idleTimer = setTimeout(() => this.#drop(), this.#idleMs);
		this.#idleTimer.unref?.();
	}

	#drop(): void {
		if (this.#idleTimer) clearTimeout(this.#idleTimer);
		this.#idleTimer = null;
		this.#base = null;
		this.#tail = [];
		this.#tailBytes = 0;
	}
}
