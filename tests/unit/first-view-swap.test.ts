/**
 * When the map's sources hold a large map's first view and when the live view takes them back
 * (src/lib/map/first-view/swap.svelte.ts): a first view never covers a document already read,
 * changes made before the document is here never replace it with an empty view, and the live
 * view replaces it exactly once.
 */
import { describe, expect, it } from 'vitest';
import { FIRST_VIEW_FORMAT, type FirstView } from '../../src/lib/map/first-view/format.ts';
import { FirstViewSwap } from '../../src/lib/map/first-view/swap.svelte.ts';

const first: FirstView = { format: FIRST_VIEW_FORMAT, areas: [], agents: [['a1', -74, 4.6, 'public', '', 'Agente 1']] };

function swapWithLog() {
	const replaced: FirstView[] = [];
	return { swap: new FirstViewSwap((view) => replaced.push(view)), replaced };
}

describe('first view swap', () => {
	it('shows a first view only over an empty live view', () => {
		const { swap } = swapWithLog();
		swap.offer(first, false);
		expect(swap.shown).toBeNull();
		swap.offer(first, true);
		expect(swap.shown).toBe(first);
	});

	it('holds back changes made before the document has loaded, and keeps the first view', () => {
		const { swap, replaced } = swapWithLog();
		swap.offer(first, true);
		expect(swap.holds(false)).toBe(true);
		expect(swap.holds(false)).toBe(true);
		expect(swap.shown).toBe(first);
		expect(replaced).toEqual([]);
	});

	it('gives way to the live view on its first change once the document is here, once', () => {
		const { swap, replaced } = swapWithLog();
		swap.offer(first, true);
		// That change is not applied on its own: the live view replaces the first view whole.
		expect(swap.holds(true)).toBe(true);
		expect(swap.shown).toBeNull();
		expect(replaced).toEqual([first]);
		expect(swap.holds(true)).toBe(false);
		swap.offer(null, false);
		expect(replaced).toEqual([first]);
	});

	it('gives way when the page withdraws the first view (the document is here)', () => {
		const { swap, replaced } = swapWithLog();
		expect(swap.holds(true)).toBe(false);
		swap.offer(first, true);
		swap.offer(null, true);
		expect(swap.shown).toBeNull();
		expect(replaced).toEqual([first]);
		swap.offer(null, true);
		expect(replaced).toEqual([first]);
	});
});
