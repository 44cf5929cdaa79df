/** The edits the benchmark makes, through the model API, as people do on a live map. */
import type * as Y from 'yjs';
import { MapDocument } from '../src/lib/model/index.ts';

/**
 * Six in ten edits move an agent (dragging is the most frequent live edit), three rewrite its
 * description, one toggles a tag. `actor` is recorded on the agent (updatedBy), which lets a
 * receiver recognise the edit in the update bytes.
 */
export function editAgent(doc: Y.Doc, actor: string, agentId: string, n: number): void {
	const map = new MapDocument(doc, actor);
	const kind = n % 10;
	if (kind < 6) {
		const [lon, lat] = map.agent(agentId)!.position;
		map.moveAgent(agentId, [lon + ((n % 7) - 3) * 1e-4, lat + ((n % 5) - 2) * 1e-4]);
	} else if (kind < 9) {
		map.updateAgent(agentId, { description: `Descripción editada en la prueba de rendimiento (${actor}).` });
	} else {
		map.setMember(agentId, 'tags', 'benchmark', n % 20 < 10);
	}
}

/** A deterministic sequence of agent ids to edit. */
export function agentPicker(ids: readonly string[], seed: number): () => string {
	let state = seed >>> 0;
	return () => {
		state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
		return ids[state % ids.length];
	};
}
