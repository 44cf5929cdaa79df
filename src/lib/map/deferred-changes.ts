/**
 * Changes for the map that may wait a moment: a large one is held until the scheduler calls
 * back (after the next painted frame, in the page), a small one goes at once unless others
 * are already waiting, since the order of changes must be kept.
 */
export interface DeferOptions<T> {
	/** How big a change is (e.g. agents entering, leaving or changing). */
	sizeOf(change: T): number;
	/** Changes of at least this size wait. */
	deferFrom: number;
	/** Calls `flush` later; returns a function that cancels the call. */
	schedule(flush: () => void): () => void;
}

export class DeferredChanges<T> {
	readonly #apply: (change: T) => void;
	readonly #options: DeferOptions<T>;
	readonly #pending: T[] = [];
	#cancel: (() => void) | null = null;

	constructor(apply: (change: T) => void, options: DeferOptions<T>) {
		this.#apply = apply;
		this.#options = options;
	}

	get waiting(): number {
		return this.#pending.length;
	}

	push(change: T): void {
		if (this.#pending.length === 0 && this.#options.sizeOf(change) < this.#options.deferFrom) return this.#apply(change);
		this.#pending.push(change);
		this.#cancel ??= this.#options.schedule(() => this.flush());
	}

	/** Applies every waiting change, in order. */
	flush(): void {
		this.#stopSchedule();
		for (const change of this.#pending.splice(0)) this.#apply(change);
	}

	/** Forgets the waiting changes (the map was given the whole view again). */
	clear(): void {
		this.#stopSchedule();
		this.#pending.length = 0;
	}

	#stopSchedule(): void {
		this.#cancel?.();
		this.#cancel = null;
	}
}
