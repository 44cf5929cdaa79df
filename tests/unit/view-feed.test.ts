/**
 * How the view's changes reach the map's sources (src/lib/map/view-feed.ts): every source gets
 * each change in order, a large change waits for the next painted frame, and giving the
 * sources the whole view again drops the changes still waiting (they are part of it), so no
 * source applies a change twice.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ViewChange } from '../../src/lib/filters/filter-engine.ts';
import { ViewFeed, type SourceFeed } from '../../src/lib/map/view-feed.ts';

function change(entered: number): ViewChange {
	const ids = Array.from({ length: entered }, (_, i) => `a${i}`);
	return { refiltered: true, entered: ids, left: [], updated: [], linksEntered: [], linksLeft: [], linksUpdated: [] };
}

function recorder(log: string[], name: string): SourceFeed {
	return {
		reset: () => log.push(`${name} reset`),
		change: (c) => log.push(`${name} ${c.entered.length}`)
	};
}

describe('view feed', () => {
	beforeEach(() => {
		vi.useFakeTimers();
		vi.stubGlobal('requestAnimationFrame', (callback: FrameRequestCallback) => setTimeout(() => callback(0), 16));
		vi.stubGlobal('cancelAnimationFrame', (id: ReturnType<typeof setTimeout>) => clearTimeout(id));
	});
	afterEach(() => {
		vi.useRealTimers();
		vi.unstubAllGlobals();
	});

	it('gives a small change to every source at once, and none to a source removed', () => {
		const log: string[] = [];
		const feed = new ViewFeed((c) => feed.change(c));
		feed.add(recorder(log, 'agents'));
		const removeLinks = feed.add(recorder(log, 'links'));
		feed.push(change(3));
		removeLinks();
		feed.push(change(4));
		expect(log).toEqual(['agents 3', 'links 3', 'agents 4']);
	});

	it('holds a large change until after the next frame, keeping the order of those behind it', () => {
		const log: string[] = [];
		const feed = new ViewFeed((c) => feed.change(c));
		feed.add(recorder(log, 'agents'));
		feed.push(change(6000));
		feed.push(change(1));
		expect(log).toEqual([]);
		vi.advanceTimersByTime(20);
		expect(log).toEqual(['agents 6000', 'agents 1']);
	});

	it('drops the changes still waiting when the sources are given the whole view again', () => {
		const log: string[] = [];
		const feed = new ViewFeed((c) => feed.change(c));
		feed.add(recorder(log, 'agents'));
		feed.push(change(6000));
		feed.reset();
		vi.advanceTimersByTime(200);
		expect(log).toEqual(['agents reset']);
	});
});
