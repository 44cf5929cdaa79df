/**
 * The page's side of the layout worker: hands it the graph and each patch, asks it to stay
 * warm for a while after a change, and writes the positions it sends back into the graph
 * (sigma redraws on that). The node being dragged is the person's, not the layout's.
 */
import { FIRST_LAYOUT_MS, WARM_LAYOUT_MS, type FromLayout, type LayoutEdge, type LayoutNode, type ToLayout } from './layout-protocol.ts';
import type { GraphPatch, NetworkGraph } from './network-graph.ts';

export class NetworkLayout {
	readonly #graph: NetworkGraph;
	readonly #worker: Worker;
	readonly #onsettled: (settled: boolean) => void;
	/** The node under the person's pointer, which the worker's positions must not move. */
	dragged: string | null = null;

	constructor(graph: NetworkGraph, onsettled: (settled: boolean) => void) {
		this.#graph = graph;
		this.#onsettled = onsettled;
		// A file of the app, so that the pages' CSP (worker-src 'self') lets it load.
		this.#worker = new Worker(new URL('./layout.worker.ts', import.meta.url), { type: 'module' });
		this.#worker.onmessage = (event: MessageEvent<FromLayout>) => this.#receive(event.data);
		this.#worker.onerror = (event) => {
			console.error('network layout worker failed', event.message);
			this.#onsettled(true);
		};
	}

	/** Sends the whole graph and lays it out from its current positions. */
	reset(): void {
		const nodes = this.#graph.mapNodes((id, a): LayoutNode => ({ id, x: a.x, y: a.y, fixed: a.fixed }));
		this.#send({ type: 'reset', nodes, edges: this.#graph.mapEdges((id, a, from, to): LayoutEdge => [id, from, to, a.weight]) });
		this.run(FIRST_LAYOUT_MS);
	}

	/** Forwards what a change did to the graph, and keeps the layout warm to take it in. */
	patch(patch: GraphPatch): void {
		const graph = this.#graph;
		this.#send({
			type: 'patch',
			droppedNodes: patch.droppedNodes,
			droppedEdges: patch.droppedEdges,
			addedNodes: patch.addedNodes.filter((id) => graph.hasNode(id)).map((id) => {
				const a = graph.getNodeAttributes(id);
				return { id, x: a.x, y: a.y, fixed: a.fixed };
			}),
			addedEdges: patch.addedEdges
				.filter((id) => graph.hasEdge(id))
				.map((id): LayoutEdge => [id, graph.source(id), graph.target(id), graph.getEdgeAttribute(id, 'weight')])
		});
		this.run(WARM_LAYOUT_MS);
	}

	/** A node the person put somewhere: it stays there while the rest arranges around it. */
	pin(id: string, x: number, y: number): void {
		this.#graph.mergeNodeAttributes(id, { x, y, fixed: true });
		this.#send({ type: 'pin', id, x, y, fixed: true });
	}

	run(forMs: number): void {
		this.#onsettled(false);
		this.#send({ type: 'run', forMs });
	}

	destroy(): void {
		this.#worker.terminate();
	}

	#send(message: ToLayout): void {
		this.#worker.postMessage(message);
	}

	#receive(message: FromLayout): void {
		// A 'settled' of a run that a newer one extended may arrive first: positions mean running.
		this.#onsettled(message.type === 'settled');
		if (message.type === 'settled') return;
		const at = new Map<string, number>();
		message.ids.forEach((id, index) => at.set(id, index));
		const { xy } = message;
		// One event for the whole graph: sigma reindexes once, not once per node.
		this.#graph.updateEachNodeAttributes(
			(id, attributes) => {
				const index = at.get(id);
				if (index === undefined || id === this.dragged) return attributes;
				return { ...attributes, x: xy[2 * index], y: xy[2 * index + 1] };
			},
			{ attributes: ['x', 'y'] }
		);
	}
}
