/**
 * The seeded random source and small helpers shared by the demo map (`demo-map.ts`) and the
 * benchmark's map generator (`bench/generate-map.ts`): the same seed gives the same sequence
 * on every engine, which is what makes both maps reproducible.
 */

export type Rng = () => number;

/** mulberry32: a 32-bit state generator, plenty for demo data and identical on every engine. */
export function mulberry32(seed: number): Rng {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = Math.imul(state ^ (state >>> 15), state | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

export function pick<T>(rng: Rng, items: readonly T[]): T {
	return items[Math.floor(rng() * items.length)];
}

/** An integer in [min, max], both included. */
export function between(rng: Rng, min: number, max: number): number {
	return min + Math.floor(rng() * (max - min + 1));
}

/** `count` distinct items, in random order. */
export function sample<T>(rng: Rng, items: readonly T[], count: number): T[] {
	const pool = [...items];
	const out: T[] = [];
	while (out.length < count && pool.length > 0) out.push(pool.splice(Math.floor(rng() * pool.length), 1)[0]);
	return out;
}

export function weighted<T>(rng: Rng, entries: readonly (readonly [T, number])[]): T {
	const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
	let r = rng() * total;
	for (const [item, weight] of entries) {
		r -= weight;
		if (r < 0) return item;
	}
	return entries[entries.length - 1][0];
}

/** ASCII, lower case, words joined by hyphens: "Fundación Bacatá" → "fundacion-bacata". */
export function slugify(text: string): string {
	return text
		.normalize('NFD')
		.replace(/\p{M}/gu, '')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-|-$/g, '');
}

export function pad2(n: number): string {
	return String(n).padStart(2, '0');
}
