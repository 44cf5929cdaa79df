/**
 * Where to put a new agent "at the centre of the map" without covering one already there: the
 * centre if it is free, else the nearest free spot on rings around it, in screen pixels (what
 * the person sees overlapping is what matters, at any zoom).
 */
export type Point = readonly [x: number, y: number];

/** Agents' dots are 14 px across; 28 px apart leaves a dot's width between two. */
export const MIN_GAP_PX = 28;
const RINGS = 8;

export function freeSpot(center: Point, taken: readonly Point[], gap = MIN_GAP_PX): Point {
	const isFree = ([x, y]: Point) => taken.every(([tx, ty]) => (tx - x) ** 2 + (ty - y) ** 2 >= gap * gap);
	if (isFree(center)) return center;
	for (let ring = 1; ring <= RINGS; ring++) {
		const radius = ring * gap;
		const steps = 6 * ring;
		for (let step = 0; step < steps; step++) {
			// Start each ring straight below the centre, then go round: the spot nearest the centre wins.
			const angle = Math.PI / 2 + (2 * Math.PI * step) / steps;
			const spot: Point = [center[0] + radius * Math.cos(angle), center[1] + radius * Math.sin(angle)];
			if (isFree(spot)) return spot;
		}
	}
	// A crowd wider than every ring: the centre, as before; the list and the panel still tell them apart.
	return center;
}
