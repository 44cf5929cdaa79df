/** Rows of the activity tables to records and back, the same for both stores. */
import type { ActivityEntity, ActivityRecord } from './document-store.ts';

export interface EntityRow {
	seq: number;
	position: number;
	collection: string;
	entity_id: string;
	action: string;
	name: string;
	fields: string;
	value: string | null;
}

export interface HeaderRow {
	seq: number;
	actor: string;
	at: number;
	entity_count: number;
}

const ACTIONS = new Set(['added', 'changed', 'deleted']);

export function toEntity(row: EntityRow): ActivityEntity {
	let fields: string[] = [];
	try {
		const parsed = JSON.parse(String(row.fields));
		if (Array.isArray(parsed)) fields = parsed.filter((field): field is string => typeof field === 'string');
	} catch {
		// A damaged list of fields shows as none; the entity and action are still right.
	}
	return {
		collection: String(row.collection),
		id: String(row.entity_id),
		action: (ACTIONS.has(String(row.action)) ? row.action : 'changed') as ActivityEntity['action'],
		name: String(row.name),
		fields,
		value: row.value === null || row.value === undefined ? null : String(row.value)
	};
}

/** Headers (newest first) with their entities attached in position order. */
export function toRecords(headers: HeaderRow[], entities: EntityRow[]): ActivityRecord[] {
	const bySeq = new Map<number, ActivityEntity[]>();
	for (const row of [...entities].sort((a, b) => Number(a.seq) - Number(b.seq) || Number(a.position) - Number(b.position))) {
		const list = bySeq.get(Number(row.seq)) ?? [];
		list.push(toEntity(row));
		bySeq.set(Number(row.seq), list);
	}
	return headers.map((header) => ({
		seq: Number(header.seq),
		actor: String(header.actor),
		at: Number(header.at),
		entityCount: Number(header.entity_count),
		entities: bySeq.get(Number(header.seq)) ?? []
	}));
}

/** The entity rows of records to insert. */
export function entityRows(records: ActivityRecord[]): EntityRow[] {
	return records.flatMap((record) =>
		record.entities.map((entity, position) => ({
			seq: record.seq,
			position,
			collection: entity.collection,
			entity_id: entity.id,
			action: entity.action,
			name: entity.name,
			fields: JSON.stringify(entity.fields),
			value: entity.value
		}))
	);
}
