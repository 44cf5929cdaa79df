/**
 * Undo's bookkeeping of a record collection (src/lib/model/undo-copies.ts): the writes of this
 * replica by Yjs clock, and the copies of an undone write taken back too.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { UndoCopies, type StepItems } from '../../src/lib/model/undo-copies.ts';
import { recordParts } from './record-parts.ts';

/** The items of an undo step: `len` values of `client` from `clock`. */
function step(client: number, clock: number, len = 1): StepItems {
	const items = Y.createDeleteSet();
	items.clients.set(client, [{ clock, len } as never]);
	return items;
}

function withUndo() {
	const parts = recordParts(1);
	const undo = new UndoCopies(parts.doc, parts.index, parts.writer, parts.changes);
	for (const { record, client, clock } of parts.placed.splice(0)) if (client === 1) undo.noteOwn(record, clock);
	return { ...parts, undo, own: () => parts.placed.splice(0).forEach(({ record, clock }) => undo.noteOwn(record, clock)) };
}

describe("undo's copies", () => {
	it('takes back a copy of an undone write that someone made under another Yjs id', () => {
		const { doc, index, writer, undo, own, stored, transact } = withUndo();
		transact(() => writer.append('a', { set: { name: 'A' }, gone: false }));
		own();
		const clock = Y.getState(doc.store, 1);
		transact(() => writer.append('a', { set: { sector: 'public', contact: 'x' } }));
		own();
		// Someone's edit of the contact shortened it: the same write (a, 2, 1), another Yjs id.
		const [mine] = index.recordsOf('a').filter((record) => record.t === 2);
		transact(() => {
			writer.takeOut(mine);
			writer.appendRecord({ id: 'a', t: 2, c: 1, set: { sector: 'public' } });
			writer.appendRecord({ id: 'a', t: 3, c: 2, set: { contact: 'y' } });
		});
		const since = Y.getState(doc.store, 1);
		transact(() => undo.takeBackCopies([step(1, clock)], since));
		expect(stored().filter((record) => record.t === 2)).toEqual([]);
		expect(index.fields('a')?.get('sector')).toBeUndefined();
		expect(index.fields('a')?.get('name')).toBe('A');
		expect(index.fields('a')?.get('contact')).toBe('y');
	});

	it('keeps what the undo itself restored (written since it began)', () => {
		const { doc, writer, undo, own, stored, transact } = withUndo();
		const clock = Y.getState(doc.store, 1);
		transact(() => writer.append('a', { set: { name: 'A' }, gone: false }));
		own();
		const since = Y.getState(doc.store, 1);
		// What the undo manager brought back: a copy of the same write, pushed after `since`.
		transact(() => writer.appendRecord({ id: 'a', t: 1, c: 1, set: { name: 'A' }, gone: false }));
		transact(() => undo.takeBackCopies([step(1, clock)], since));
		expect(stored().filter((record) => record.t === 1)).toHaveLength(1);
	});

	it('deletes an entity whose creation was undone although others have edited it since', () => {
		const { doc, index, writer, undo, own, transact } = withUndo();
		const clock = Y.getState(doc.store, 1);
		transact(() => writer.append('a', { set: { name: 'A' }, gone: false }));
		own();
		// Another person moved it: a record that still makes it exist.
		transact(() => writer.appendRecord({ id: 'a', t: 2, c: 2, set: { position: [1, 2] } }));
		const since = Y.getState(doc.store, 1);
		transact(() => undo.takeBackCopies([step(1, clock)], since));
		expect(index.has('a')).toBe(false);
	});

	it('hands over the entities an undo touched once, to compact', () => {
		const { undo } = withUndo();
		undo.noteTouched(['a', 'b']);
		undo.noteTouched(['a']);
		expect([...undo.takeTouched()]).toEqual(['a', 'b']);
		expect(undo.takeTouched().size).toBe(0);
	});
});
