/** Small statistics helpers for the benchmark figures. */

export interface Distribution {
	count: number;
	p50: number;
	p95: number;
	p99: number;
	max: number;
	mean: number;
}

/** Percentile by the nearest-rank method: the value below which `p` percent of samples lie. */
export function percentile(sorted: readonly number[], p: number): number {
	if (sorted.length === 0) return Number.NaN;
	const rank = Math.ceil((p / 100) * sorted.length);
	return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

export function distribution(samples: readonly number[]): Distribution {
	const sorted = [...samples].sort((a, b) => a - b);
	const sum = sorted.reduce((total, value) => total + value, 0);
	return {
		count: sorted.length,
		p50: percentile(sorted, 50),
		p95: percentile(sorted, 95),
		p99: percentile(sorted, 99),
		max: sorted.length ? sorted[sorted.length - 1] : Number.NaN,
		mean: sorted.length ? sum / sorted.length : Number.NaN
	};
}

export function median(samples: readonly number[]): number {
	return percentile([...samples].sort((a, b) => a - b), 50);
}

export const MB = 1024 * 1024;

export function round(value: number, digits = 1): number {
	const f = 10 ** digits;
	return Math.round(value * f) / f;
}

/** Paths of every number in `value` that is not finite (NaN, ±Infinity): what a smoke run must not produce. */
export function nonFinite(value: unknown, path = ''): string[] {
	if (typeof value === 'number') return Number.isFinite(value) ? [] : [path];
	if (Array.isArray(value)) return value.flatMap((item, i) => nonFinite(item, `${path}[${i}]`));
	if (value && typeof value === 'object') return Object.entries(value).flatMap(([key, item]) => nonFinite(item, `${path}.${key}`));
	return [];
}
