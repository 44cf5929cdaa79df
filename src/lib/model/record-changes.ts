/**
 * What one transaction did to the entities of a record collection, noted as its records come
 * and go, and reported to listeners once it has been applied (entity-records.ts).
 */
import type { EntityRecord } from './record-fold.ts';

/** What one transaction did to one entity: whether it existed before and after, and the fields set. */
export interface RecordChange {
	readonly id: string;
	readonly before: boolean;
	readonly after: boolean;
	readonly fields: string[];
}

/**
 * One entity's change, noted as the transaction runs (`after` is set when it is reported).
 * Its field names are worked out only when asked: the activity feed asks, the views do not
 * (and a first sync touches every entity of the map).
 */
class TouchedEntity implements RecordChange {
	readonly id: string;
	readonly before: boolean;
	after = false;
	/** The records that touched it. */
	readonly sources: EntityRecord[] = [];
	constructor(id: string, before: boolean) {
		this.id = id;
		this.before = before;
	}
	get fields(): string[] {
		const fields = new Set<string>();
		for (const source of this.sources) {
			for (const part of [source.set, source.add, source.del]) for (const key of Object.keys(part ?? {})) fields.add(key);
		}
		return [...fields].sort();
	}
}

export class RecordChanges {
	/**
	 * The entities touched in the running transaction. One map, not one per question: a first
	 * sync touches every entity of the map, and each lookup counts.
	 */
	private touches = new Map<string, TouchedEntity>();
	private readonly listeners = new Set<(changes: RecordChange[]) => void>();
	/** Whether an entity exists now (asked when it is first touched, and when it is reported). */
	private readonly exists: (id: string) => boolean;

	constructor(exists: (id: string) => boolean) {
		this.exists = exists;
	}

	/** Notes, the first time an entity is touched in a transaction, whether it existed. */
	noteBefore(id: string): void {
		if (!this.touches.has(id)) this.touches.set(id, new TouchedEntity(id, this.exists(id)));
	}

	/** Notes the record that touched an entity (after `noteBefore`). */
	noteRecord(id: string, record: EntityRecord): void {
		this.touches.get(id)?.sources.push(record);
	}

	/** Calls `listener` once per transaction that changed entities. */
	listen(listener: (changes: RecordChange[]) => void): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}

	/** Reports what was noted to every listener, starts anew, and returns what it reported. */
	report(): readonly RecordChange[] {
		if (this.touches.size === 0) return [];
		const changes: RecordChange[] = [];
		for (const touched of this.touches.values()) {
			touched.after = this.exists(touched.id);
			changes.push(touched);
		}
		this.touches = new Map();
		for (const listener of this.listeners) listener(changes);
		return changes;
	}
}
