/**
 * The map's queue for the filtered view's changes: small changes go at once, a large one
 * waits for the scheduled flush, and whatever comes while one waits queues behind it, so the
 * map applies every change exactly once and in the order the view made them.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DeferredChanges } from '../../src/lib/map/deferred-changes.ts';

function setup() {
	const applied: number[] = [];
	const scheduled: (() => void)[] = [];
	let cancelled = 0;
	const queue = new DeferredChanges<number>((size) => applied.push(size), {
		sizeOf: (size) => size,
		deferFrom: 100,
		schedule: (flush) => {
			scheduled.push(flush);
			return () => cancelled++;
		}
	});
	return { queue, applied, scheduled, cancelled: () => cancelled };
}

describe('deferred map changes', () => {
	it('applies a small change at once and holds a large one until the flush', () => {
		const { queue, applied, scheduled } = setup();
		queue.push(3);
		expect(applied).toEqual([3]);
		queue.push(500);
		expect(applied).toEqual([3]);
		expect(scheduled).toHaveLength(1);
		queue.push(2); // small, but behind a waiting change
		expect(applied).toEqual([3]);
		scheduled[0]();
		expect(applied).toEqual([3, 500, 2]);
		expect(queue.waiting).toBe(0);
	});

	it('forgets waiting changes when cleared, and cancels the scheduled flush', () => {
		const { queue, applied, cancelled } = setup();
		queue.push(500);
		queue.clear();
		expect(cancelled()).toBe(1);
		queue.flush();
		expect(applied).toEqual([]);
	});

	it('applies every change exactly once, in order, whatever the sizes and flush times', () => {
		const step = fc.oneof(fc.integer({ min: 0, max: 300 }).map((size) => ({ size })), fc.constant({ flush: true as const }));
		fc.assert(
			fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
				const { queue, applied, scheduled } = setup();
				const pushed: number[] = [];
				for (const s of steps) {
					if ('flush' in s) scheduled.splice(0).forEach((flush) => flush());
					else {
						pushed.push(s.size);
						queue.push(s.size);
					}
					// Whatever has been applied is a prefix of what was pushed.
					expect(pushed.slice(0, applied.length)).toEqual(applied);
				}
				queue.flush();
				expect(applied).toEqual(pushed);
			})
		);
	});
});
