/**
 * The register in the model: interactions, strategic projects and targets are checked before
 * anything is written, deleting an agent takes it out of interactions in the same
 * transaction, a hostile peer's values are repaired on read, restoring an agent is one undoable
 * edit, and `describeChanges` names what one update did.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { InvalidTarget, MapDocument, ModelError, RECORD_ARRAYS, cleanTarget, describeChanges, readLegacyTargets, type InteractionKind, type Issue, type TargetInput } from '../../src/lib/model/index.ts';
import { writeLegacyTarget } from '../../src/lib/model/legacy-targets.ts';

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

	it('cleans a target by its rules, naming the field to correct', () => {
		const ok = { label: ' 50 instrumentos ', kinds: ['memorandum', 'agreement', 'agreement'] as InteractionKind[], goal: 50, until: '2027-12-31' };
		expect(cleanTarget(ok)).toEqual({ label: '50 instrumentos', kinds: ['agreement', 'memorandum'], goal: 50, from: '', until: '2027-12-31' });
		const field = (input: unknown): string | null => {
			try {
				cleanTarget(input as TargetInput);
				return null;
			} catch (error) {
				expect(error).toBeInstanceOf(InvalidTarget);
				return (error as InvalidTarget).field;
			}
		};
		expect(field({ ...ok, label: '  ' })).toBe('label');
		expect(field({ ...ok, label: 7 })).toBe('label');
		expect(field({ ...ok, goal: 0.5 })).toBe('goal');
		expect(field({ ...ok, goal: '50' })).toBe('goal');
		expect(field({ ...ok, from: '2028-01-01' })).toBe('from');
		expect(field({ ...ok, from: '2027-02-30' })).toBe('from');
		expect(field({ ...ok, until: '' })).toBe('until');
		expect(field({ ...ok, until: undefined })).toBe('until');
		expect(field({ ...ok, kinds: [] })).toBe('kinds');
		expect(field({ ...ok, kinds: 'agreement' })).toBe('kinds');
		expect(field({ ...ok, kinds: ['party'] })).toBe('kinds');
	});

	it('reads the targets an older version wrote into the document, by deadline, and no longer writes any', () => {
		const map = new MapDocument();
		const late = writeLegacyTarget(map.doc, { label: 'Tarde', kinds: ['event'], goal: 3, until: '2028-12-31' });
		const soon = writeLegacyTarget(map.doc, { label: 'Pronto', kinds: ['agreement'], goal: 5, from: '2026-01-01', until: '2026-12-31' });
		expect(readLegacyTargets(map.doc).map((target) => target.id)).toEqual([soon, late]);
		expect(readLegacyTargets(map.doc)[0]).toEqual({ id: soon, label: 'Pronto', kinds: ['agreement'], goal: 5, from: '2026-01-01', until: '2026-12-31' });
		expect('addTarget' in map.register).toBe(false);
		// A write there is no activity: it changes nothing anyone sees.
		const replica = new Y.Doc();
		expect(describeChanges(replica, () => Y.applyUpdate(replica, Y.encodeStateAsUpdate(map.doc)))).toEqual([]);
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
