/**
 * The interaction register, strategic projects and targets: cleaning a user's input into the
 * values stored, before any transaction starts (so a refusal never leaves half an edit), and
 * writing those values. `MapDocument` exposes them as typed edits. Targets are cleaned here
 * but stored by the server (owner-only routes), not in the document: see legacy-targets.ts.
 */
import * as Y from 'yjs';
import { newId } from './ids.ts';
import type { Fields } from './read.ts';
import { INTERACTION_KINDS, PROJECT_STATUSES, type InteractionKind, type ProjectStatus, type Target } from './schema.ts';
import { ModelError, cleanChoice, cleanCount, cleanDate, cleanId, cleanText, cleanUrl } from './validate.ts';
import { requiredName } from './batch.ts';

export interface InteractionInput {
	kind: InteractionKind;
	/** `YYYY-MM-DD`, required. */
	date: string;
	title: string;
	/** At least one existing agent. */
	participantIds: readonly string[];
	areaId?: string;
	nicheId?: string;
	outcome?: string;
	documentUrl?: string;
	id?: string;
}

export type InteractionPatch = Partial<Omit<InteractionInput, 'id'>>;

export interface ProjectPatch {
	name?: string;
	nicheId?: string;
	status?: ProjectStatus;
	needs?: string;
	resources?: string;
	/** The agents for execution, made equal to this list. */
	agentIds?: readonly string[];
}

export interface TargetInput {
	label: string;
	kinds: readonly InteractionKind[];
	goal: number;
	from?: string;
	until: string;
	id?: string;
}

/** Clean values of an interaction or a patch of one: plain fields, and sets kept apart. */
export interface CleanValues {
	values: [string, string | number][];
	sets: [string, Set<string>][];
}

function optionalRef(value: string | undefined): string {
	return value === undefined || value === '' ? '' : cleanId(value);
}

function requiredDate(value: string): string {
	const date = cleanDate(value);
	if (!date) throw new ModelError('invalid-value', 'an interaction needs a date');
	return date;
}

function participants(ids: readonly string[], agentExists: (id: string) => boolean): Set<string> {
	const set = new Set(ids.map(cleanId));
	if (set.size === 0) throw new ModelError('invalid-value', 'an interaction needs at least one participant');
	for (const id of set) {
		if (!agentExists(id)) throw new ModelError('unknown-agent', 'every participant must be an existing agent');
	}
	return set;
}

/** Cleans a new interaction (all of it) or a patch (only the fields given). */
export function cleanInteraction(input: InteractionPatch, agentExists: (id: string) => boolean, complete: boolean): CleanValues {
	const values: [string, string | number][] = [];
	const sets: [string, Set<string>][] = [];
	if (complete || input.kind !== undefined) values.push(['kind', cleanChoice(input.kind as InteractionKind, INTERACTION_KINDS, 'interaction kind')]);
	if (complete || input.date !== undefined) values.push(['date', requiredDate(input.date ?? '')]);
	if (complete || input.title !== undefined) {
		const title = cleanText(input.title ?? '', 'title');
		if (!title) throw new ModelError('invalid-text', 'an interaction needs a title');
		values.push(['title', title]);
	}
	if (complete || input.participantIds !== undefined) sets.push(['participantIds', participants(input.participantIds ?? [], agentExists)]);
	if (complete || input.areaId !== undefined) values.push(['areaId', optionalRef(input.areaId)]);
	if (complete || input.nicheId !== undefined) values.push(['nicheId', optionalRef(input.nicheId)]);
	if (complete || input.outcome !== undefined) values.push(['outcome', cleanText(input.outcome ?? '', 'outcome')]);
	if (complete || input.documentUrl !== undefined) values.push(['documentUrl', cleanUrl(input.documentUrl ?? '', 'documentUrl')]);
	return { values, sets };
}

export function cleanProjectPatch(patch: ProjectPatch, agentExists: (id: string) => boolean): CleanValues {
	const values: [string, string | number][] = [];
	const sets: [string, Set<string>][] = [];
	if (patch.name !== undefined) values.push(['name', requiredName(patch.name)]);
	if (patch.nicheId !== undefined) values.push(['nicheId', cleanId(patch.nicheId)]);
	if (patch.status !== undefined) values.push(['status', cleanChoice(patch.status, PROJECT_STATUSES, 'project status')]);
	if (patch.needs !== undefined) values.push(['needs', cleanText(patch.needs, 'needs')]);
	if (patch.resources !== undefined) values.push(['resources', cleanText(patch.resources, 'resources')]);
	if (patch.agentIds !== undefined) {
		const ids = new Set(patch.agentIds.map(cleanId));
		for (const id of ids) if (!agentExists(id)) throw new ModelError('unknown-agent', 'a project member must be an existing agent');
		sets.push(['agentIds', ids]);
	}
	return { values, sets };
}

/** The fields of a target a person fills in; a refused target names the one to correct. */
export type TargetField = 'label' | 'goal' | 'from' | 'until' | 'kinds';

/** A target refused by its rules: the field to correct and the rule it broke. */
export class InvalidTarget extends ModelError {
	readonly field: TargetField;
	constructor(field: TargetField, message: string) {
		super('invalid-value', message);
		this.name = 'InvalidTarget';
		this.field = field;
	}
}

/** Runs one field's rule, naming the field in its refusal. Input may come from JSON: any type. */
function checked<T>(field: TargetField, clean: () => T): T {
	try {
		return clean();
	} catch (error) {
		if (error instanceof ModelError || error instanceof TypeError) throw new InvalidTarget(field, error.message);
		throw error;
	}
}

function dateText(value: unknown): string {
	if (typeof value !== 'string') throw new ModelError('invalid-value', 'a date is written YYYY-MM-DD');
	return cleanDate(value);
}

/** Most targets a map keeps: a report has a handful; this bounds what one owner can store. */
export const MAX_TARGETS = 100;

/**
 * Cleans a whole target (a new one, or an old one with a patch applied): the one set of
 * rules for the owner's form, the server's routes and targets carried over from a document.
 */
export function cleanTarget(input: TargetInput): Omit<Target, 'id'> {
	const label = checked('label', () => requiredName(input.label));
	const goal = checked('goal', () => cleanCount(input.goal, 'a goal'));
	const from = checked('from', () => dateText(input.from ?? ''));
	const until = checked('until', () => dateText(input.until));
	if (!until) throw new InvalidTarget('until', 'a target needs an end date');
	if (from && from > until) throw new InvalidTarget('from', 'a target starts before it ends');
	const chosen = checked('kinds', () => {
		if (!Array.isArray(input.kinds)) throw new ModelError('invalid-value', 'the kinds of interaction are a list');
		return new Set(input.kinds.map((kind) => cleanChoice(kind, INTERACTION_KINDS, 'interaction kind')));
	});
	if (chosen.size === 0) throw new InvalidTarget('kinds', 'a target counts at least one kind of interaction');
	return { label, goal, from, until, kinds: INTERACTION_KINDS.filter((kind) => chosen.has(kind)) };
}

/** Targets by deadline, then id: every reader lists them alike. */
export function byDeadline(a: Target, b: Target): number {
	if (a.until !== b.until) return a.until < b.until ? -1 : 1;
	return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export function newEntityId(id: string | undefined): string {
	return cleanId(id ?? newId());
}

/** Makes a `Y.Map<id, true>` set equal to `wanted`, touching only the members that change. */
export function syncSet(fields: Fields, key: string, wanted: Set<string>): void {
	let set = fields.get(key);
	if (!(set instanceof Y.Map)) {
		set = new Y.Map<true>();
		fields.set(key, set);
	}
	const current = set as Y.Map<true>;
	for (const member of [...current.keys()]) if (!wanted.has(member)) current.delete(member);
	for (const member of wanted) if (current.get(member) !== true) current.set(member, true);
}

/** Writes clean values into an entity's fields, only those that differ. */
export function writeValues(fields: Fields, clean: CleanValues): void {
	for (const [key, value] of clean.values) if (fields.get(key) !== value) fields.set(key, value);
	for (const [key, wanted] of clean.sets) syncSet(fields, key, wanted);
}

/** Removes an agent from every set `key` of a collection (participants, project members). */
export function removeFromSets(collection: Y.Map<Fields>, key: string, agentId: string): void {
	for (const fields of collection.values()) {
		const members = fields instanceof Y.Map ? fields.get(key) : undefined;
		if (members instanceof Y.Map && members.has(agentId)) members.delete(agentId);
	}
}
