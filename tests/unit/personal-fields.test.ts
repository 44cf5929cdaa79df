import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as Y from 'yjs';
import { MapDocument, type Agent } from '../../src/lib/model/index.ts';
import { personalFields, withoutPersonalFields } from '../../src/lib/model/personal-fields.ts';

const CONTACT = ['contact'];

function withoutContact(agent: Agent, fields: readonly string[] = CONTACT): Agent {
	return { ...agent, ...Object.fromEntries(fields.map((field) => [field, ''])) };
}

/** A replica that receives every update of `source` through the projection. */
function projectionOf(source: MapDocument, fields: readonly string[] = CONTACT): MapDocument {
	const projection = new MapDocument(new Y.Doc(), 'partner', { upkeep: false });
	Y.applyUpdate(projection.doc, withoutPersonalFields(Y.encodeStateAsUpdate(source.doc), fields));
	source.doc.on('update', (update: Uint8Array) => Y.applyUpdate(projection.doc, withoutPersonalFields(update, fields)));
	return projection;
}

/** Entities by id: the model lists agents of equal names in no fixed order. */
const byId = <T extends { id: string }>(entities: T[]) => [...entities].sort((a, b) => (a.id < b.id ? -1 : 1));

function expectProjected(source: MapDocument, projection: MapDocument, fields: readonly string[] = CONTACT): void {
	expect(byId(projection.agents())).toEqual(byId(source.agents().map((agent) => withoutContact(agent, fields))));
	expect(byId(projection.links())).toEqual(byId(source.links()));
	// Same items, same clocks: the projection is the same CRDT, not a copy with other ids.
	expect(Y.encodeStateVector(projection.doc)).toEqual(Y.encodeStateVector(source.doc));
}

describe('the copy of a map without personal fields', () => {
	it('takes contacts out of the whole state and of every later update, and keeps the rest', () => {
		const map = new MapDocument(new Y.Doc(), 'ana');
		const a = map.addAgent({ name: 'Universidad A', position: [-74.07, 4.71], contact: 'rectoria@a.edu.co', website: 'https://a.edu.co' });
		const b = map.addAgent({ name: 'Empresa B', position: [-74.1, 4.65], contact: '+57 300 000 0000' });
		map.addLink({ from: a, to: b, kind: 'partnership' });
		const projection = projectionOf(map);
		expectProjected(map, projection);
		expect(projection.agent(a)?.contact).toBe('');

		map.updateAgent(a, { contact: 'nuevo@a.edu.co', description: 'Sede norte' });
		map.updateAgent(b, { name: 'Empresa B S.A.S.' });
		const c = map.addAgent({ name: 'ONG C', position: [-74.2, 4.6], contact: 'c@ong.org' });
		map.deleteAgent(b);
		expectProjected(map, projection);
		expect(projection.agent(c)).toMatchObject({ name: 'ONG C', contact: '' });
		expect(projection.agent(a)).toMatchObject({ description: 'Sede norte', contact: '' });
	});

	it('never carries the text of a personal field, even written with escapes', () => {
		const map = new MapDocument(new Y.Doc(), 'ana');
		map.addAgent({ name: 'A', position: [-74, 4.6], contact: 'secreto@a.co' });
		// A hostile editor's record: the key spelled with a JSON escape reads as "contact".
		const records = map.doc.getArray<string>('agent-records');
		records.push([JSON.stringify({ id: 'agent-x', t: 9, c: 1, set: { name: 'X', position: [-74, 4.6] } }).replace('"name"', '"n\\u0061me"').replace('}}', ',"cont\\u0061ct":"oculto@x.co"}}')]);
		const projected = withoutPersonalFields(Y.encodeStateAsUpdate(map.doc), CONTACT);
		const text = new TextDecoder().decode(projected);
		expect(text).not.toContain('secreto@a.co');
		expect(text).not.toContain('oculto@x.co');
		expect(text).toContain('"name"');
	});

	it('returns the very same bytes when an update carries no personal field', () => {
		const map = new MapDocument(new Y.Doc(), 'ana');
		map.addAgent({ name: 'Sin contacto', position: [-74, 4.6] });
		const update = Y.encodeStateAsUpdate(map.doc);
		expect(withoutPersonalFields(update, CONTACT)).toBe(update);
		expect(withoutPersonalFields(update, [])).toBe(update);
	});

	it('takes out the fields an owner marks personal, and only those', () => {
		expect(personalFields(['website', 'name', 'bogus'])).toEqual(['contact', 'website']);
		const map = new MapDocument(new Y.Doc(), 'ana');
		map.addAgent({ name: 'A', position: [-74, 4.6], address: 'Cra 7 # 40', website: 'https://a.co', contact: 'x@a.co', description: 'público' });
		const fields = personalFields(['address', 'website']);
		const projection = projectionOf(map, fields);
		expectProjected(map, projection, fields);
		expect(projection.agents()[0]).toMatchObject({ address: '', website: '', contact: '', description: 'público' });
	});

	it('converges like the map itself under any sequence of edits (property)', () => {
		const edit = fc.oneof(
			fc.record({ op: fc.constant('add' as const), contact: fc.string({ maxLength: 12 }), name: fc.string({ minLength: 1, maxLength: 10 }) }),
			fc.record({ op: fc.constant('contact' as const), pick: fc.nat(), contact: fc.string({ maxLength: 12 }) }),
			fc.record({ op: fc.constant('rename' as const), pick: fc.nat(), name: fc.string({ minLength: 1, maxLength: 10 }) }),
			fc.record({ op: fc.constant('delete' as const), pick: fc.nat() })
		);
		fc.assert(
			fc.property(fc.array(edit, { maxLength: 25 }), (edits) => {
				const map = new MapDocument(new Y.Doc(), 'ana');
				const projection = projectionOf(map);
				for (const step of edits) {
					const ids = map.agents().map((agent) => agent.id);
					const id = 'pick' in step && ids.length > 0 ? ids[step.pick % ids.length] : null;
					if (step.op === 'add') map.addAgent({ name: step.name.trim() || 'n', position: [-74, 4.6], contact: step.contact });
					else if (id && step.op === 'contact') map.updateAgent(id, { contact: step.contact });
					else if (id && step.op === 'rename') map.updateAgent(id, { name: step.name.trim() || 'n' });
					else if (id && step.op === 'delete') map.deleteAgent(id);
				}
				expectProjected(map, projection);
				// A newcomer who gets the projected whole state reads the same as one who followed along.
				const newcomer = new MapDocument(new Y.Doc(), 'late', { upkeep: false });
				Y.applyUpdate(newcomer.doc, withoutPersonalFields(Y.encodeStateAsUpdate(map.doc), CONTACT));
				expect(byId(newcomer.agents())).toEqual(byId(projection.agents()));
			}),
			{ numRuns: 60 }
		);
	});
});
