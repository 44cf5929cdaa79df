import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import * as Y from 'yjs';
import {
	MAX_TEXT,
	MapDocument,
	ModelError,
	isValidLonLat,
	type ChangeSet,
	type Issue
} from '../../src/lib/model/index.ts';
import { isIsoDate } from '../../src/lib/model/validate.ts';
import { RECORD_ARRAYS } from '../../src/lib/model/schema.ts';

/** Brings every replica up to date with every other, as a relay would. */
function sync(...maps: MapDocument[]): void {
	for (const from of maps) {
		for (const to of maps) {
			if (from === to) continue;
			Y.applyUpdate(to.doc, Y.encodeStateAsUpdate(from.doc, Y.encodeStateVector(to.doc)), 'remote');
		}
	}
}

function replicas(): [MapDocument, MapDocument] {
	return [new MapDocument(new Y.Doc(), 'ana'), new MapDocument(new Y.Doc(), 'beto')];
}

const BOGOTA = [-74.0721, 4.711] as const;

function expectModelError(fn: () => unknown, code: string, message: RegExp): void {
	try {
		fn();
	} catch (error) {
		expect(error).toBeInstanceOf(ModelError);
		expect((error as ModelError).code).toBe(code);
		expect((error as ModelError).message).toMatch(message);
		return;
	}
	expect.fail('expected a ModelError');
}

describe('agents', () => {
	it('adds an agent with trimmed text, a rounded position and empty sets, stamped with the actor', () => {
		const map = new MapDocument(new Y.Doc(), 'ana');
		const id = map.addAgent({ name: '  Maloka  ', position: [-74.123456789, 4.6], sector: 'civil-society', tags: ['ciencia'] });
		const agent = map.agent(id)!;
		expect(agent).toMatchObject({ name: 'Maloka', sector: 'civil-society', position: [-74.1234568, 4.6] });
		expect(agent).toMatchObject({ areaIds: [], nicheIds: [], networkIds: [], tags: ['ciencia'], createdBy: 'ana', updatedBy: 'ana' });
		expect(map.agentCount()).toBe(1);
	});

	it('updates only the fields given and touches updatedBy', () => {
		const map = new MapDocument(new Y.Doc(), 'ana');
		const id = map.addAgent({ name: 'A', position: BOGOTA, address: 'Calle 1' });
		const other = new MapDocument(map.doc, 'beto');
		other.updateAgent(id, { description: 'Nueva', sector: 'academia' });
		expect(map.agent(id)).toMatchObject({ name: 'A', address: 'Calle 1', description: 'Nueva', sector: 'academia', updatedBy: 'beto' });
	});

	it('moves an agent to a new position', () => {
		const map = new MapDocument();
		const id = map.addAgent({ name: 'A', position: BOGOTA });
		map.moveAgent(id, [-74.2, 4.5]);
		expect(map.agent(id)!.position).toEqual([-74.2, 4.5]);
	});

	it('adds and removes set members', () => {
		const map = new MapDocument();
		const id = map.addAgent({ name: 'A', position: BOGOTA });
		map.setMember(id, 'areaIds', 'bio', true);
		map.setMember(id, 'tags', 'pyme', true);
		map.setMember(id, 'areaIds', 'tic', true);
		map.setMember(id, 'areaIds', 'bio', false);
		expect(map.agent(id)).toMatchObject({ areaIds: ['tic'], tags: ['pyme'] });
	});

	it('deletes an agent, its links and its project memberships; deleting it again is a no-op', () => {
		const map = new MapDocument();
		const a = map.addAgent({ name: 'A', position: BOGOTA });
		const b = map.addAgent({ name: 'B', position: BOGOTA });
		const c = map.addAgent({ name: 'C', position: BOGOTA });
		map.addLink({ from: a, to: b });
		const kept = map.addLink({ from: b, to: c });
		const project = map.addProject({ name: 'P', nicheId: 'n', agentIds: [a, b] });
		map.deleteAgent(a);
		map.deleteAgent(a);
		expect(map.agents().map((agent) => agent.id).sort()).toEqual([b, c].sort());
		expect(map.links().map((link) => link.id)).toEqual([kept]);
		expect(map.ids('links')).toEqual([kept]);
		expect(map.projects().find((p) => p.id === project)!.agentIds).toEqual([b]);
	});

	it('deletes an agent and its links in one transaction: observers see one change set with both', () => {
		const map = new MapDocument();
		const a = map.addAgent({ name: 'A', position: BOGOTA });
		const b = map.addAgent({ name: 'B', position: BOGOTA });
		const link = map.addLink({ from: b, to: a });
		const calls: [ChangeSet, boolean][] = [];
		const stop = map.observe((changes, local) => calls.push([changes, local]));
		map.deleteAgent(a);
		stop();
		expect(calls).toHaveLength(1);
		const [changes, local] = calls[0];
		expect(local).toBe(true);
		expect([...changes.agents!]).toEqual([a]);
		expect([...changes.links!]).toEqual([link]);
	});

	it('tells observers which changes came from another replica', () => {
		const [ana, beto] = replicas();
		const seen: boolean[] = [];
		const stop = beto.observe((_, local) => seen.push(local));
		ana.addAgent({ name: 'A', position: BOGOTA });
		sync(ana, beto);
		stop();
		expect(seen).toEqual([false]);
	});
});

describe('concurrent editing on two replicas', () => {
	function shared(): [MapDocument, MapDocument, string] {
		const [ana, beto] = replicas();
		const id = ana.addAgent({ name: 'Compartido', position: BOGOTA, description: 'v0' });
		sync(ana, beto);
		return [ana, beto, id];
	}

	it('keeps both areas when two replicas add different areas to one agent', () => {
		const [ana, beto, id] = shared();
		ana.setMember(id, 'areaIds', 'area-bio', true);
		beto.setMember(id, 'areaIds', 'area-tic', true);
		sync(ana, beto);
		expect(ana.agent(id)!.areaIds).toEqual(['area-bio', 'area-tic']);
		expect(beto.agent(id)!.areaIds).toEqual(['area-bio', 'area-tic']);
	});

	it('keeps both edits when two replicas change different fields of one agent', () => {
		const [ana, beto, id] = shared();
		ana.updateAgent(id, { name: 'Nombre de Ana' });
		beto.updateAgent(id, { description: 'Descripción de Beto' });
		sync(ana, beto);
		for (const map of [ana, beto]) expect(map.agent(id)).toMatchObject({ name: 'Nombre de Ana', description: 'Descripción de Beto' });
	});

	it('resolves two concurrent moves to one of the two positions, never a mix', () => {
		for (let run = 0; run < 10; run++) {
			const [ana, beto, id] = shared();
			ana.moveAgent(id, [-74.01, 4.01]);
			beto.moveAgent(id, [-74.99, 4.99]);
			sync(ana, beto);
			const position = ana.agent(id)!.position;
			expect([[-74.01, 4.01], [-74.99, 4.99]]).toContainEqual(position);
			expect(beto.agent(id)!.position).toEqual(position);
		}
	});

	it('hides a link whose end was deleted concurrently on the other replica', () => {
		const [ana, beto, id] = shared();
		const other = ana.addAgent({ name: 'Otro', position: BOGOTA });
		sync(ana, beto);
		const link = ana.addLink({ from: other, to: id });
		beto.deleteAgent(id);
		sync(ana, beto);
		for (const map of [ana, beto]) {
			expect(map.ids('links')).toContain(link);
			expect(map.links()).toEqual([]);
			expect(map.agents().map((agent) => agent.id)).toEqual([other]);
		}
	});

	it('undoes this replica’s edits but never an edit that arrived from the other replica', () => {
		const [ana, beto, id] = shared();
		const undo = ana.createUndoManager();
		ana.updateAgent(id, { name: 'Ana 1' });
		undo.stopCapturing();
		beto.updateAgent(id, { description: 'Beto 1' });
		sync(ana, beto);
		ana.moveAgent(id, [-74.3, 4.3]);
		undo.stopCapturing();
		undo.undo();
		expect(ana.agent(id)).toMatchObject({ name: 'Ana 1', description: 'Beto 1', position: BOGOTA });
		undo.undo();
		expect(ana.agent(id)).toMatchObject({ name: 'Compartido', description: 'Beto 1' });
		expect(undo.undo()).toBeNull();
		undo.redo();
		expect(ana.agent(id)!.name).toBe('Ana 1');
		undo.destroy();
	});
});

describe('input validation', () => {
	const bad: [string, number[]][] = [
		['NaN', [NaN, 4.6]],
		['Infinity', [-74, Infinity]],
		['longitude 200', [200, 4.6]],
		['latitude -91', [-74, -91]],
		['one number', [-74]],
		['three numbers', [-74, 4.6, 0]],
		['no numbers', []]
	];
	it.each(bad)('rejects a position with %s, naming the valid ranges', (_, position) => {
		const map = new MapDocument();
		expectModelError(() => map.addAgent({ name: 'A', position }), 'invalid-position', /longitude in −180…180 and latitude in −90…90/);
		const id = map.addAgent({ name: 'A', position: BOGOTA });
		expectModelError(() => map.moveAgent(id, position), 'invalid-position', /\[longitude, latitude\]/);
		expect(map.agent(id)!.position).toEqual(BOGOTA);
		map.setMeta({ center: BOGOTA });
		expectModelError(() => map.setMeta({ center: position as unknown as [number, number] }), 'invalid-position', /position/);
	});

	it('rejects an empty or blank name', () => {
		const map = new MapDocument();
		expectModelError(() => map.addAgent({ name: '   ', position: BOGOTA }), 'invalid-text', /needs a name/);
		const id = map.addAgent({ name: 'A', position: BOGOTA });
		expectModelError(() => map.updateAgent(id, { name: '' }), 'invalid-text', /needs a name/);
		expect(map.agentCount()).toBe(1);
		expect(map.agent(id)!.name).toBe('A');
	});

	it('rejects over-long text, saying which field and its limit', () => {
		const map = new MapDocument();
		expectModelError(() => map.addAgent({ name: 'n'.repeat(201), position: BOGOTA }), 'invalid-text', /name is longer than 200 characters/);
		const id = map.addAgent({ name: 'A', position: BOGOTA });
		expectModelError(() => map.updateAgent(id, { description: 'd'.repeat(5001) }), 'invalid-text', /description is longer than 5000/);
		expectModelError(() => map.setMember(id, 'tags', 't'.repeat(61), true), 'invalid-text', /tag is longer than 60/);
		expect(map.agent(id)).toMatchObject({ description: '', tags: [] });
	});

	it('rejects a link from an agent to itself and links to unknown agents', () => {
		const map = new MapDocument();
		const a = map.addAgent({ name: 'A', position: BOGOTA });
		expectModelError(() => map.addLink({ from: a, to: a }), 'self-link', /cannot link to itself/);
		expectModelError(() => map.addLink({ from: a, to: 'nobody' }), 'unknown-agent', /existing agents/);
		expect(map.ids('links')).toEqual([]);
	});

	it('rejects edits of an agent that no longer exists, and unknown sectors or link kinds', () => {
		const map = new MapDocument();
		const a = map.addAgent({ name: 'A', position: BOGOTA });
		const b = map.addAgent({ name: 'B', position: BOGOTA });
		for (const edit of [
			() => map.updateAgent('gone', { name: 'X' }),
			() => map.moveAgent('gone', BOGOTA),
			() => map.setMember('gone', 'areaIds', 'x', true)
		]) {
			expectModelError(edit, 'unknown-agent', /no longer exists/);
		}
		expectModelError(() => map.addAgent({ name: 'X', position: BOGOTA, sector: 'admin' as 'other' }), 'invalid-value', /unknown sector "admin"/);
		expectModelError(() => map.updateAgent(a, { sector: 'admin' as 'other' }), 'invalid-value', /unknown sector/);
		expectModelError(() => map.addLink({ from: a, to: b, kind: 'hug' as 'other' }), 'invalid-value', /unknown link kind "hug"/);
	});

	// A history written after the fact (the demo) dates what it adds; a future date is refused.
	it('adds an agent and a link dated in the past, and refuses a creation time in the future', () => {
		const map = new MapDocument();
		const past = Date.UTC(2018, 2, 1);
		const a = map.addAgent({ name: 'A', position: BOGOTA }, { createdAt: past });
		const b = map.addAgent({ name: 'B', position: BOGOTA });
		const link = map.addLink({ from: a, to: b }, { createdAt: past + 1000 });
		expect(map.agent(a)).toMatchObject({ createdAt: past, updatedAt: past });
		expect(map.link(link)!.createdAt).toBe(past + 1000);
		const later = Date.now() + 60_000;
		expectModelError(() => map.addAgent({ name: 'C', position: BOGOTA }, { createdAt: later }), 'invalid-value', /past time/);
		expectModelError(() => map.addLink({ from: b, to: a }, { createdAt: NaN }), 'invalid-value', /past time/);
		expect(map.agentCount()).toBe(2);
		expect(map.links()).toHaveLength(1);
	});

	// Yjs commits whatever a transaction wrote before an exception: validation must finish
	// before the first write, or a rejected edit still reaches every peer half-done.
	it('a rejected addAgent (over-long description) leaves nothing behind', () => {
		const map = new MapDocument();
		expect(() => map.addAgent({ name: 'Half', position: BOGOTA, description: 'd'.repeat(5001) })).toThrow(ModelError);
		expect(map.agentCount()).toBe(0);
	});

	it('a rejected addLink (over-long note) leaves nothing behind', () => {
		const map = new MapDocument();
		const a = map.addAgent({ name: 'A', position: BOGOTA });
		const b = map.addAgent({ name: 'B', position: BOGOTA });
		expect(() => map.addLink({ from: a, to: b, note: 'n'.repeat(1001) })).toThrow(ModelError);
		expect(map.links()).toEqual([]);
	});
});

// ── a hostile peer ──────────────────────────────────────────────────────────────────────────
// These tests write into the Y.Doc with raw Yjs keys, as a modified client could, and let the
// update arrive over "the network" (encode, apply). The model must never throw, keep every
// valid entity, repair or hide the bad one and report what it did.

type Raw = Y.Map<unknown>;

function victim(): MapDocument {
	const map = new MapDocument(new Y.Doc(), 'victim');
	map.addArea({ id: 'area-1', name: 'Bio-Polo', color: '#009e73' });
	map.addNiche({ id: 'niche-1', name: 'Cosméticos', areaId: 'area-1' });
	map.addNetwork({ id: 'net-1', name: 'UCCI', kind: 'city-network', color: '#d55e00' });
	// No set members: a value written over a set is read only where no member was ever added
	// (the members' own operations win, record-fold.ts), and the tests below write such values.
	map.addAgent({ id: 'target', name: 'Target', position: BOGOTA });
	map.addAgent({ id: 'bystander', name: 'Bystander', position: [-74.1, 4.7] });
	map.addLink({ id: 'link-1', from: 'target', to: 'bystander', kind: 'partnership', weight: 1, note: '', since: '2024-05-01' });
	map.addLink({ id: 'link-2', from: 'bystander', to: 'target', kind: 'partnership', weight: 1, note: '' });
	map.addProject({ id: 'project-1', name: 'P', nicheId: 'niche-1', agentIds: ['target', 'bystander'] });
	return map;
}

function fromHostilePeer(map: MapDocument, write: (doc: Y.Doc) => void): void {
	const peer = new Y.Doc();
	Y.applyUpdate(peer, Y.encodeStateAsUpdate(map.doc));
	peer.transact(() => write(peer));
	Y.applyUpdate(map.doc, Y.encodeStateAsUpdate(peer, Y.encodeStateVector(map.doc)), 'remote');
}

/**
 * A hostile value for one field: for agents and links a record (JSON text, see
 * src/lib/model/record-fold.ts) that sets it with a clock later than any honest one so far;
 * for the small collections a write into the entity's `Y.Map`.
 */
function writeField(map: MapDocument, collection: string, id: string, field: string, value: unknown): void {
	fromHostilePeer(map, (doc) => {
		if (collection === 'agents' || collection === 'links') pushRecord(doc, collection, { id, set: { [field]: value } });
		else (doc.getMap(collection).get(id) as Raw).set(field, value);
	});
}

function pushRecord(doc: Y.Doc, collection: 'agents' | 'links', record: Record<string, unknown>): void {
	doc.getArray(RECORD_ARRAYS[collection]).push([JSON.stringify({ t: 1_000_000, c: 1, ...record })]);
}

const MEGABYTE = 'x'.repeat(1 << 20);
const SCRIPT = '<script>alert(document.cookie)</script>';

/** Values of the wrong type for any field; factories, since a Yjs type can be inserted once. */
const WRONG_TYPES: [string, () => unknown][] = [
	['a number', () => 42],
	['NaN', () => NaN],
	['Infinity', () => -Infinity],
	['a boolean', () => true],
	['null', () => null],
	['an object', () => ({ name: 'x', position: [-74, 4] })],
	['a nested array', () => [[['a', 1, [null]]]]],
	['bytes', () => new Uint8Array([0, 255])],
	['a Y.Text', () => new Y.Text('texto')],
	['a Y.Array', () => Y.Array.from([1, 2])],
	['a Y.Map', () => new Y.Map()]
];
/**
 * The wrong types a record can hold: records are JSON text, so bytes, Yjs types, NaN and
 * Infinity cannot reach an agent's or a link's fields (they are tested on the small collections).
 */
const RECORD_WRONG_TYPES = WRONG_TYPES.filter(([label]) => ['a number', 'a boolean', 'null', 'an object', 'a nested array'].includes(label));
const BAD_STRINGS: [string, () => unknown][] = [
	['a 1 MB string', () => MEGABYTE],
	['a script tag', () => SCRIPT]
];

function issuesFor(issues: Issue[], id: string, field: string): Issue[] {
	return issues.filter((issue) => issue.id === id && issue.field === field);
}

describe('a hostile peer: agent fields', () => {
	describe.each(['name', 'address', 'municipality', 'website', 'contact', 'description', 'createdBy'])('text field %s', (field) => {
		it.each(RECORD_WRONG_TYPES.filter(([label]) => label !== 'null'))('reads %s as empty text and reports it', (_, make) => {
			const map = victim();
			writeField(map, 'agents', 'target', field, make());
			const issues: Issue[] = [];
			const target = map.agents(issues).find((agent) => agent.id === 'target') as unknown as Record<string, unknown>;
			expect(target[field]).toBe('');
			expect(issuesFor(issues, 'target', field)).toHaveLength(1);
			expect(map.agent('bystander')!.name).toBe('Bystander');
		});

		it('cuts a 1 MB string to its maximum length and reports it', () => {
			const map = victim();
			writeField(map, 'agents', 'target', field, MEGABYTE);
			const issues: Issue[] = [];
			const max = MAX_TEXT[field === 'createdBy' ? 'name' : field];
			expect((map.agent('target', issues) as unknown as Record<string, string>)[field]).toBe(MEGABYTE.slice(0, max));
			expect(issuesFor(issues, 'target', field)[0].problem).toMatch(/cut/);
		});
	});

	it('keeps a script tag as inert text: escaping is the renderer’s job, the model stores data', () => {
		const map = victim();
		writeField(map, 'agents', 'target', 'name', SCRIPT);
		expect(map.agent('target')!.name).toBe(SCRIPT);
	});

	it.each([...RECORD_WRONG_TYPES.filter(([label]) => label !== 'a number'), ...BAD_STRINGS, ['a numeric string', () => '1700000000000']] as [string, () => unknown][])(
		'reads %s in a number field (createdAt) as 0 and reports it',
		(_, make) => {
			const map = victim();
			writeField(map, 'agents', 'target', 'createdAt', make());
			const issues: Issue[] = [];
			expect(map.agent('target', issues)!.createdAt).toBe(0);
			expect(issuesFor(issues, 'target', 'createdAt')).toHaveLength(1);
		}
	);

	it.each([...RECORD_WRONG_TYPES, ...BAD_STRINGS, ['an unknown sector', () => 'admin']] as [string, () => unknown][])(
		'reads %s in a choice field (sector) as "other" and reports it',
		(_, make) => {
			const map = victim();
			writeField(map, 'agents', 'target', 'sector', make());
			const issues: Issue[] = [];
			expect(map.agent('target', issues)!.sector).toBe('other');
			expect(issuesFor(issues, 'target', 'sector')).toHaveLength(1);
		}
	);

	// validate.ts:75 builds the issue text with String(value); an object whose toString is not
	// a function makes String() throw, so one bad field crashes every reader of the map.
	it('a choice field holding { toString: 1 } is repaired, not thrown', () => {
		const map = victim();
		writeField(map, 'agents', 'target', 'sector', { toString: 1 });
		expect(() => map.agents()).not.toThrow();
	});

	describe.each(['areaIds', 'nicheIds', 'networkIds', 'tags'])('set field %s', (field) => {
		it.each([...RECORD_WRONG_TYPES, ...BAD_STRINGS])(
			'reads %s as an empty set and reports it',
			(_, make) => {
				const map = victim();
				writeField(map, 'agents', 'target', field, make());
				const issues: Issue[] = [];
				expect((map.agent('target', issues) as unknown as Record<string, unknown>)[field]).toEqual([]);
				expect(issuesFor(issues, 'target', field)).toHaveLength(1);
			}
		);

		// A record's members are text, each present or removed (record-fold.ts refuses anything
		// else), so what is left to a peer is text that is no valid member.
		it('keeps the valid members of a set and reports each invalid one', () => {
			const map = victim();
			const honest = (map.agent('target') as unknown as Record<string, string[]>)[field];
			fromHostilePeer(map, (doc) => {
				pushRecord(doc, 'agents', { id: 'target', del: { [field]: honest }, add: { [field]: ['ok-1', field === 'tags' ? 't'.repeat(61) : SCRIPT, MEGABYTE] } });
			});
			const issues: Issue[] = [];
			expect((map.agent('target', issues) as unknown as Record<string, unknown>)[field]).toEqual(['ok-1']);
			expect(issuesFor(issues, 'target', field)).toHaveLength(2);
		});
	});

	const BAD_POSITIONS: [string, () => unknown][] = [
		...RECORD_WRONG_TYPES,
		...BAD_STRINGS,
		['a string of numbers', () => '[-74, 4.6]'],
		['[NaN, lat]', () => [NaN, 4.6]],
		['[lon, Infinity]', () => [-74, Infinity]],
		['longitude 200', () => [200, 4.6]],
		['latitude -91', () => [-74, -91]],
		['one number', () => [-74]],
		['three numbers', () => [-74, 4.6, 0]],
		['numeric strings', () => ['-74', '4.6']],
		['a nested pair', () => [[-74, 4.6]]],
		['an array-like object', () => ({ 0: -74, 1: 4.6, length: 2 })]
	];
	it.each(BAD_POSITIONS)('hides only the agent whose position is %s and reports it', (_, make) => {
		const map = victim();
		writeField(map, 'agents', 'target', 'position', make());
		const issues: Issue[] = [];
		expect(map.agents(issues).map((agent) => agent.id)).toEqual(['bystander']);
		expect(issuesFor(issues, 'target', 'position')).toHaveLength(1);
		expect(map.agent('target')).toBeNull();
	});
});

describe('a hostile peer: links, areas, networks, projects', () => {
	it.each([...RECORD_WRONG_TYPES, ...BAD_STRINGS, ['an empty id', () => '']] as [string, () => unknown][])(
		'hides a link whose end is %s and reports it',
		(_, make) => {
			const map = victim();
			writeField(map, 'links', 'link-1', 'from', make());
			const issues: Issue[] = [];
			expect(map.links(issues).map((link) => link.id)).toEqual(['link-2']);
			expect(issuesFor(issues, 'link-1', 'from/to')).toHaveLength(1);
		}
	);

	it('hides a link with a missing end', () => {
		const map = victim();
		fromHostilePeer(map, (doc) => pushRecord(doc, 'links', { id: 'link-3', set: { from: 'target', kind: 'funding' } }));
		expect(map.links().map((link) => link.id)).toEqual(['link-1', 'link-2']);
	});

	it.each([...RECORD_WRONG_TYPES, ...BAD_STRINGS, ['a slash date', () => '2024/05/01']] as [string, () => unknown][])(
		'reads %s in a date field (since) as no date and reports it',
		(_, make) => {
			const map = victim();
			writeField(map, 'links', 'link-1', 'since', make());
			const issues: Issue[] = [];
			expect(map.link('link-1', issues)!.since).toBe('');
			expect(issuesFor(issues, 'link-1', 'since')).toHaveLength(1);
		}
	);

	it.each([['NaN', NaN, 1], ['a huge number', 1e308, 5], ['a negative number', -3, 1], ['a fraction', 2.6, 3], ['text', 'heavy', 1]] as const)(
		'clamps a link weight of %s into 1…5',
		(_, value, expected) => {
			const map = victim();
			writeField(map, 'links', 'link-1', 'weight', value);
			expect(map.link('link-1')!.weight).toBe(expected);
		}
	);

	it.each([...WRONG_TYPES, ...BAD_STRINGS, ['a CSS injection', () => 'red;background:url(javascript:alert(1))'], ['a named colour', () => 'red']] as [string, () => unknown][])(
		'reads %s in a colour field as the default colour and reports it',
		(_, make) => {
			const map = victim();
			writeField(map, 'areas', 'area-1', 'color', make());
			writeField(map, 'networks', 'net-1', 'color', make());
			const issues: Issue[] = [];
			expect(map.areas(issues)[0].color).toBe('#888888');
			expect(map.networks(issues)[0].color).toBe('#555555');
			expect(issuesFor(issues, 'area-1', 'color')).toHaveLength(1);
			expect(issuesFor(issues, 'net-1', 'color')).toHaveLength(1);
		}
	);

	it('repairs choice fields of links, networks and projects', () => {
		const map = victim();
		writeField(map, 'links', 'link-1', 'kind', SCRIPT);
		writeField(map, 'networks', 'net-1', 'kind', 7);
		writeField(map, 'projects', 'project-1', 'status', [['done']]);
		const issues: Issue[] = [];
		expect(map.link('link-1', issues)!.kind).toBe('other');
		expect(map.networks(issues)[0].kind).toBe('other');
		expect(map.projects(issues)[0].status).toBe('idea');
		expect(issues.map((issue) => issue.field).sort()).toEqual(['kind', 'kind', 'status']);
	});

	it('keeps the valid members of a project and drops a set of the wrong type', () => {
		const map = victim();
		fromHostilePeer(map, (doc) => ((doc.getMap('projects').get('project-1') as Raw).get('agentIds') as Raw).set(SCRIPT, true));
		const issues: Issue[] = [];
		expect(map.projects(issues)[0].agentIds).toEqual(['bystander', 'target']);
		expect(issuesFor(issues, 'project-1', 'agentIds')).toHaveLength(1);
		writeField(map, 'projects', 'project-1', 'agentIds', ['target']);
		expect(map.projects()[0].agentIds).toEqual([]);
	});
});

describe('a hostile peer: entity keys and records', () => {
	it.each([['a script tag', SCRIPT], ['a 1 MB key', MEGABYTE], ['an empty key', ''], ['a key with spaces', 'has space']])(
		'hides an agent and a link stored under %s and reports them',
		(_, key) => {
			const map = victim();
			fromHostilePeer(map, (doc) => {
				pushRecord(doc, 'agents', { id: key, set: { name: 'Intruso', position: [-74, 4.6] } });
				pushRecord(doc, 'links', { id: key, set: { from: 'target', to: 'bystander' } });
			});
			const issues: Issue[] = [];
			expect(map.agents(issues).map((agent) => agent.id)).toEqual(['target', 'bystander']);
			expect(map.links(issues).map((link) => link.id)).toEqual(['link-1', 'link-2']);
			// A record under an invalid id is no record: counted, as every invalid one.
			expect(issues.filter((issue) => issue.field === '*').map((issue) => `${issue.collection}: ${issue.problem}`)).toEqual([
				'agents: 1 stored records are not valid; ignored',
				'links: 1 stored records are not valid; ignored'
			]);
		}
	);

	it.each([...WRONG_TYPES.filter(([label]) => label !== 'a Y.Map'), ...BAD_STRINGS])(
		'skips %s stored in place of an entity record in every collection',
		(_, make) => {
			const map = victim();
			const collections = ['areas', 'niches', 'networks', 'projects'];
			fromHostilePeer(map, (doc) => {
				for (const name of collections) doc.getMap(name).set('intruder', make());
				// Agents and links are records: the intruder takes a record's place in their arrays.
				for (const name of ['agents', 'links'] as const) doc.getArray(RECORD_ARRAYS[name]).push([make()]);
			});
			const issues: Issue[] = [];
			expect(map.agents(issues).map((agent) => agent.id)).toEqual(['target', 'bystander']);
			expect(map.links(issues)).toHaveLength(2);
			expect(map.areas(issues).map((area) => area.id)).toEqual(['area-1']);
			expect(map.niches(issues).map((niche) => niche.id)).toEqual(['niche-1']);
			expect(map.networks(issues).map((network) => network.id)).toEqual(['net-1']);
			expect(map.projects(issues).map((project) => project.id)).toEqual(['project-1']);
			expect(issues.filter((issue) => issue.id === 'intruder').map((issue) => issue.collection)).toEqual(collections);
			expect(issues.filter((issue) => issue.id === '*').map((issue) => issue.collection)).toEqual(['agents', 'links']);
		}
	);

	it('a non-record in areas/niches/networks/projects is skipped and reported', () => {
		const map = victim();
		fromHostilePeer(map, (doc) => doc.getMap('areas').set('intruder', 'not a record'));
		const issues: Issue[] = [];
		map.areas(issues);
		expect(issues).toHaveLength(1);
	});

	it('falls back to the default view when the meta fields are hostile', () => {
		const map = victim();
		fromHostilePeer(map, (doc) => {
			const meta = doc.getMap('meta');
			meta.set('name', { evil: true });
			meta.set('description', MEGABYTE);
			meta.set('center', [NaN, 4]);
			meta.set('zoom', 'far');
		});
		const meta = map.readMeta();
		expect(meta).toMatchObject({ name: '', center: [-74.08, 4.65], zoom: 9 });
		expect(meta.description).toHaveLength(5000);
	});

	it('never throws and only returns agents with a valid position and a string name, whatever a field holds', () => {
		const fields = ['name', 'sector', 'position', 'address', 'municipality', 'areaIds', 'nicheIds', 'networkIds', 'website', 'contact', 'description', 'tags', 'createdBy', 'createdAt', 'updatedBy', 'updatedAt'];
		const value = fc.oneof(
			fc.jsonValue(),
			fc.double(),
			fc.tuple(fc.double(), fc.double()),
			fc.array(fc.oneof(fc.double(), fc.string(), fc.constant(null)), { maxLength: 4 }),
			fc.string({ maxLength: 6000 }),
			fc.constantFrom(NaN, Infinity, -Infinity, -0, SCRIPT, '', true, null)
		);
		fc.assert(
			fc.property(fc.oneof(fc.constantFrom(...fields), fc.string()), value, (field, hostile) => {
				const map = victim();
				writeField(map, 'agents', 'target', field, hostile);
				const issues: Issue[] = [];
				const agents = map.agents(issues);
				expect(agents.map((agent) => agent.id)).toContain('bystander');
				for (const agent of agents) {
					expect(isValidLonLat(agent.position)).toBe(true);
					expect(typeof agent.name).toBe('string');
					expect(agent.name.length).toBeLessThanOrEqual(MAX_TEXT.name);
				}
				map.links(issues);
			}),
			{ numRuns: 300 }
		);
	});
});

describe('isIsoDate', () => {
	/** The definition: what a UTC Date built from it prints back unchanged. */
	const byDate = (value: string) => {
		if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
		const date = new Date(`${value}T00:00:00Z`);
		return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
	};

	it('accepts real calendar days only, leap years included', () => {
		for (const day of ['2024-02-29', '2000-02-29', '2026-12-31', '2026-04-30', '0001-01-01']) expect(isIsoDate(day), day).toBe(true);
		for (const day of ['2023-02-29', '1900-02-29', '2026-04-31', '2026-13-01', '2026-00-10', '2026-01-00', '2026-1-01', '2026-01-01T00:00', '', 20260101]) {
			expect(isIsoDate(day), String(day)).toBe(false);
		}
	});

	it('agrees with the Date round trip on any digits in the date’s shape', () => {
		const digits = (n: number) => fc.array(fc.constantFrom(...'0123456789'), { minLength: n, maxLength: n }).map((d) => d.join(''));
		fc.assert(
			fc.property(fc.tuple(digits(4), fc.oneof(digits(2), fc.integer({ min: 1, max: 12 }).map((m) => String(m).padStart(2, '0'))), digits(2)), ([y, m, d]) => {
				const value = `${y}-${m}-${d}`;
				expect(isIsoDate(value)).toBe(byDate(value));
			}),
			{ numRuns: 5000 }
		);
	});
});
