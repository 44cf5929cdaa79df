/**
 * Random edit sessions for the index tests: two replicas editing one map with the model's own
 * API, synced now and then (so concurrent deletes leave links dangling), with undo. A small
 * pool of ids makes re-adding, re-linking and deleting the same entities likely.
 */
import fc from 'fast-check';
import * as Y from 'yjs';
import { MapDocument, SECTORS, type Sector } from '../../src/lib/model/index.ts';

export const AGENT_IDS = Array.from({ length: 6 }, (_, i) => `ag-${i}`);
export const AREA_IDS = ['area-a', 'area-b', 'area-c'];
export const NICHE_IDS = ['niche-a', 'niche-b'];
export const NETWORK_IDS = ['net-a', 'net-b'];
export const PROJECT_IDS = ['pr-0', 'pr-1', 'pr-2'];
export const MUNICIPALITIES = ['Bogotá D.C.', 'Soacha', 'Chía', ''];
const LINK_IDS = Array.from({ length: 8 }, (_, i) => `ln-${i}`);

/** Around Bogotá: [-74.2, -74.0] × [4.55, 4.75]. */
export const lonArb = fc.double({ min: -74.2, max: -74.0, noNaN: true });
export const latArb = fc.double({ min: 4.55, max: 4.75, noNaN: true });

export type Edit =
	| { op: 'add'; by: 0 | 1; id: string; lon: number; lat: number; sector: Sector; municipality: string; areas: string[]; niches: string[]; networks: string[] }
	| { op: 'rename'; by: 0 | 1; id: string; name: string; municipality: string; sector: Sector }
	| { op: 'move'; by: 0 | 1; id: string; lon: number; lat: number }
	| { op: 'members'; by: 0 | 1; id: string; field: 'areaIds' | 'nicheIds' | 'networkIds'; members: string[] }
	| { op: 'delete'; by: 0 | 1; id: string }
	| { op: 'link'; by: 0 | 1; id: string; from: string; to: string }
	| { op: 'unlink'; by: 0 | 1; id: string }
	| { op: 'project'; by: 0 | 1; id: string; agents: string[] }
	| { op: 'undo' }
	| { op: 'sync' };

const by = fc.constantFrom<0 | 1>(0, 1);
const agentId = fc.constantFrom(...AGENT_IDS);
/** Edits of existing agents name one by position among those present, so they rarely miss. */
const existing = fc.nat(20).map((n) => `#${n}`);
const sector = fc.constantFrom(...SECTORS);

export const editArb: fc.Arbitrary<Edit> = fc.oneof(
	{ arbitrary: fc.record({ op: fc.constant('add' as const), by, id: agentId, lon: lonArb, lat: latArb, sector, municipality: fc.constantFrom(...MUNICIPALITIES), areas: fc.subarray(AREA_IDS), niches: fc.subarray(NICHE_IDS), networks: fc.subarray(NETWORK_IDS) }), weight: 4 },
	{ arbitrary: fc.record({ op: fc.constant('rename' as const), by, id: existing, name: fc.constantFrom('Universidad', 'Bogotá Lab', 'Estudio Creativo'), municipality: fc.constantFrom(...MUNICIPALITIES), sector }), weight: 2 },
	{ arbitrary: fc.record({ op: fc.constant('move' as const), by, id: existing, lon: lonArb, lat: latArb }), weight: 2 },
	{ arbitrary: fc.record({ op: fc.constant('members' as const), by, id: existing, field: fc.constantFrom('areaIds' as const, 'nicheIds' as const, 'networkIds' as const), members: fc.subarray([...AREA_IDS, ...NICHE_IDS, ...NETWORK_IDS]) }), weight: 2 },
	{ arbitrary: fc.record({ op: fc.constant('delete' as const), by, id: existing }), weight: 2 },
	{ arbitrary: fc.record({ op: fc.constant('link' as const), by, id: fc.constantFrom(...LINK_IDS), from: existing, to: existing }), weight: 3 },
	{ arbitrary: fc.record({ op: fc.constant('unlink' as const), by, id: fc.constantFrom(...LINK_IDS) }), weight: 1 },
	{ arbitrary: fc.record({ op: fc.constant('project' as const), by, id: fc.constantFrom(...PROJECT_IDS), agents: fc.subarray(AGENT_IDS, { maxLength: 4 }) }), weight: 1 },
	{ arbitrary: fc.record({ op: fc.constant('undo' as const) }), weight: 1 },
	{ arbitrary: fc.record({ op: fc.constant('sync' as const) }), weight: 2 }
);

/** Two replicas of one map; `maps[0]` is the one the index under test watches. */
export class EditSession {
	readonly maps = [new MapDocument(new Y.Doc(), 'ana'), new MapDocument(new Y.Doc(), 'beto')] as const;
	readonly #undo = this.maps[0].createUndoManager();

	/** Starts from four shared agents, so that links and concurrent deletes come early. */
	constructor() {
		AGENT_IDS.slice(0, 4).forEach((id, i) =>
			this.maps[1].addAgent({ id, name: `Agent ${id}`, position: [-74.1 + i * 0.02, 4.65], areaIds: [AREA_IDS[i % 3]] })
		);
		this.sync();
	}

	apply(edit: Edit): void {
		if (edit.op === 'sync') return this.sync();
		if (edit.op === 'undo') return void this.#undo.undo();
		const map = this.maps[edit.by];
		const exists = (id: string) => map.agent(id) !== null;
		const present = map.ids('agents').sort();
		// `#n` names the n-th agent present on that replica (or one that is not, when none is).
		const pick = (ref: string) =>
			ref.startsWith('#') ? (present[Number(ref.slice(1)) % Math.max(1, present.length)] ?? AGENT_IDS[0]) : ref;
		if ('id' in edit && edit.op !== 'link' && edit.op !== 'unlink' && edit.op !== 'project') edit = { ...edit, id: pick(edit.id) };
		if (edit.op === 'link') edit = { ...edit, from: pick(edit.from), to: pick(edit.to) };
		switch (edit.op) {
			case 'add':
				map.addAgent({
					id: edit.id,
					name: `Agent ${edit.id}`,
					position: [edit.lon, edit.lat],
					sector: edit.sector,
					municipality: edit.municipality,
					areaIds: edit.areas,
					nicheIds: edit.niches,
					networkIds: edit.networks
				});
				break;
			case 'rename':
				if (exists(edit.id)) map.updateAgent(edit.id, { name: edit.name, municipality: edit.municipality, sector: edit.sector });
				break;
			case 'move':
				if (exists(edit.id)) map.moveAgent(edit.id, [edit.lon, edit.lat]);
				break;
			case 'members':
				if (exists(edit.id)) map.setMembers(edit.id, edit.field, edit.members);
				break;
			case 'delete':
				map.deleteAgent(edit.id);
				break;
			case 'link':
				if (edit.from !== edit.to && exists(edit.from) && exists(edit.to)) map.addLink({ id: edit.id, from: edit.from, to: edit.to });
				break;
			case 'unlink':
				map.deleteLink(edit.id);
				break;
			case 'project':
				map.addProject({ id: edit.id, name: `Project ${edit.id}`, nicheId: 'niche-a', agentIds: edit.agents });
				break;
		}
	}

	sync(): void {
		const [a, b] = this.maps;
		Y.applyUpdate(b.doc, Y.encodeStateAsUpdate(a.doc, Y.encodeStateVector(b.doc)), 'remote');
		Y.applyUpdate(a.doc, Y.encodeStateAsUpdate(b.doc, Y.encodeStateVector(a.doc)), 'remote');
	}
}

/** A session's worth of edits: long enough for concurrent deletes, links and undo to meet. */
export const editsArb = fc.array(editArb, { minLength: 5, maxLength: 40, size: 'max' });
