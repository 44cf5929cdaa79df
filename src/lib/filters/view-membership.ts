/**
 * The filtered view by numbers: each agent gets a dense slot, each shown link a row holding
 * its two ends' slots, and which of them are in the view lives in flag arrays. A change of
 * filter that moves much of the map settles every link in one loop over these arrays. With
 * string ids (three hash lookups per link, then adding or deleting most of them in a Set) the
 * same pass took about 135 ms for 200,000 links.
 */
import type { Link } from '../model/index.ts';

/** A growable array of 0/1 flags. */
export class Flags {
	#bits = new Uint8Array(1024);

	get(at: number): boolean {
		return at >= 0 && this.#bits[at] === 1;
	}

	set(at: number, on: boolean): void {
		if (at >= this.#bits.length) this.#grow(at);
		this.#bits[at] = on ? 1 : 0;
	}

	/** The array itself, for tight loops: indices past its end read as `undefined` (off). */
	get raw(): Uint8Array {
		return this.#bits;
	}

	clear(): void {
		this.#bits.fill(0);
	}

	copy(): Uint8Array {
		return this.#bits.slice();
	}

	#grow(at: number): void {
		let length = this.#bits.length * 2;
		while (length <= at) length *= 2;
		const bits = new Uint8Array(length);
		bits.set(this.#bits);
		this.#bits = bits;
	}
}

/** Ids numbered densely; `reuse` hands a removed id's number to the next new one. */
export class DenseIds {
	readonly #numbers = new Map<string, number>();
	readonly #free: number[] = [];
	readonly #reuse: boolean;
	/** The id of each number, `undefined` for a free one. */
	readonly ids: (string | undefined)[] = [];

	constructor(reuse: boolean) {
		this.#reuse = reuse;
	}

	/** The id's number, or -1 when it has none. */
	of(id: string): number {
		return this.#numbers.get(id) ?? -1;
	}

	/** The id's number, given on first sight. */
	give(id: string): number {
		let at = this.#numbers.get(id);
		if (at === undefined) {
			at = (this.#reuse ? this.#free.pop() : undefined) ?? this.ids.length;
			this.#numbers.set(id, at);
			this.ids[at] = id;
		}
		return at;
	}

	remove(id: string): void {
		const at = this.#numbers.get(id);
		if (at === undefined || !this.#reuse) return;
		this.#numbers.delete(id);
		this.ids[at] = undefined;
		this.#free.push(at);
	}
}

/**
 * Agent slots and link rows. Agents keep their slot for the table's life (a deleted agent may
 * come back, and an agent's links are reported after the agent itself); link rows are reused,
 * so the loop stays as long as the map's links.
 */
export class LinkEnds {
	readonly agents = new DenseIds(false);
	readonly links = new DenseIds(true);
	#from = new Int32Array(1024);
	#to = new Int32Array(1024);

	/** Adds a link, or updates its ends. */
	set(link: Link): void {
		const row = this.links.give(link.id);
		if (row >= this.#from.length) this.#grow();
		this.#from[row] = this.agents.give(link.from);
		this.#to[row] = this.agents.give(link.to);
	}

	/** Slot of each row's `from` end (meaningful for rows in use). */
	get from(): Int32Array {
		return this.#from;
	}

	get to(): Int32Array {
		return this.#to;
	}

	#grow(): void {
		const from = new Int32Array(this.#from.length * 2);
		const to = new Int32Array(this.#to.length * 2);
		from.set(this.#from);
		to.set(this.#to);
		this.#from = from;
		this.#to = to;
	}
}

/** The ids that a view holds, as a read-only set for the rest of the app. */
export interface IdSet extends Iterable<string> {
	readonly size: number;
	has(id: string): boolean;
}

/** A set of numbered ids kept as flags, so adding or dropping most of them costs no hashing. */
export class FlagSet implements IdSet {
	readonly #ids: DenseIds;
	readonly #flags = new Flags();
	#size = 0;

	constructor(ids: DenseIds) {
		this.#ids = ids;
	}

	get size(): number {
		return this.#size;
	}

	has(id: string): boolean {
		return this.#flags.get(this.#ids.of(id));
	}

	/**
	 * Puts a numbered id in or out. An id without a number is never in: numbers come with the
	 * data they index (a link's row holds its ends), so a set must not hand them out.
	 */
	set(id: string, on: boolean): void {
		const at = this.#ids.of(id);
		if (at >= 0) this.setAt(at, on);
	}

	hasAt(at: number): boolean {
		return this.#flags.get(at);
	}

	setAt(at: number, on: boolean): void {
		if (this.#flags.get(at) === on) return;
		this.#flags.set(at, on);
		this.#size += on ? 1 : -1;
	}

	/** The flags by number, for tight loops (read only). */
	get raw(): Uint8Array {
		return this.#flags.raw;
	}

	/** A copy of the flags, to compare against after a change. */
	snapshot(): Uint8Array {
		return this.#flags.copy();
	}

	clear(): void {
		this.#flags.clear();
		this.#size = 0;
	}

	*[Symbol.iterator](): Iterator<string> {
		const { ids } = this.#ids;
		const bits = this.#flags.raw;
		for (let at = 0; at < ids.length; at++) if (bits[at] === 1 && ids[at] !== undefined) yield ids[at]!;
	}
}
