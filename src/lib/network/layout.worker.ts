/**
 * ForceAtlas2 off the main thread. graphology-layout-forceatlas2's own worker supervisor builds
 * its worker from a blob: URL, which the pages' CSP (worker-src 'self') refuses; this module is
 * a file of the app instead, running the package's public synchronous layout in batches.
 */
import Graph from 'graphology';
import forceAtlas2 from 'graphology-layout-forceatlas2';
import { BATCH_MS, type FromLayout, type LayoutEdge, type LayoutNode, type ToLayout } from './layout-protocol.ts';

type Attributes = { x: number; y: number; fixed: boolean };
const graph = new Graph<Attributes, { weight: number }>({ type: 'undirected', multi: true, allowSelfLoops: true });
let until = 0;
let scheduled = false;
let iterations = 1;

function post(message: FromLayout, transfer: Transferable[] = []): void {
	(self as unknown as Worker).postMessage(message, transfer);
}

function addNode({ id, x, y, fixed }: LayoutNode): void {
	graph.mergeNode(id, { x, y, fixed });
}

function addEdge([id, from, to, weight]: LayoutEdge): void {
	if (!graph.hasEdge(id) && graph.hasNode(from) && graph.hasNode(to)) graph.addEdgeWithKey(id, from, to, { weight });
}

function step(): void {
	scheduled = false;
	if (Date.now() >= until || graph.order === 0) {
		post({ type: 'settled' });
		return;
	}
	const started = performance.now();
	forceAtlas2.assign(graph, { iterations, getEdgeWeight: 'weight', settings: forceAtlas2.inferSettings(graph) });
	const took = performance.now() - started;
	// As many iterations per batch as fit in about a frame, for the next batch.
	iterations = Math.max(1, Math.min(50, Math.round((iterations * BATCH_MS) / Math.max(took, 0.1))));
	const ids = graph.nodes();
	const xy = new Float32Array(ids.length * 2);
	ids.forEach((id, at) => {
		xy[2 * at] = graph.getNodeAttribute(id, 'x');
		xy[2 * at + 1] = graph.getNodeAttribute(id, 'y');
	});
	post({ type: 'positions', ids, xy }, [xy.buffer]);
	schedule();
}

function schedule(): void {
	if (scheduled) return;
	scheduled = true;
	// A macrotask between batches, so that patches and pins arrive between them.
	setTimeout(step, 0);
}

self.onmessage = (event: MessageEvent<ToLayout>) => {
	const message = event.data;
	switch (message.type) {
		case 'reset':
			graph.clear();
			message.nodes.forEach(addNode);
			message.edges.forEach(addEdge);
			break;
		case 'patch':
			for (const id of message.droppedEdges) if (graph.hasEdge(id)) graph.dropEdge(id);
			for (const id of message.droppedNodes) if (graph.hasNode(id)) graph.dropNode(id);
			message.addedNodes.forEach(addNode);
			message.addedEdges.forEach(addEdge);
			break;
		case 'pin':
			if (graph.hasNode(message.id)) graph.mergeNodeAttributes(message.id, { x: message.x, y: message.y, fixed: message.fixed });
			break;
		case 'run':
			until = Math.max(until, Date.now() + message.forMs);
			schedule();
			break;
		case 'stop':
			until = 0;
			break;
	}
};
