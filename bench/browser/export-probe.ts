/**
 * Bundled into a blank chromium page (not the app) to time a whole-map GeoJSON export while
 * the app's own export is being built: read every agent and link through the model's typed,
 * validating API, build an RFC 7946 FeatureCollection (agents as Points with their
 * memberships by name, links as LineStrings), serialise it and wrap it in a Blob, as a
 * download would. Decoding the document is timed apart: the app already holds it.
 */
import * as Y from 'yjs';
import { MapDocument } from '../../src/lib/model/index.ts';

export interface ExportProbeResult {
	decodeMs: number;
	readMs: number;
	buildMs: number;
	stringifyMs: number;
	blobMs: number;
	/** read + build + stringify + blob: what a user waits for after pressing "export". */
	exportMs: number;
	bytes: number;
	features: number;
}

export async function run(stateUrl: string): Promise<ExportProbeResult> {
	const state = new Uint8Array(await (await fetch(stateUrl)).arrayBuffer());
	const t0 = performance.now();
	const doc = new Y.Doc();
	Y.applyUpdate(doc, state);
	const map = new MapDocument(doc);
	const t1 = performance.now();
	const agents = map.agents();
	const links = map.links();
	const names = new Map<string, string>();
	for (const entity of [...map.areas(), ...map.niches(), ...map.networks()]) names.set(entity.id, entity.name);
	const t2 = performance.now();
	const byName = (ids: string[]) => ids.map((id) => names.get(id)).filter((name) => name !== undefined);
	const positions = new Map<string, [number, number]>();
	const features: object[] = [];
	for (const agent of agents) {
		const position: [number, number] = [agent.position[0], agent.position[1]];
		positions.set(agent.id, position);
		features.push({
			type: 'Feature',
			id: agent.id,
			geometry: { type: 'Point', coordinates: position },
			properties: {
				name: agent.name,
				sector: agent.sector,
				address: agent.address,
				municipality: agent.municipality,
				website: agent.website,
				description: agent.description,
				tags: agent.tags,
				areas: byName(agent.areaIds),
				niches: byName(agent.nicheIds),
				networks: byName(agent.networkIds)
			}
		});
	}
	for (const link of links) {
		const from = positions.get(link.from);
		const to = positions.get(link.to);
		if (!from || !to) continue;
		features.push({
			type: 'Feature',
			id: link.id,
			geometry: { type: 'LineString', coordinates: [from, to] },
			properties: { from: link.from, to: link.to, kind: link.kind, weight: link.weight, note: link.note, since: link.since }
		});
	}
	const collection = { type: 'FeatureCollection', features };
	const t3 = performance.now();
	const json = JSON.stringify(collection);
	const t4 = performance.now();
	const blob = new Blob([json], { type: 'application/geo+json' });
	const t5 = performance.now();
	doc.destroy();
	return {
		decodeMs: t1 - t0,
		readMs: t2 - t1,
		buildMs: t3 - t2,
		stringifyMs: t4 - t3,
		blobMs: t5 - t4,
		exportMs: t5 - t1,
		bytes: blob.size,
		features: features.length
	};
}
