/**
 * Many edits as one transaction. An import writes hundreds of agents with their memberships,
 * links and missing catalogue entries; it must be all or nothing, and one undo step. Yjs keeps
 * whatever a transaction wrote before an exception, so every input of the batch is checked
 * first (`prepareBatch`, which throws a `ModelError` naming the first bad entry) and only then
 * written (`writeBatch`, which cannot fail on input).
 *
 * The single-entity edits of `MapDocument` use the same cleaning and writing functions, so an
 * agent added alone and an agent added by an import are stored the same way.
 */
import * as Y from 'yjs';
import { agentRecords, linkRecords, type FieldLookup, type RecordCollection } from './entity-records.ts';
import { newId } from './ids.ts';
import type { AgentInput, LinkInput } from './map-document.ts';
import type { Fields } from './read.ts';
import {
	LINK_KINDS,
	NETWORK_KINDS,
	PROJECT_STATUSES,
	SECTORS,
	type AgentSetField,
	type AgentTextField,
	type CollectionName,
	type LonLat,
	type NetworkKind,
	type ProjectStatus,
	type Sector
} from './schema.ts';
import { ModelError, cleanChoice, cleanColor, cleanDate, cleanId, cleanLonLat, cleanText, cleanWeight } from './validate.ts';

export interface AreaInput {
	name: string;
	color: string;
	order?: number;
	id?: string;
}
export interface NicheInput {
	name: string;
	areaId: string;
	id?: string;
}
export interface NetworkInput {
	name: string;
	kind: NetworkKind;
	color: string;
	id?: string;
}
export interface ProjectInput {
	name: string;
	nicheId: string;
	status?: ProjectStatus;
	agentIds?: string[];
	needs?: string;
	resources?: string;
	id?: string;
}

export type AgentPatch = Partial<Record<AgentTextField, string>> & { sector?: Sector };

/** Changes to an existing agent: text fields, position, and sets made equal to the given ones. */
export interface AgentUpdate {
	id: string;
	patch?: AgentPatch;
	position?: readonly number[];
	members?: Partial<Record<AgentSetField, readonly string[]>>;
}

export interface EditBatch {
	areas?: AreaInput[];
	niches?: NicheInput[];
	networks?: NetworkInput[];
	projects?: ProjectInput[];
	agents?: AgentInput[];
	agentUpdates?: AgentUpdate[];
	/** Adds agents (existing or created by this batch) to projects (existing or created). */
	projectMembers?: { projectId: string; agentId: string }[];
	/** Links between agents that exist or are created by this batch. */
	links?: LinkInput[];
}

// ── agents ──────────────────────────────────────────────────────────────────────────────────

export interface CleanAgent {
	id: string;
	name: string;
	sector: Sector;
	position: LonLat;
	texts: (readonly [AgentTextField, string])[];
	sets: Record<AgentSetField, string[]>;
}

export function cleanAgentInput(input: AgentInput): CleanAgent {
	const id = cleanId(input.id ?? newId());
	const position = cleanLonLat(input.position);
	const name = cleanText(input.name, 'name');
	if (!name) throw new ModelError('invalid-text', 'an agent needs a name');
	const sector = cleanChoice(input.sector ?? 'other', SECTORS, 'sector');
	const texts = (['address', 'municipality', 'website', 'contact', 'description'] as const).map(
		(key) => [key, cleanText(input[key] ?? '', key)] as const
	);
	const sets = {
		areaIds: (input.areaIds ?? []).map(cleanId),
		nicheIds: (input.nicheIds ?? []).map(cleanId),
		networkIds: (input.networkIds ?? []).map(cleanId),
		tags: (input.tags ?? []).map((tag) => cleanText(tag, 'tag')).filter(Boolean)
	};
	return { id, name, sector, position, texts, sets };
}

/**
 * A new agent, or one brought back under its id: every field, and its sets made equal to the
 * given ones (a deleted agent's old members must not come back with it).
 */
export function writeAgent(agents: RecordCollection, agent: CleanAgent, actor: string, now: number): void {
	const set: Record<string, unknown> = { name: agent.name, sector: agent.sector, position: agent.position };
	for (const [key, value] of agent.texts) set[key] = value;
	Object.assign(set, { createdBy: actor, createdAt: now, updatedBy: actor, updatedAt: now });
	const members = Object.entries(agent.sets).map(([key, ids]) => [key as AgentSetField, new Set(ids)] as const);
	agents.append(agent.id, { set, ...memberChanges(agents.fields(agent.id, true), members), gone: false });
}

/**
 * An edit of an existing agent as one record: the values that differ from what it holds, the
 * members that make each given set equal to the wanted one, and the edit stamps.
 */
export function writeAgentEdit(agents: RecordCollection, id: string, edit: AgentEdit, actor: string, now: number): void {
	const fields = agents.fields(id);
	const set: Record<string, unknown> = {};
	for (const [key, value] of edit.values ?? []) if (fields?.get(key) !== value) set[key] = value;
	if (edit.position) set.position = edit.position;
	agents.append(id, { set, ...memberChanges(fields, edit.members ?? []) });
	stampAgent(agents, id, actor, now);
}

/**
 * Who edited an agent last and when, in a record of its own: each edit replaces the previous
 * one whole, so no edit has to copy another's record just to drop its stamps (which, with many
 * people tagging one hub at once, multiplied its records).
 */
export function stampAgent(agents: RecordCollection, id: string, actor: string, now: number): void {
	agents.append(id, { set: { updatedBy: actor, updatedAt: now } });
}

export interface AgentEdit {
	values?: readonly (readonly [string, unknown])[];
	position?: LonLat | null;
	members?: readonly (readonly [AgentSetField, ReadonlySet<string>])[];
}

/** The members of a set field as folded now. */
export function membersOf(fields: FieldLookup | null, key: string): string[] {
	const value = fields?.get(key);
	if (!(value instanceof Map)) return [];
	return [...(value as Map<string, unknown>).entries()].filter(([, flag]) => flag === true).map(([member]) => member);
}

/** The additions and removals that make each set equal to the wanted one, touching nothing else. */
export function memberChanges(
	fields: FieldLookup | null,
	wanted: readonly (readonly [AgentSetField, ReadonlySet<string>])[]
): { add?: Record<string, string[]>; del?: Record<string, string[]> } {
	const add: Record<string, string[]> = {};
	const del: Record<string, string[]> = {};
	for (const [key, members] of wanted) {
		const current = new Set(membersOf(fields, key));
		const added = [...members].filter((member) => !current.has(member));
		const removed = [...current].filter((member) => !members.has(member));
		if (added.length > 0) add[key] = added;
		if (removed.length > 0) del[key] = removed;
	}
	return { add, del };
}

/** The fields of a patch, cleaned; a name cannot be emptied. */
export function cleanAgentPatch(patch: AgentPatch): [string, string][] {
	const clean: [string, string][] = [];
	for (const [key, value] of Object.entries(patch)) {
		if (value === undefined) continue;
		if (key === 'sector') {
			clean.push([key, cleanChoice(value as Sector, SECTORS, 'sector')]);
		} else {
			const text = cleanText(value, key);
			if (key === 'name' && !text) throw new ModelError('invalid-text', 'an agent needs a name');
			clean.push([key, text]);
		}
	}
	return clean;
}

/** Cleans the members of one agent set: tags are text, the other sets hold ids. */
export function cleanMembers(field: AgentSetField, members: readonly string[]): Set<string> {
	return new Set(members.map((m) => (field === 'tags' ? cleanText(m, 'tag') : cleanId(m))).filter(Boolean));
}

// ── links ───────────────────────────────────────────────────────────────────────────────────

export interface CleanLink {
	id: string;
	values: Record<string, string | number>;
}

export function cleanLinkInput(input: LinkInput, agentExists: (id: string) => boolean): CleanLink {
	if (!agentExists(input.from) || !agentExists(input.to)) {
		throw new ModelError('unknown-agent', 'both ends of a link must be existing agents');
	}
	if (input.from === input.to) throw new ModelError('self-link', 'an agent cannot link to itself');
	const values = {
		from: input.from,
		to: input.to,
		kind: cleanChoice(input.kind ?? 'partnership', LINK_KINDS, 'link kind'),
		weight: cleanWeight(input.weight ?? 1),
		note: cleanText(input.note ?? '', 'note'),
		since: cleanDate(input.since ?? '')
	};
	return { id: cleanId(input.id ?? newId()), values };
}

/** A new link: one record with all its fields, `gone: false` so an id used before comes back. */
export function writeLink(links: RecordCollection, link: CleanLink, actor: string, now: number): void {
	links.append(link.id, { set: { ...link.values, createdBy: actor, createdAt: now }, gone: false });
}

// ── catalogue entries (areas, niches, networks, projects) ───────────────────────────────────

export function areaValues(input: AreaInput, defaultOrder: number): Record<string, unknown> {
	const order = input.order ?? defaultOrder;
	if (!Number.isFinite(order)) throw new ModelError('invalid-value', 'an area order is a number');
	return { name: requiredName(input.name), color: cleanColor(input.color), order };
}

export function nicheValues(input: NicheInput): Record<string, unknown> {
	return { name: requiredName(input.name), areaId: cleanId(input.areaId) };
}

export function networkValues(input: NetworkInput): Record<string, unknown> {
	return {
		name: requiredName(input.name),
		kind: cleanChoice(input.kind, NETWORK_KINDS, 'network kind'),
		color: cleanColor(input.color)
	};
}

export function projectValues(input: ProjectInput): Record<string, unknown> {
	return {
		name: requiredName(input.name),
		nicheId: cleanId(input.nicheId),
		status: cleanChoice(input.status ?? 'idea', PROJECT_STATUSES, 'project status'),
		agentIds: (input.agentIds ?? []).map(cleanId),
		needs: cleanText(input.needs ?? '', 'needs'),
		resources: cleanText(input.resources ?? '', 'resources')
	};
}

/** Writes an entity whose values are already clean; arrays become id sets. */
export function writeSimple(collection: Y.Map<Fields>, id: string, values: Record<string, unknown>): void {
	const fields: Fields = new Y.Map();
	collection.set(id, fields);
	for (const [field, value] of Object.entries(values)) {
		fields.set(field, Array.isArray(value) ? idSet(value) : value);
	}
}

export function requiredName(name: string): string {
	const clean = cleanText(name, 'name');
	if (!clean) throw new ModelError('invalid-text', 'a name is required');
	return clean;
}

export function idSet(ids: readonly string[] = []): Y.Map<true> {
	const set = new Y.Map<true>();
	for (const id of ids) set.set(id, true);
	return set;
}

// ── the batch ───────────────────────────────────────────────────────────────────────────────

type Simple = { collection: CollectionName; id: string; values: Record<string, unknown> };
interface CleanUpdate {
	id: string;
	texts: [string, string][];
	position: LonLat | null;
	members: [AgentSetField, Set<string>][];
}

export interface PreparedBatch {
	simple: Simple[];
	agents: CleanAgent[];
	updates: CleanUpdate[];
	projectMembers: { projectId: string; agentId: string }[];
	links: CleanLink[];
}

/** Checks every entry of a batch against the document; throws before anything is written. */
export function prepareBatch(doc: Y.Doc, batch: EditBatch): PreparedBatch {
	const collection = (name: CollectionName) => doc.getMap<Fields>(name);
	const simple: Simple[] = [];
	const add = (name: CollectionName, id: string | undefined, values: Record<string, unknown>) => {
		const key = cleanId(id ?? newId());
		if (collection(name).has(key) || simple.some((s) => s.collection === name && s.id === key)) {
			throw new ModelError('invalid-value', `${name} ${key} already exists`);
		}
		simple.push({ collection: name, id: key, values });
	};
	let order = collection('areas').size;
	for (const area of batch.areas ?? []) add('areas', area.id, areaValues(area, order++));
	for (const niche of batch.niches ?? []) add('niches', niche.id, nicheValues(niche));
	for (const network of batch.networks ?? []) add('networks', network.id, networkValues(network));
	for (const project of batch.projects ?? []) add('projects', project.id, projectValues(project));

	const agents = (batch.agents ?? []).map(cleanAgentInput);
	const created = new Set(agents.map((agent) => agent.id));
	if (created.size !== agents.length) throw new ModelError('invalid-value', 'two new agents share one id');
	const existing = agentRecords(doc);
	for (const id of created) {
		if (existing.has(id)) throw new ModelError('invalid-value', `agent ${id} already exists`);
	}
	const agentExists = (id: string) => created.has(id) || existing.has(id);

	const updates = (batch.agentUpdates ?? []).map((update): CleanUpdate => {
		if (!existing.has(update.id)) {
			throw new ModelError('unknown-agent', 'this agent no longer exists (someone may have deleted it)');
		}
		return {
			id: update.id,
			texts: cleanAgentPatch(update.patch ?? {}),
			position: update.position ? cleanLonLat(update.position) : null,
			members: Object.entries(update.members ?? {}).map(([field, members]) => [
				field as AgentSetField,
				cleanMembers(field as AgentSetField, members ?? [])
			])
		};
	});

	const newProjects = new Set(simple.filter((s) => s.collection === 'projects').map((s) => s.id));
	const projectMembers = (batch.projectMembers ?? []).map(({ projectId, agentId }) => {
		if (!newProjects.has(projectId) && !(collection('projects').get(projectId) instanceof Y.Map)) {
			throw new ModelError('invalid-value', `unknown project ${String(projectId).slice(0, 64)}`);
		}
		if (!agentExists(agentId)) throw new ModelError('unknown-agent', 'a project member must be an existing agent');
		return { projectId, agentId };
	});

	const links = (batch.links ?? []).map((link) => cleanLinkInput(link, agentExists));
	const linkIds = new Set(links.map((link) => link.id));
	if (linkIds.size !== links.length || [...linkIds].some((id) => linkRecords(doc).has(id))) {
		throw new ModelError('invalid-value', 'a new link reuses an existing id');
	}
	return { simple, agents, updates, projectMembers, links };
}

/** Writes a prepared batch; call it inside one transaction. */
export function writeBatch(doc: Y.Doc, batch: PreparedBatch, actor: string, now: number): void {
	const collection = (name: CollectionName) => doc.getMap<Fields>(name);
	for (const { collection: name, id, values } of batch.simple) writeSimple(collection(name), id, values);
	const agents = agentRecords(doc);
	for (const agent of batch.agents) writeAgent(agents, agent, actor, now);
	for (const update of batch.updates) {
		writeAgentEdit(agents, update.id, { values: update.texts, position: update.position, members: update.members }, actor, now);
	}
	for (const { projectId, agentId } of batch.projectMembers) {
		const fields = collection('projects').get(projectId)!;
		let members = fields.get('agentIds');
		if (!(members instanceof Y.Map)) {
			members = new Y.Map<true>();
			fields.set('agentIds', members);
		}
		(members as Y.Map<true>).set(agentId, true);
	}
	const links = linkRecords(doc);
	for (const link of batch.links) writeLink(links, link, actor, now);
}
