/**
 * The map's side of a first view: which one the agents' and names' sources hold instead of
 * the live view, and when the live view takes them back.
 */
import type { FirstView } from './format.ts';

export class FirstViewSwap {
	#shown = $state.raw<FirstView | null>(null);
	readonly #toLive: (replacing: FirstView) => void;

	/** `toLive` gives the sources the live view again, in place of `replacing`. */
	constructor(toLive: (replacing: FirstView) => void) {
		this.#toLive = toLive;
	}

	/** The first view the sources hold, if they do. */
	get shown(): FirstView | null {
		return this.#shown;
	}

	/**
	 * The page's first view: shown only over an empty live view (a document read first wins);
	 * null once the document is here, and the live view takes over.
	 */
	offer(first: FirstView | null, liveIsEmpty: boolean): void {
		if (first && !this.#shown && liveIsEmpty) this.#shown = first;
		else if (!first && this.#shown) this.#leave();
	}

	/**
	 * Whether a change of the live view is held back from the sources: over a first view, one
	 * made before the document has loaded (a change of filter) says nothing the first view
	 * should give way to, and the first one after replaces the first view whole (it may lack
	 * agents deleted since, or hold others).
	 */
	holds(documentLoaded: boolean): boolean {
		if (!this.#shown) return false;
		if (documentLoaded) this.#leave();
		return true;
	}

	#leave(): void {
		const replacing = this.#shown!;
		this.#shown = null;
		this.#toLive(replacing);
	}
}
