/**
 * Decoders from the stored fields of one entity (folded records, or a `Y.Map`) to its typed
 * value. They never throw: a missing required field (an agent without a valid position, a link
 * without ends) makes the entity unreadable (`null`), anything else is repaired and reported
 * through the `IssueLog`.
 */
import * as Y from 'yjs';
import type { FieldLookup, RecordCollection } from './entity-records.ts';
import {
	INTERACTION_KINDS,
	LINK_KINDS,
	NETWORK_KINDS,
	PROJECT_STATUSES,
	SECTORS,
	type Agent,
	type Area,
	type Interaction,
	type InteractionKind,
	type Link,
	type Network,
	type Niche,
	type Project,
	type Target
} from './schema.ts';
import {
	IssueLog,
	type Issue,
	isValidId,
	isValidLonLat,
	readChoice,
	readColor,
	readDate,
	readNumber,
	readText,
	readUrl
} from './validate.ts';

export type Fields = Y.Map<unknown>;
export type Reader<T> = (id: string, fields: unknown, log: IssueLog) => T | null;
/** A reader of a record collection's entity (see entity-records.ts); null fields: absent. */
export type RecordReader<T> = (id: string, fields: FieldLookup | null, log: IssueLog) => T | null;

/** One entity of a collection, read and validated; null when absent or unreadable. */
export function readOneOf<T>(doc: Y.Doc, collection: string, id: string, read: Reader<T>, issues?: Issue[]): T | null {
	const fields = doc.getMap(collection).get(id);
	if (fields === undefined) return null;
	const log = new IssueLog(collection, id);
	const value = read(id, fields, log);
	issues?.push(...log.issues);
	return value;
}

/** Every readable entity of a collection; the others are skipped and reported in `issues`. */
export function readAllOf<T>(doc: Y.Doc, collection: string, read: Reader<T>, issues?: Issue[]): T[] {
	const out: T[] = [];
	for (const [id, fields] of doc.getMap(collection).entries()) {
		const log = new IssueLog(collection, id);
		const value = read(id, fields, log);
		issues?.push(...log.issues);
		if (value !== null) out.push(value);
	}
	return out;
}

/** A set as stored: folded record members, or a small collection's `Y.Map<member, true>`. */
function isMemberSet(value: unknown): value is ReadonlyMap<string, unknown> | Y.Map<unknown> {
	return value instanceof Map || value instanceof Y.Map;
}

/**
 * One entity of a record collection, read and validated; null when absent or unreadable.
 * Without `issues` the value is remembered until the entity changes (see `derived`): it is
 * shared, so callers must not modify it.
 */
export function readOneRecord<T>(records: RecordCollection, name: string, id: string, read: RecordReader<T>, issues?: Issue[]): T | null {
	const readFields = (fields: FieldLookup | null, log: IssueLog) => (fields === null ? null : read(id, fields, log));
	if (!issues) return records.derived(id, read, (fields) => readFields(fields, new IssueLog(name, id)));
	const log = new IssueLog(name, id);
	const value = readFields(records.fields(id), log);
	issues.push(...log.issues);
	return value;
}

/** Every readable entity; unreadable ones and invalid records are skipped and reported. */
export function readAllRecords<T>(records: RecordCollection, name: string, read: RecordReader<T>, issues?: Issue[]): T[] {
	const out: T[] = [];
	if (!issues) {
		for (const id of records.ids()) {
			const value = readOneRecord(records, name, id, read);
			if (value !== null) out.push(value);
		}
		return out;
	}
	for (const [id, fields] of records.entries()) {
		const log = new IssueLog(name, id);
		const value = read(id, fields, log);
		issues?.push(...log.issues);
		if (value !== null) out.push(value);
	}
	if (records.invalid > 0) {
		issues?.push({ collection: name, id: '*', field: '*', problem: `${records.invalid} stored records are not valid; ignored` });
	}
	return out;
}

/** The ids in a membership set, ignoring anything that is not a valid id set to `true`. */
export function readIdSet(value: unknown, field: string, log: IssueLog): string[] {
	if (value === undefined) return [];
	if (!isMemberSet(value)) {
		log.add(field, 'expected a set');
		return [];
	}
	const ids: string[] = [];
	for (const [key, flag] of value.entries()) {
		if (flag === true && isValidId(key)) ids.push(key);
		else log.add(field, 'ignored an invalid member');
	}
	return ids.sort();
}

/** Tags are free text, so they are kept by value rather than as ids. */
export function readTagSet(value: unknown, log: IssueLog): string[] {
	if (value === undefined) return [];
	if (!isMemberSet(value)) {
		log.add('tags', 'expected a set');
		return [];
	}
	const tags: string[] = [];
	for (const [key, flag] of value.entries()) {
		if (flag === true && key.length > 0 && key.length <= 60) tags.push(key);
		else log.add('tags', 'ignored an invalid tag');
	}
	return tags.sort((a, b) => a.localeCompare(b));
}

function isRecord(id: string, fields: unknown, log: IssueLog): fields is Fields {
	if (isValidId(id) && fields instanceof Y.Map) return true;
	log.add('*', 'not a valid record; skipped');
	return false;
}

/** A reference to another entity: a valid id, or empty (reported) when it is not one. */
function readRef(value: unknown, field: string, log: IssueLog): string {
	if (isValidId(value)) return value;
	if (value !== undefined && value !== '') log.add(field, 'not a valid reference');
	return '';
}

/** An agent from its folded records, see entity-records.ts. */
export function readAgent(id: string, fields: FieldLookup | null, log: IssueLog): Agent | null {
	if (!isValidId(id) || fields === null) {
		log.add('*', 'not an agent record');
		return null;
	}
	const position = fields.get('position');
	if (!isValidLonLat(position)) {
		log.add('position', 'missing or out of range; the agent is hidden until it is fixed');
		return null;
	}
	return {
		id,
		name: readText(fields.get('name'), 'name', log),
		sector: readChoice(fields.get('sector'), SECTORS, 'sector', log, 'other'),
		position: [position[0], position[1]],
		address: readText(fields.get('address'), 'address', log),
		municipality: readText(fields.get('municipality'), 'municipality', log),
		areaIds: readIdSet(fields.get('areaIds'), 'areaIds', log),
		nicheIds: readIdSet(fields.get('nicheIds'), 'nicheIds', log),
		networkIds: readIdSet(fields.get('networkIds'), 'networkIds', log),
		website: readText(fields.get('website'), 'website', log),
		contact: readText(fields.get('contact'), 'contact', log),
		description: readText(fields.get('description'), 'description', log),
		tags: readTagSet(fields.get('tags'), log),
		createdBy: readText(fields.get('createdBy'), 'createdBy', log, 'name'),
		createdAt: readNumber(fields.get('createdAt'), 'createdAt', log, 0),
		updatedBy: readText(fields.get('updatedBy'), 'updatedBy', log, 'name'),
		updatedAt: readNumber(fields.get('updatedAt'), 'updatedAt', log, 0)
	};
}

/** A link from its folded records, see entity-records.ts. */
export function readLink(id: string, fields: FieldLookup | null, log: IssueLog): Link | null {
	if (!isValidId(id) || fields === null) {
		log.add('*', 'not a link record');
		return null;
	}
	const from = fields.get('from');
	const to = fields.get('to');
	if (!isValidId(from) || !isValidId(to)) {
		log.add('from/to', 'a link needs two agent ids');
		return null;
	}
	const weight = readNumber(fields.get('weight'), 'weight', log, 1);
	return {
		id,
		from,
		to,
		kind: readChoice(fields.get('kind'), LINK_KINDS, 'kind', log, 'other'),
		weight: Math.min(5, Math.max(1, Math.round(weight))),
		note: readText(fields.get('note'), 'note', log),
		since: readDate(fields.get('since'), 'since', log),
		createdAt: readNumber(fields.get('createdAt'), 'createdAt', log, 0),
		createdBy: readText(fields.get('createdBy'), 'createdBy', log, 'name')
	};
}

export function readArea(id: string, fields: unknown, log: IssueLog): Area | null {
	if (!isRecord(id, fields, log)) return null;
	return {
		id,
		name: readText(fields.get('name'), 'name', log),
		color: readColor(fields.get('color'), 'color', log, '#888888'),
		order: readNumber(fields.get('order'), 'order', log, 0)
	};
}

export function readNiche(id: string, fields: unknown, log: IssueLog): Niche | null {
	if (!isRecord(id, fields, log)) return null;
	return {
		id,
		name: readText(fields.get('name'), 'name', log),
		areaId: readRef(fields.get('areaId'), 'areaId', log)
	};
}

export function readNetwork(id: string, fields: unknown, log: IssueLog): Network | null {
	if (!isRecord(id, fields, log)) return null;
	return {
		id,
		name: readText(fields.get('name'), 'name', log),
		kind: readChoice(fields.get('kind'), NETWORK_KINDS, 'kind', log, 'other'),
		color: readColor(fields.get('color'), 'color', log, '#555555')
	};
}

export function readProject(id: string, fields: unknown, log: IssueLog): Project | null {
	if (!isRecord(id, fields, log)) return null;
	return {
		id,
		name: readText(fields.get('name'), 'name', log),
		nicheId: readRef(fields.get('nicheId'), 'nicheId', log),
		status: readChoice(fields.get('status'), PROJECT_STATUSES, 'status', log, 'idea'),
		agentIds: readIdSet(fields.get('agentIds'), 'agentIds', log),
		needs: readText(fields.get('needs'), 'needs', log),
		resources: readText(fields.get('resources'), 'resources', log)
	};
}

export function readInteraction(id: string, fields: unknown, log: IssueLog): Interaction | null {
	if (!isRecord(id, fields, log)) return null;
	return {
		id,
		kind: readChoice(fields.get('kind'), INTERACTION_KINDS, 'kind', log, 'meeting'),
		date: readDate(fields.get('date'), 'date', log),
		title: readText(fields.get('title'), 'title', log),
		participantIds: readIdSet(fields.get('participantIds'), 'participantIds', log),
		areaId: readRef(fields.get('areaId'), 'areaId', log),
		nicheId: readRef(fields.get('nicheId'), 'nicheId', log),
		outcome: readText(fields.get('outcome'), 'outcome', log),
		documentUrl: readUrl(fields.get('documentUrl'), 'documentUrl', log),
		createdBy: readText(fields.get('createdBy'), 'createdBy', log, 'name'),
		createdAt: readNumber(fields.get('createdAt'), 'createdAt', log, 0),
		updatedBy: readText(fields.get('updatedBy'), 'updatedBy', log, 'name'),
		updatedAt: readNumber(fields.get('updatedAt'), 'updatedAt', log, 0)
	};
}

export function readTarget(id: string, fields: unknown, log: IssueLog): Target | null {
	if (!isRecord(id, fields, log)) return null;
	const goal = readNumber(fields.get('goal'), 'goal', log, 0);
	const kinds = readIdSet(fields.get('kinds'), 'kinds', log).filter((kind): kind is InteractionKind =>
		(INTERACTION_KINDS as readonly string[]).includes(kind)
	);
	return {
		id,
		label: readText(fields.get('label'), 'label', log),
		kinds,
		goal: Number.isInteger(goal) && goal > 0 ? goal : 0,
		from: readDate(fields.get('from'), 'from', log),
		until: readDate(fields.get('until'), 'until', log)
	};
}
