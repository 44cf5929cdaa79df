/**
 * How the filtered view's changes reach the map's sources. Each source component (agents,
 * links window, names window) registers a `SourceFeed`; AgentLayers pushes the filter engine's
 * changes here and decides when every source is given the whole view again.
 *
 * A large change waits for the next frame to be painted before it reaches the map: the list,
 * the counts and the checkbox then answer a change of filter at once, and the map's share
 * (building features, handing them to MapLibre's worker: about 100 ms when 40,000 agents enter
 * the view) comes right after. A small one goes at once: waiting would cost the map a whole
 * frame for no gain. Order is kept.
 */
import type { ViewChange } from '#lib/filters/filter-engine.ts';
import { DeferredChanges } from './deferred-changes.ts';
import type { FirstView } from './first-view/format.ts';

export interface SourceFeed {
	/** Every feature again; `replacing` is the first view the live view replaces, if it does. */
	reset(replacing?: FirstView): void;
	change(change: ViewChange): void;
}

/** Changes of at least this many agents wait for the next painted frame. */
const DEFER_FROM = 5000;
/** A page in the background gets no frames: then the map waits at most this long. */
const FLUSH_AT_LATEST_MS = 100;

function afterNextPaint(flush: () => void): () => void {
	const latest = setTimeout(flush, FLUSH_AT_LATEST_MS);
	let soon: ReturnType<typeof setTimeout> | undefined;
	const frame = requestAnimationFrame(() => (soon = setTimeout(flush, 0)));
	return () => {
		clearTimeout(latest);
		clearTimeout(soon);
		cancelAnimationFrame(frame);
	};
}

export class ViewFeed {
	readonly #feeds = new Set<SourceFeed>();
	readonly #deferred: DeferredChanges<ViewChange>;

	/** `apply` receives each change once it may reach the map, and calls `change` or `reset`. */
	constructor(apply: (change: ViewChange) => void) {
		this.#deferred = new DeferredChanges(apply, {
			sizeOf: (change) => change.entered.length + change.left.length + change.updated.length,
			deferFrom: DEFER_FROM,
			schedule: afterNextPaint
		});
	}

	/** Registers a source's feed; returns its removal. */
	add(feed: SourceFeed): () => void {
		this.#feeds.add(feed);
		return () => this.#feeds.delete(feed);
	}

	push(change: ViewChange): void {
		this.#deferred.push(change);
	}

	change(change: ViewChange): void {
		for (const feed of this.#feeds) feed.change(change);
	}

	reset(replacing?: FirstView): void {
		// The sources get today's view: changes waiting to be applied are part of it already.
		this.#deferred.clear();
		for (const feed of this.#feeds) feed.reset(replacing);
	}

	stop(): void {
		this.#deferred.clear();
	}
}
