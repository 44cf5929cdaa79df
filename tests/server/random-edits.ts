/**
 * Random concurrent edits for the convergence properties: which client edits, what, and where,
 * applied through the model's own API. Model refusals (a self-link, an agent deleted meanwhile)
 * are expected and ignored; `keep` is an agent no edit deletes, so there is always a target.
 */
import fc from 'fast-check';
import type { MapDocument } from '../../src/lib/model/index.ts';

export interface RandomEdit {
	who: number;
	op: 'add' | 'move' | 'rename' | 'area' | 'link' | 'delete';
	lon: number;
	lat: number;
	text: string;
	pick: number;
}

export function randomEdit(clients: number): fc.Arbitrary<RandomEdit> {
	return fc.record({
		who: fc.integer({ min: 0, max: clients - 1 }),
		op: fc.constantFrom('add', 'move', 'rename', 'area', 'link', 'delete'),
		lon: fc.double({ min: -74.3, max: -73.9, noNaN: true }),
		lat: fc.double({ min: 4.4, max: 4.9, noNaN: true }),
		text: fc.string({ maxLength: 20 }),
		pick: fc.nat()
	});
}

export function applyRandomEdit(map: MapDocument, e: RandomEdit, keep: string): void {
	const ids = map.ids('agents');
	const target = ids[e.pick % ids.length];
	try {
		if (e.op === 'add') map.addAgent({ name: e.text || 'x', position: [e.lon, e.lat] });
		else if (e.op === 'move') map.moveAgent(target, [e.lon, e.lat]);
		else if (e.op === 'rename') map.updateAgent(target, { name: e.text || 'y' });
		else if (e.op === 'area') map.setMember(target, 'areaIds', `area${e.pick % 3}`, e.pick % 2 === 0);
		else if (e.op === 'link') map.addLink({ from: target, to: ids[(e.pick + 1) % ids.length] });
		else if (e.op === 'delete' && target !== keep) map.deleteAgent(target);
	} catch {
		// Model validation refusals (self-links, vanished agents) are expected here.
	}
}
