/**
 * Messages between the network view and its ForceAtlas2 worker. The worker keeps its own copy
 * of the graph's structure and positions; the page sends it the same patches it applies, so a
 * colleague's edit warms the running layout instead of restarting it.
 */

export interface LayoutNode {
	id: string;
	x: number;
	y: number;
	fixed: boolean;
}

/** `[id, from, to, weight]` */
export type LayoutEdge = [string, string, string, number];

export type ToLayout =
	| { type: 'reset'; nodes: LayoutNode[]; edges: LayoutEdge[] }
	| { type: 'patch'; addedNodes: LayoutNode[]; droppedNodes: string[]; addedEdges: LayoutEdge[]; droppedEdges: string[] }
	/** A node the person dragged: where it is, and whether it stays there. */
	| { type: 'pin'; id: string; x: number; y: number; fixed: boolean }
	/** Run (or keep running) for this long from now. */
	| { type: 'run'; forMs: number }
	| { type: 'stop' };

export type FromLayout =
	/** Positions of `ids`, as `[x0, y0, x1, y1, …]`. */
	| { type: 'positions'; ids: string[]; xy: Float32Array }
	| { type: 'settled' };

/** How long a first layout runs, and how long it stays warm after a change. */
export const FIRST_LAYOUT_MS = 2500;
export const WARM_LAYOUT_MS = 3000;
/** A batch of iterations should take about a frame, so positions reach the page smoothly. */
export const BATCH_MS = 16;
