/**
 * The decision for one imported row: refuse it (and say why), update the agent its id names,
 * or create a new agent. The planner remembers what earlier rows did, to catch a row that
 * repeats another and to map the file's ids to the map's for the links.
 */
import { findPlace } from '../geo/places.ts';
import { MAX_TEXT, SECTORS, isValidId, newId, type Agent, type AgentUpdate, type EditBatch, type Project, type Sector } from '../model/index.ts';
import { CATALOGUE_KINDS, type CatalogueKind, type CatalogueResolver, type Entry } from './catalogue.ts';
import type { ColumnMapping, ImportField } from './columns.ts';
import { readPosition, type Box } from './position.ts';
import type { ImportTable, RowNote, RowProblem, RowProblemCode } from './types.ts';
import { choiceOf, type ValueChoices } from './value-choices.ts';
import { cellList, cellSector, cellText, distanceKm, normalizeKey, type Cell } from './values.ts';

const TEXT_FIELDS = ['name', 'address', 'municipality', 'website', 'contact', 'description'] as const;
type TextField = (typeof TEXT_FIELDS)[number];
type SetField = 'areaIds' | 'nicheIds' | 'networkIds' | 'tags';

const UNKNOWN: Record<CatalogueKind, RowProblemCode> = {
	areas: 'unknown-area',
	niches: 'unknown-niche',
	networks: 'unknown-network',
	projects: 'unknown-project'
};
/** Two agents with the same name this close together are one place. */
const SAME_PLACE_KM = 0.25;

interface Placed {
	name: string;
	municipality: string;
	position: readonly [number, number];
	row?: number;
}

export interface RowPlannerSetup {
	table: ImportTable;
	mapping: ColumnMapping;
	agents: readonly Agent[];
	projects: readonly Project[];
	region: Box;
	catalogue: CatalogueResolver;
	placeByMunicipality: boolean;
	fixSwapped: boolean;
	/** What the person chose for the values the map does not write exactly so. */
	values: ValueChoices;
}

export class RowPlanner {
	readonly batch: Required<Pick<EditBatch, 'agents' | 'agentUpdates' | 'projectMembers'>> = { agents: [], agentUpdates: [], projectMembers: [] };
	readonly problems: RowProblem[];
	readonly notes: RowNote[];
	/** The file's agent ids, and the map ids they became: what the file's links refer to. */
	readonly fileIds = new Map<string, string>();
	unchanged = 0;
	swapped = 0;
	unknownNames = 0;
	/** Accepted rows that a mapped value saved from refusal (a name or place that did not resolve by itself). */
	mapped = 0;
	private readonly setup: RowPlannerSetup;
	private readonly existing: Map<string, Agent>;
	private readonly onMap: Map<string, Placed[]>;
	private readonly imported = new Map<string, Placed[]>();
	private readonly usedIds = new Set<string>();

	constructor(setup: RowPlannerSetup) {
		this.setup = setup;
		this.existing = new Map(setup.agents.map((agent) => [agent.id, agent]));
		this.onMap = new Map();
		for (const agent of setup.agents) addByName(this.onMap, agent);
		this.problems = [...setup.table.rejected];
		this.notes = [...setup.table.notes];
	}

	/** Plans row `i` of the table. */
	plan(i: number): void {
		const { table, mapping } = this.setup;
		const row = table.labels[i];
		const cells = table.rows[i];
		const cell = (field: ImportField): Cell | undefined => (mapping[field] === undefined ? undefined : cells[mapping[field]!]);
		const refuse = (code: RowProblemCode, value?: string) => void this.problems.push({ row, code, value });
		const notes: RowNote[] = [];
		const text = (field: TextField) => {
			const value = cellText(cell(field));
			if (value.length <= MAX_TEXT[field]) return value;
			notes.push({ row, code: 'text-cut', value: field });
			return value.slice(0, MAX_TEXT[field]);
		};

		const name = text('name');
		if (!name) return refuse('no-name');
		const id = cellText(cell('id'));
		if (id && this.fileIds.has(id)) return refuse('duplicate-in-file', id);
		const target = isValidId(id) ? this.existing.get(id) : undefined;
		const written = text('municipality');
		const placeChoice = choiceOf(this.setup.values, 'municipality', written);
		const municipality = placeChoice?.action === 'map' ? placeChoice.id : placeChoice?.action === 'omit' ? '' : written;
		let rescued = false;

		const position = readPosition({
			geometry: table.positions?.[i],
			lon: cell('lon'),
			lat: cell('lat'),
			municipality,
			region: this.setup.region,
			fixSwapped: this.setup.fixSwapped
		});
		if (position.problem === 'swapped') this.swapped++;
		if (position.problem) return refuse(position.problem, position.value);
		if (position.fixed) notes.push({ row, code: 'swap-fixed', value: position.value });
		let point = position.point ?? target?.position ?? null;
		if (!point) {
			const place = this.setup.placeByMunicipality && municipality ? findPlace(municipality) : undefined;
			if (!place) return municipality && this.setup.placeByMunicipality ? refuse('unknown-municipality', municipality) : refuse('no-position');
			point = [place.lon, place.lat];
			rescued ||= placeChoice?.action === 'map' && !findPlace(written);
			notes.push({ row, code: 'placed-by-municipality', value: place.name });
		}

		const members = this.memberships(cell);
		if ('unknown' in members) {
			this.unknownNames++;
			return refuse(UNKNOWN[members.unknown.kind], members.unknown.name);
		}
		const { entries, ids } = members;
		rescued ||= members.rescued;
		const sector = this.sector(cell('sector'));
		if (sector === null) notes.push({ row, code: 'unknown-sector', value: cellText(cell('sector')).slice(0, 60) });
		const tags = mapping.tags === undefined ? undefined : cellList(cell('tags')).map((tag) => tag.slice(0, MAX_TEXT.tag));
		const sets: Partial<Record<SetField, string[]>> = {
			...(ids.areas && { areaIds: ids.areas }),
			...(ids.niches && { nicheIds: ids.niches }),
			...(ids.networks && { networkIds: ids.networks }),
			...(tags && { tags })
		};

		let agentId: string;
		if (target) {
			agentId = target.id;
			const texts = Object.fromEntries(TEXT_FIELDS.filter((f) => mapping[f] !== undefined).map((f) => [f, f === 'municipality' ? municipality : text(f)]));
			const update = diffAgent(target, { texts, sector: sector ?? undefined, position: position.point, sets });
			const joins = (ids.projects ?? []).filter((projectId) => !this.inProject(projectId, target.id));
			if (update) this.batch.agentUpdates.push(update);
			else if (joins.length === 0) this.unchanged++;
			ids.projects = joins;
		} else {
			const place: Placed = { name, municipality, position: point, row };
			const twin = findTwin(this.onMap, place);
			if (twin) return refuse('duplicate-existing', twin.name);
			const earlier = findTwin(this.imported, place);
			if (earlier) return refuse('duplicate-in-file', String(earlier.row));
			agentId = isValidId(id) && !this.usedIds.has(id) ? id : newId();
			addByName(this.imported, place);
			this.batch.agents.push({
				id: agentId,
				name,
				position: point,
				sector: sector ?? 'other',
				municipality,
				address: text('address'),
				website: text('website'),
				contact: text('contact'),
				description: text('description'),
				areaIds: sets.areaIds ?? [],
				nicheIds: sets.nicheIds ?? [],
				networkIds: sets.networkIds ?? [],
				tags: sets.tags ?? []
			});
		}
		// Accepted: keep what the row uses and what it says about itself.
		this.usedIds.add(agentId);
		if (rescued) this.mapped++;
		if (id) this.fileIds.set(id, agentId);
		this.setup.catalogue.commit(entries);
		this.notes.push(...notes);
		for (const projectId of ids.projects ?? []) this.batch.projectMembers.push({ projectId, agentId });
	}

	/** The sector a cell names, through the person's choice for its value; as `cellSector`. */
	private sector(cell: Cell | undefined): Sector | null | undefined {
		const choice = choiceOf(this.setup.values, 'sector', cellText(cell));
		if (choice?.action === 'omit') return undefined;
		if (choice?.action === 'map' && (SECTORS as readonly string[]).includes(choice.id)) return choice.id as Sector;
		return cellSector(cell);
	}

	/**
	 * The row's areas, niches, networks and projects as ids; every name must resolve, by
	 * itself or through the person's choice. `rescued`: a mapping resolved a name that would not.
	 */
	private memberships(
		cell: (field: ImportField) => Cell | undefined
	): { entries: Entry[]; ids: Partial<Record<CatalogueKind, string[]>>; rescued: boolean } | { unknown: { kind: CatalogueKind; name: string } } {
		const { catalogue, values } = this.setup;
		const entries: Entry[] = [];
		const ids: Partial<Record<CatalogueKind, string[]>> = {};
		let rescued = false;
		for (const kind of CATALOGUE_KINDS) {
			if (this.setup.mapping[kind] === undefined) continue;
			ids[kind] = [];
			for (const name of cellList(cell(kind))) {
				const choice = choiceOf(values, kind, name);
				if (choice?.action === 'omit') continue;
				// A new niche goes under the row's area, a new project under the row's niche.
				const parentKind = kind === 'niches' ? 'areas' : kind === 'projects' ? 'niches' : null;
				const parent = parentKind ? entries.find((e) => e.kind === parentKind) : undefined;
				const mapped = choice?.action === 'map' ? catalogue.existing(kind, choice.id) : null;
				const entry = mapped ?? catalogue.resolve(kind, name, parent, choice?.action === 'create' || undefined);
				if (!entry) return { unknown: { kind, name } };
				if (mapped && !catalogue.knows(kind, name)) rescued = true;
				if (!ids[kind].includes(entry.id)) {
					entries.push(entry);
					ids[kind].push(entry.id);
				}
			}
		}
		return { entries, ids, rescued };
	}

	private inProject(projectId: string, agentId: string): boolean {
		return this.setup.projects.some((project) => project.id === projectId && project.agentIds.includes(agentId));
	}
}

/** The changes a row makes to an existing agent, or `null` when it changes nothing. */
function diffAgent(
	agent: Agent,
	row: {
		texts: Record<string, string>;
		sector: Agent['sector'] | undefined;
		position: readonly [number, number] | null;
		sets: Partial<Record<SetField, string[]>>;
	}
): AgentUpdate | null {
	const patch: NonNullable<AgentUpdate['patch']> = {};
	const members: NonNullable<AgentUpdate['members']> = {};
	let position: AgentUpdate['position'];
	for (const [field, value] of Object.entries(row.texts) as [TextField, string][]) {
		if (agent[field] !== value && (field !== 'name' || value)) patch[field] = value;
	}
	if (row.sector && row.sector !== agent.sector) patch.sector = row.sector;
	if (row.position && (Math.abs(row.position[0] - agent.position[0]) > 1e-7 || Math.abs(row.position[1] - agent.position[1]) > 1e-7)) {
		position = row.position;
	}
	for (const [field, wanted] of Object.entries(row.sets) as [SetField, string[]][]) {
		const current = new Set(agent[field]);
		if (current.size !== new Set(wanted).size || wanted.some((member) => !current.has(member))) members[field] = wanted;
	}
	const changed = Object.keys(patch).length > 0 || position !== undefined || Object.keys(members).length > 0;
	return changed ? { id: agent.id, patch, members, ...(position && { position }) } : null;
}

function addByName(groups: Map<string, Placed[]>, place: Placed): void {
	const key = normalizeKey(place.name);
	const group = groups.get(key);
	if (group) group.push(place);
	else groups.set(key, [place]);
}

/** An agent with the same name in the same municipality, or within a few hundred metres. */
function findTwin(groups: Map<string, Placed[]>, place: Placed): Placed | undefined {
	const town = normalizeKey(place.municipality);
	return groups.get(normalizeKey(place.name))?.find(
		(other) => (town !== '' && normalizeKey(other.municipality) === town) || distanceKm(other.position, place.position) < SAME_PLACE_KM
	);
}
