/**
 * The first view's time on screen (see format.ts): shown from its arrival until the
 * document is here (the server sends one only for a large map). It also says when the session
 * may read the document the server sends (it is received meanwhile): reading a large one holds
 * the page for seconds, so not before the first view is drawn, and at once when there is none.
 */
import type { FirstView } from './format.ts';

/**
 * How long the document may wait for the first view to be drawn, from the view's arrival: a
 * cold room answers both late, so the wait is counted from then, not from the page's start.
 */
export const FIRST_VIEW_DRAW_WAIT_MS = 5000;

export class FirstViewDisplay {
	/** The view the map draws, read-only; null when there is none or the document is here. */
	shown = $state.raw<FirstView | null>(null);
	readonly #ready = Promise.withResolvers<void>();
	#over = false;

	constructor(view: Promise<FirstView | null>, drawWaitMs = FIRST_VIEW_DRAW_WAIT_MS) {
		void view.then(
			(first) => {
				if (this.#over || !first) return this.drawn();
				this.shown = first;
				setTimeout(() => this.drawn(), drawWaitMs);
			},
			() => this.drawn()
		);
	}

	/** Resolves once the session may read the document. */
	get documentMayBeRead(): Promise<void> {
		return this.#ready.promise;
	}

	/** The map has drawn the first view (or has given up on it). */
	drawn(): void {
		this.#ready.resolve();
	}

	/** The document is here: the live view takes over, and a view arriving later is not shown. */
	end(): void {
		this.#over = true;
		this.shown = null;
		this.#ready.resolve();
	}
}
