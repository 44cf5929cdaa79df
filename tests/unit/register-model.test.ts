/**
 * The register in the model: interactions, strategic projects and targets are checked before
 * anything is written, deleting an agent takes it out of interactions in the same
 * transaction, a hostile peer's values are repaired on read, restoring an agent is one undoable
 * edit, and `describeChanges` names what one update did.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { MapDocument, ModelError, RECORD_ARRAYS, describeChanges, type Issue } from '../../src/lib/model/index.ts';

const HERE = [-74.07, 4.71] as const;

function mapWithAgents() {
	const map = new MapDocument(new Y.Doc(), 'ana');
	const a = map.addAgent({ name: 'Universidad', position: HERE, sector: 'academia' });
	const b = map.addAgent({ name: 'Embajada', position: HERE, sector: 'international' });
	return { map, a, b };
}

function refused(fn: () => unknown, message: RegExp): void {
	expect(fn).toThrow(ModelError);
	expect(fn).toThrow(message);
}

describe('interactions', () => {
	it('records one with its participants, stamps and a document link, and updates it', () => {
		const { map, a, b } = mapWithAgents();
		const id = map.register.addInteraction({
			kind: 'memorandum',
			date: '2026-03-02',
			title: '  MoU de movilidad ',
			participantIds: [a, b, a],
			outcome: 'Firmado',
			documentUrl: 'https://example.org/mou.pdf'
		});
		expect(map.register.interaction(id)).toMatchObject({
			kind: 'memorandum',
			date: '2026-03-02',
			title: 'MoU de movilidad',
			participantIds: [a, b].sort(),
			documentUrl: 'https://example.org/mou.pdf',
			createdBy: 'ana'
		});
		new MapDocument(map.doc, 'beto').register.updateInteraction(id, { outcome: 'Renovado', participantIds: [a] });
		expect(map.register.interaction(id)).toMatchObject({ outcome: 'Renovado', participantIds: [a], updatedBy: 'beto', createdBy: 'ana' });
	});

	it('refuses bad input before writing anything', () => {
		const { map, a } = mapWithAgents();
		const before = map.toCanonicalJSON();
		const ok = { kind: 'meeting' as const, date: '2026-01-01', title: 'Reunión', participantIds: [a] };
		refused(() => map.register.addInteraction({ ...ok, documentUrl: 'javascript:alert(1)' }), /http/);
		refused(() => map.register.addInteraction({ ...ok, documentUrl: 'ftp://example.org/x' }), /http/);
		refused(() => map.register.addInteraction({ ...ok, date: '2026-02-30' }), /YYYY-MM-DD/);
		refused(() => map.register.addInteraction({ ...ok, date: '' }), /date/);
		refused(() => map.register.addInteraction({ ...ok, title: '  ' }), /title/);
		refused(() => map.register.addInteraction({ ...ok, participantIds: [] }), /participant/);
		refused(() => map.register.addInteraction({ ...ok, participantIds: [a, 'ghost'] }), /existing agent/);
		refused(() => map.register.addInteraction({ ...ok, kind: 'party' as never }), /unknown interaction kind/);
		expect(map.toCanonicalJSON()).toBe(before);
	});

	it('deleting an agent takes it out of interactions in the same transaction; the record stays', () => {
		const { map, a, b } = mapWithAgents();
		const id = map.register.addInteraction({ kind: 'agreement', date: '2026-01-01', title: 'Convenio', participantIds: [a, b] });
		let transactions = 0;
		map.doc.on('afterTransaction', () => transactions++);
		map.deleteAgent(b);
		expect(transactions).toBe(1);
		expect(map.register.interaction(id)?.participantIds).toEqual([a]);
		const undo = map.createUndoManager();
		map.deleteAgent(a);
		undo.undo();
		expect(map.register.interaction(id)?.participantIds).toEqual([a]);
	});

	it('repairs what a hostile peer wrote: an unknown kind, a script link, a bad date', () => {
		const { map, a } = mapWithAgents();
		const id = map.register.addInteraction({ kind: 'visit', date: '2026-01-01', title: 'Visita', participantIds: [a] });
		const fields = map.doc.getMap('interactions').get(id) as Y.Map<unknown>;
		map.doc.transact(() => {
			fields.set('kind', { toString: null });
			fields.set('documentUrl', 'javascript:alert(1)');
			fields.set('date', '2026-13-45');
		}, 'peer');
		const issues: Issue[] = [];
		expect(map.register.interactions(issues)[0]).toMatchObject({ kind: 'meeting', documentUrl: '', date: '' });
		expect(issues.map((issue) => issue.field).sort()).toEqual(['date', 'documentUrl', 'kind']);
	});

	it('lists the register by date', () => {
		const { map, a } = mapWithAgents();
		for (const date of ['2026-05-01', '2024-01-01', '2025-07-01']) {
			map.register.addInteraction({ kind: 'event', date, title: date, participantIds: [a] });
		}
		expect(map.register.interactions().map((i) => i.date)).toEqual(['2024-01-01', '2025-07-01', '2026-05-01']);
	});
});

describe('projects and targets', () => {
	it('adds a project with needs and resources, changes its status and agents, deletes it', () => {
		const { map, a, b } = mapWithAgents();
		const area = map.addArea({ name: 'Bio', color: '#123456' });
		const niche = map.addNiche({ name: 'Salud', areaId: area });
		const id = map.addProject({ name: 'Biobanco', nicheId: niche, needs: 'Financiación', resources: 'Laboratorio' });
		expect(map.register.project(id)).toMatchObject({ status: 'idea', needs: 'Financiación', resources: 'Laboratorio', agentIds: [] });
		map.register.updateProject(id, { status: 'funded', agentIds: [a, b] });
		expect(map.register.project(id)).toMatchObject({ status: 'funded', agentIds: [a, b].sort() });
		refused(() => map.register.updateProject(id, { status: 'dreaming' as never }), /project status/);
		refused(() => map.register.updateProject(id, { agentIds: ['ghost'] }), /existing agent/);
		map.register.deleteProject(id);
		expect(map.projects()).toEqual([]);
		refused(() => map.register.updateProject(id, { status: 'done' }), /no longer exists/);
	});

	it('keeps a target’s start before its end, also when only one date changes', () => {
		const map = new MapDocument();
		const id = map.register.addTarget({ label: '50 instrumentos', kinds: ['agreement', 'memorandum'], goal: 50, until: '2027-12-31' });
		expect(map.register.targets()).toEqual([
			{ id, label: '50 instrumentos', kinds: ['agreement', 'memorandum'], goal: 50, from: '', until: '2027-12-31' }
		]);
		refused(() => map.register.updateTarget(id, { from: '2028-01-01' }), /starts before it ends/);
		refused(() => map.register.addTarget({ label: 'x', kinds: [], goal: 1, until: '2027-01-01' }), /at least one kind/);
		refused(() => map.register.addTarget({ label: 'x', kinds: ['event'], goal: 0.5, until: '2027-01-01' }), /whole number/);
		map.register.updateTarget(id, { goal: 60, from: '2024-01-01' });
		expect(map.register.targets()[0]).toMatchObject({ goal: 60, from: '2024-01-01' });
	});
});

describe('links record when they were drawn', () => {
	it('stamps a new link; one written before this was recorded reads as unknown (0)', () => {
		const { map, a, b } = mapWithAgents();
		const id = map.addLink({ from: a, to: b });
		expect(map.link(id)?.createdAt).toBeGreaterThan(Date.now() - 5000);
		expect(map.link(id)?.createdBy).toBe('ana');
		// A record of a link drawn before links were stamped: only its ends.
		map.doc.getArray(RECORD_ARRAYS.links).push([JSON.stringify({ id: 'old', t: 1, c: 1, set: { from: a, to: b } })]);
		expect(map.link('old')).toMatchObject({ createdAt: 0, createdBy: '' });
	});
});

describe('restoring an agent', () => {
	it('brings back every field of a version as one undoable edit, and recreates a deleted agent', () => {
		const { map, a, b } = mapWithAgents();
		const version = map.agent(a)!;
		map.updateAgent(a, { name: 'Otra', contact: 'x@example.org', sector: 'private' });
		map.setMembers(a, 'tags', ['nuevo']);
		map.updateAgent(b, { name: 'Embajada (editada)' });
		const undo = map.createUndoManager();
		map.restoreAgent(a, version);
		expect(map.agent(a)).toMatchObject({ name: 'Universidad', contact: '', sector: 'academia', tags: [] });
		expect(map.agent(b)?.name).toBe('Embajada (editada)');
		undo.undo();
		expect(map.agent(a)).toMatchObject({ name: 'Otra', tags: ['nuevo'] });
		map.deleteAgent(a);
		map.restoreAgent(a, version);
		expect(map.agent(a)?.name).toBe('Universidad');
	});
});

describe('describing what an update did', () => {
	it('names added, changed (with fields) and deleted entities, without the edit stamps', () => {
		const { map, a, b } = mapWithAgents();
		const replica = new Y.Doc();
		Y.applyUpdate(replica, Y.encodeStateAsUpdate(map.doc));
		const updates: Uint8Array[] = [];
		map.doc.on('update', (update: Uint8Array) => updates.push(update));
		map.updateAgent(a, { name: 'U', contact: 'c' });
		map.setMember(a, 'areaIds', 'area-1', true);
		const link = map.addLink({ from: a, to: b });
		map.deleteAgent(b);
		const described = updates.map((update) => describeChanges(replica, () => Y.applyUpdate(replica, update)));
		expect(described[0]).toEqual([{ collection: 'agents', id: a, action: 'changed', fields: ['contact', 'name'] }]);
		expect(described[1]).toEqual([{ collection: 'agents', id: a, action: 'changed', fields: ['areaIds'] }]);
		expect(described[2]).toEqual([{ collection: 'links', id: link, action: 'added', fields: [] }]);
		expect(described[3]).toEqual(
			expect.arrayContaining([
				{ collection: 'agents', id: b, action: 'deleted', fields: [] },
				{ collection: 'links', id: link, action: 'deleted', fields: [] }
			])
		);
	});
});
