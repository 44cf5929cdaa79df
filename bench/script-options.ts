/**
 * What the diagnosis scripts (view-bench, profile-page) share: reading a
 * `--name=N` option and timing a step. `npm run bench` has its own, richer parsing (run.ts).
 */

/** The number given as `--name=N` on the command line, or `fallback`. */
export function numberOption(name: string, fallback: number): number {
	const given = process.argv.slice(2).find((arg) => arg.startsWith(`--${name}=`));
	return Number(given?.split('=')[1] ?? fallback);
}

/** The result of `fn` and how long it took, in ms. */
export function timed<T>(fn: () => T): [T, number] {
	const start = performance.now();
	const result = fn();
	return [result, performance.now() - start];
}
