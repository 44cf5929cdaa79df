/**
 * Which records each entity has, where each one sits in its `Y.Array`, and what reads made of
 * them (folds, derivations), kept until the entity's records change. It holds no Yjs document:
 * the collection (entity-records.ts) tells it what arrived and what went.
 */
import * as Y from 'yjs';
import { exists, foldRecords, type EntityRecord, type FieldLookup } from './record-fold.ts';

type Stored = EntityRecord | EntityRecord[];

export class RecordIndex {
	private readonly byId = new Map<string, Stored>();
	/**
	 * The Yjs id of every placed record's value: it never changes, wherever Yjs splits or merges
	 * the items around it, so a record is found in the array by walking items. A `Map` (a record
	 * leaves it when removed): a `WeakMap` of a first sync's 250,000 records costs twice the time
	 * to fill, and more to every garbage collection after.
	 */
	private readonly places = new Map<EntityRecord, Y.ID>();
	/**
	 * Every placed record by the Yjs id of its value (client, then clock). Array events are
	 * matched to records by id, never by text: two replicas shortening one record at once write
	 * the same text twice, and each copy must be indexed, and deleted, on its own.
	 */
	private readonly atPlace = new Map<number, Map<number, EntityRecord>>();
	/**
	 * Folds of entities with several records, kept until their records change: views read the
	 * same few busy entities (a hub with hundreds of tags) on every edit.
	 */
	private readonly folds = new Map<string, FieldLookup | null>();
	/**
	 * What readers made of each entity (an `Agent`, a `Link`), per reader, kept until the entity
	 * changes: the session and the map index both read every entity a change touched, which for
	 * a first sync is the whole map, and they then share one object per entity.
	 */
	private readonly derivations = new Map<object, Map<string, unknown>>();
	/** Where the array holds values that are not valid records (client, then clocks). */
	private readonly invalidAt = new Map<number, Set<number>>();
	/** Array values that are not valid records (a buggy or hostile peer); they are ignored. */
	invalid = 0;

	/** The records of one entity (most have one, kept without an array around it). */
	recordsOf(id: string): readonly EntityRecord[] {
		const stored = this.byId.get(id);
		return stored === undefined ? [] : Array.isArray(stored) ? stored : [stored];
	}

	/** Whether the entity has more than one record (one record hides nothing). */
	hasSeveral(id: string): boolean {
		return Array.isArray(this.byId.get(id));
	}

	/** Whether the entity exists: written, and not deleted last. */
	has(id: string): boolean {
		return exists(this.recordsOf(id));
	}

	/** Ids of the entities that exist. */
	*ids(): IterableIterator<string> {
		for (const id of this.byId.keys()) if (this.has(id)) yield id;
	}

	/**
	 * The entity's current fields, or null when it does not exist (never written, or gone).
	 * `evenIfGone` reads a deleted entity's last fields (to bring it back).
	 */
	fields(id: string, evenIfGone = false): FieldLookup | null {
		const records = this.recordsOf(id);
		if (records.length <= 1 || evenIfGone) return foldRecords(records, evenIfGone);
		let folded = this.folds.get(id);
		if (folded === undefined) this.folds.set(id, (folded = foldRecords(records)));
		return folded;
	}

	/**
	 * `derive(fields(id))`, remembered until the entity's records change. The result is shared
	 * by every caller, who must not modify it. `key` names the derivation (one cache per key).
	 */
	derived<T>(id: string, key: object, derive: (fields: FieldLookup | null) => T): T {
		let cache = this.derivations.get(key) as Map<string, T> | undefined;
		if (!cache) this.derivations.set(key, (cache = new Map()));
		if (cache.has(id)) return cache.get(id)!;
		const value = derive(this.fields(id));
		cache.set(id, value);
		return value;
	}

	/** Adds a record to its entity (placed now, or later with `place` once it is pushed). */
	add(record: EntityRecord): void {
		this.forget(record.id);
		const stored = this.byId.get(record.id);
		if (stored === undefined) this.byId.set(record.id, record);
		else if (Array.isArray(stored)) stored.push(record);
		else this.byId.set(record.id, [stored, record]);
	}

	/** Notes the Yjs id of a record's value in the array. */
	place(record: EntityRecord, client: number, clock: number): void {
		this.places.set(record, Y.createID(client, clock));
		let clocks = this.atPlace.get(client);
		if (!clocks) this.atPlace.set(client, (clocks = new Map()));
		clocks.set(clock, record);
	}

	/** The Yjs id of a record's value; undefined while it waits to be pushed. */
	placeOf(record: EntityRecord): Y.ID | undefined {
		return this.places.get(record);
	}

	/** The record whose value has this Yjs id, if any. */
	recordAt(client: number, clock: number): EntityRecord | undefined {
		return this.atPlace.get(client)?.get(clock);
	}

	/** Takes a record out of its entity and forgets its place. */
	remove(record: EntityRecord): void {
		this.forget(record.id);
		const place = this.places.get(record);
		if (place) {
			this.atPlace.get(place.client)?.delete(place.clock);
			this.places.delete(record);
		}
		const stored = this.byId.get(record.id);
		if (stored === record) this.byId.delete(record.id);
		else if (Array.isArray(stored)) {
			const at = stored.indexOf(record);
			if (at >= 0) stored.splice(at, 1);
			if (stored.length === 0) this.byId.delete(record.id);
		}
	}

	/** Counts the value at this Yjs id as one that is not a record. */
	addInvalid(client: number, clock: number): void {
		let clocks = this.invalidAt.get(client);
		if (!clocks) this.invalidAt.set(client, (clocks = new Set()));
		clocks.add(clock);
		this.invalid++;
	}

	/** Stops counting an invalid value once it is deleted from the array. */
	removeInvalid(client: number, clock: number): void {
		if (this.invalidAt.get(client)?.delete(clock)) this.invalid--;
	}

	/** Drops what was folded and derived from an entity whose records changed. */
	private forget(id: string): void {
		this.folds.delete(id);
		for (const cache of this.derivations.values()) cache.delete(id);
	}
}

/** Yjs ids in a fixed order (client, then clock); a record not placed yet comes last. */
export function compareIds(a: Y.ID | undefined, b: Y.ID | undefined): number {
	if (!a || !b) return a ? -1 : b ? 1 : 0;
	return a.client - b.client || a.clock - b.clock;
}
