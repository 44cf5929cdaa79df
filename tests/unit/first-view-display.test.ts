/**
 * When the page shows a large map's first view and when its session may read the document
 * (src/lib/map/first-view/display.svelte.ts): the session must never wait for a view that will
 * not be drawn, and a view must never cover a document that is already here.
 */
import { describe, expect, it } from 'vitest';
import { FIRST_VIEW_FORMAT, type FirstView, type FirstViewRow } from '../../src/lib/map/first-view/format.ts';
import { FirstViewDisplay } from '../../src/lib/map/first-view/display.svelte.ts';

const LARGE = 20_000;

function viewOf(agents: number): FirstView {
	const rows = Array.from({ length: agents }, (_, i): FirstViewRow => [`a${i}`, -74, 4.6, 'public', '', `Agente ${i}`]);
	return { format: FIRST_VIEW_FORMAT, areas: [], agents: rows };
}

/** Whether `promise` has settled by the time queued callbacks have run. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
	let done = false;
	void promise.then(() => (done = true));
	await new Promise((resolve) => setTimeout(resolve, 0));
	return done;
}

describe('first view display', () => {
	it('shows a large map’s view and holds the document back until the view is drawn', async () => {
		const display = new FirstViewDisplay(Promise.resolve(viewOf(LARGE)));
		expect(await settled(display.documentMayBeRead)).toBe(false);
		expect(display.shown?.agents).toHaveLength(LARGE);
		display.drawn();
		expect(await settled(display.documentMayBeRead)).toBe(true);
		// Drawn is not done: the view stays until the document is here.
		expect(display.shown).not.toBeNull();
		display.end();
		expect(display.shown).toBeNull();
	});

	it('holds the document for a view that is never drawn only so long, counted from the view’s arrival (a cold room sends both late)', async () => {
		const late = Promise.withResolvers<FirstView | null>();
		const display = new FirstViewDisplay(late.promise, 30);
		await new Promise((resolve) => setTimeout(resolve, 60));
		expect(await settled(display.documentMayBeRead)).toBe(false); // not counted before arrival
		late.resolve(viewOf(LARGE));
		expect(await settled(display.documentMayBeRead)).toBe(false);
		await new Promise((resolve) => setTimeout(resolve, 60));
		expect(await settled(display.documentMayBeRead)).toBe(true);
		expect(display.shown).not.toBeNull(); // still drawn until the document is here
	});

	it('lets the document be read at once when there is no view to draw (a small map, a failed request)', async () => {
		const display = new FirstViewDisplay(Promise.resolve(null));
		expect(await settled(display.documentMayBeRead)).toBe(true);
		expect(display.shown).toBeNull();
	});

	it('never shows a view that arrives after the document (a replica loaded first)', async () => {
		const late = Promise.withResolvers<FirstView | null>();
		const display = new FirstViewDisplay(late.promise);
		display.end();
		late.resolve(viewOf(LARGE));
		expect(await settled(display.documentMayBeRead)).toBe(true);
		expect(display.shown).toBeNull();
	});

	it('does not hold the document back when the view is never drawn but the document arrives anyway', async () => {
		const display = new FirstViewDisplay(Promise.resolve(viewOf(LARGE)));
		await settled(display.documentMayBeRead);
		display.end();
		expect(await settled(display.documentMayBeRead)).toBe(true);
	});
});
