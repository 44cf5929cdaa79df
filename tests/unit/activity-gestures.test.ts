/**
 * The activity feed joins the updates of one gesture into one entry (src/lib/history/gestures.ts).
 * Before it, one drag of an agent showed as 16 entries; these tests fail without the grouping.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
	GESTURE_GAP_MS,
	groupGestures,
	pageOfGestures,
	readGesturePage,
	type FeedEntity,
	type FeedRecord
} from '../../src/lib/history/gestures.ts';

const T0 = Date.UTC(2026, 11, 7, 10);

function moved(id: string, name = id): FeedEntity {
	return { collection: 'agents', id, action: 'changed', name, fields: ['position'] };
}

/** Records as the store lists them: newest first, from records given oldest first. */
function log(...records: Omit<FeedRecord, 'seq' | 'entityCount'>[]): FeedRecord[] {
	return records.map((record, i) => ({ ...record, seq: i + 1, entityCount: record.entities.length })).reverse();
}

/** A drag: `count` updates 50 ms apart moving one agent. */
function drag(actor: string, id: string, start: number, count = 16) {
	return Array.from({ length: count }, (_, i) => ({ actor, at: start + i * 50, entities: [moved(id)] }));
}

describe('grouping updates into gestures', () => {
	it('makes one drag of 16 updates one entry, spanning its first and last update', () => {
		const gestures = groupGestures(log(...drag('user:ana', 'u1', T0)));
		expect(gestures).toEqual([
			{ seq: 16, at: T0 + 750, oldestSeq: 1, from: T0, updates: 16, actor: 'user:ana', entityCount: 1, entities: [moved('u1')] }
		]);
	});

	it('never joins two people, even on one agent at the same moment', () => {
		const ana = drag('user:ana', 'u1', T0, 4);
		const beto = drag('user:beto', 'u1', T0 + 10, 4);
		const interleaved = ana.flatMap((update, i) => [update, beto[i]]);
		const gestures = groupGestures(log(...interleaved));
		expect(gestures).toHaveLength(8);
		expect(gestures.map((g) => g.actor)).toEqual(['user:beto', 'user:ana', 'user:beto', 'user:ana', 'user:beto', 'user:ana', 'user:beto', 'user:ana']);
		// One after the other, each person's drag is one entry.
		expect(groupGestures(log(...ana, ...beto)).map((g) => [g.actor, g.updates])).toEqual([
			['user:beto', 4],
			['user:ana', 4]
		]);
	});

	it('starts a new entry after a pause longer than the window, and not at exactly the window', () => {
		const first = drag('user:ana', 'u1', T0, 3);
		const late = drag('user:ana', 'u1', T0 + 100 + GESTURE_GAP_MS + 1, 3);
		expect(groupGestures(log(...first, ...late)).map((g) => g.updates)).toEqual([3, 3]);
		const onTime = drag('user:ana', 'u1', T0 + 100 + GESTURE_GAP_MS, 3);
		expect(groupGestures(log(...first, ...onTime)).map((g) => g.updates)).toEqual([6]);
	});

	it('keeps apart different work: another agent, another field, an addition before a change', () => {
		const renamed: FeedEntity = { collection: 'agents', id: 'u1', action: 'changed', name: 'U', fields: ['name'] };
		const added: FeedEntity = { collection: 'agents', id: 'u1', action: 'added', name: 'U', fields: [] };
		const gestures = groupGestures(
			log(
				{ actor: 'user:ana', at: T0, entities: [added] },
				{ actor: 'user:ana', at: T0 + 1000, entities: [renamed] },
				{ actor: 'user:ana', at: T0 + 2000, entities: [moved('u1')] },
				{ actor: 'user:ana', at: T0 + 3000, entities: [moved('u2')] }
			)
		);
		expect(gestures.map((g) => g.entities[0].id + ':' + g.entities[0].action + ':' + g.entities[0].fields.join())).toEqual([
			'u2:changed:position',
			'u1:changed:position',
			'u1:changed:name',
			'u1:added:'
		]);
	});

	it('names the entity as the newest update does: typing a name is one entry under the final name', () => {
		const typing = ['M', 'Mu', 'Mus', 'Muse', 'Museo'].map((name, i) => ({
			actor: 'user:ana',
			at: T0 + i * 300,
			entities: [{ collection: 'agents', id: 'u1', action: 'changed' as const, name, fields: ['name'] }]
		}));
		const gestures = groupGestures(log(...typing));
		expect(gestures).toHaveLength(1);
		expect(gestures[0].entities[0].name).toBe('Museo');
	});

	it('joins updates touching the same several entities in any order, not a different set', () => {
		const pair = [moved('u1'), moved('u2')];
		const gestures = groupGestures(
			log(
				{ actor: 'user:ana', at: T0, entities: pair },
				{ actor: 'user:ana', at: T0 + 50, entities: [...pair].reverse() },
				{ actor: 'user:ana', at: T0 + 100, entities: [moved('u1')] }
			)
		);
		expect(gestures.map((g) => g.updates)).toEqual([1, 2]);
	});
});

describe('pages of gestures', () => {
	it('waits for the record that ends the last gesture before it answers', () => {
		const records = log(...drag('user:ana', 'u1', T0, 5), ...drag('user:beto', 'u2', T0 + 1000, 5));
		expect(pageOfGestures(records.slice(0, 7), 1, 'more')).toEqual({ gestures: [expect.objectContaining({ actor: 'user:beto' })], next: 6 });
		expect(pageOfGestures(records.slice(0, 4), 1, 'more')).toBeNull();
		expect(pageOfGestures(records, 2, 'none')?.next).toBeNull();
		expect(pageOfGestures(records.slice(0, 4), 1, 'cut')).toEqual({ gestures: [expect.objectContaining({ updates: 4 })], next: 7 });
	});

	// Paging with a single `before` cursor and reading the log in small batches must give the
	// same entries as grouping the whole log at once: none repeated, none lost.
	it('pages through any log without repeating or losing an update', async () => {
		const record = fc.record({
			actor: fc.constantFrom('user:ana', 'user:beto'),
			gap: fc.constantFrom(50, 1000, GESTURE_GAP_MS + 1),
			id: fc.constantFrom('u1', 'u2')
		});
		await fc.assert(
			fc.asyncProperty(fc.array(record, { maxLength: 60 }), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 7 }), async (steps, limit, batch) => {
				let at = T0;
				const records = log(...steps.map((step) => ({ actor: step.actor, at: (at += step.gap), entities: [moved(step.id)] })));
				const read = async (before: number | undefined, n: number) => records.filter((r) => before === undefined || r.seq < before).slice(0, n);
				const pages = [];
				let before: number | undefined;
				for (let guard = 0; guard < 100; guard++) {
					const page = await readGesturePage(read, { before, limit, batch, maxRecords: 1000 });
					pages.push(...page.gestures);
					if (page.next === null) break;
					before = page.next;
				}
				expect(pages).toEqual(groupGestures(records));
			})
		);
	});

	it('splits a gesture longer than one page may read, still covering every update once', async () => {
		const records = log(...drag('user:ana', 'u1', T0, 30));
		const read = async (before: number | undefined, n: number) => records.filter((r) => before === undefined || r.seq < before).slice(0, n);
		const first = await readGesturePage(read, { limit: 10, batch: 8, maxRecords: 16 });
		expect(first).toEqual({ gestures: [expect.objectContaining({ seq: 30, oldestSeq: 15, updates: 16 })], next: 15 });
		const second = await readGesturePage(read, { before: first.next!, limit: 10, batch: 8, maxRecords: 16 });
		expect(second).toEqual({ gestures: [expect.objectContaining({ seq: 14, oldestSeq: 1, updates: 14 })], next: null });
	});
});
