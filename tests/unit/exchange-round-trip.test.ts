/**
 * Export → import keeps agents, links and memberships; the import is one transaction and one
 * undo step, all or nothing; re-importing a file updates instead of duplicating.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { collectExport, serializeGeoJSON, toCSV, toGeoJSON } from '../../src/lib/exchange/index.ts';
import { MapDocument, ModelError, type Agent } from '../../src/lib/model/index.ts';
import { demoMap, emptyMapWithCatalogue, importInto, utf8 } from '../fixtures/exchange/helpers.ts';

/** An agent as a partner sees it: every field, memberships by name, without timestamps. */
function portrait(map: MapDocument, agent: Agent) {
	const names = (ids: string[], list: { id: string; name: string }[]) =>
		list.filter((item) => ids.includes(item.id)).map((item) => item.name).sort();
	return {
		id: agent.id,
		name: agent.name,
		sector: agent.sector,
		position: agent.position,
		address: agent.address,
		municipality: agent.municipality,
		website: agent.website,
		description: agent.description,
		tags: agent.tags,
		areas: names(agent.areaIds, map.areas()),
		niches: names(agent.nicheIds, map.niches()),
		networks: names(agent.networkIds, map.networks()),
		projects: map.projects().filter((p) => p.agentIds.includes(agent.id)).map((p) => p.name).sort()
	};
}

const portraits = (map: MapDocument) => map.agents().map((a) => portrait(map, a)).sort((a, b) => (a.id < b.id ? -1 : 1));
const linkPortraits = (map: MapDocument) =>
	map
		.links()
		.map((l) => `${l.from}>${l.to}:${l.kind}:${l.weight}:${l.note}:${l.since}`)
		.sort();

const geojsonOf = (map: MapDocument, agents?: Agent[]) =>
	utf8(serializeGeoJSON(toGeoJSON(collectExport(map, { agents }), { filter: '', exportedAt: new Date() })));

describe('GeoJSON round trip', () => {
	it('rebuilds agents, links, memberships and the catalogue in a new, empty map', async () => {
		const source = demoMap();
		const target = new MapDocument(new Y.Doc(), 'beto');
		const { plan } = await importInto(target, geojsonOf(source), 'demo.geojson', { apply: true });
		expect(plan.problems).toEqual([]);
		expect(plan.created).toBe(source.agents().length);
		expect(portraits(target)).toEqual(portraits(source));
		expect(linkPortraits(target)).toEqual(linkPortraits(source));
		// Only the catalogue entries that the agents use travel, with their colours and parents.
		expect(target.areas().map((a) => [a.name, a.color])).toEqual(source.areas().map((a) => [a.name, a.color]));
		const nicheArea = (map: MapDocument) =>
			map.niches().filter((n) => map.agents().some((a) => a.nicheIds.includes(n.id)))
				.map((n) => `${n.name}<${map.areas().find((a) => a.id === n.areaId)?.name}`).sort();
		expect(nicheArea(target)).toEqual(nicheArea(source));
	});

	it('keeps a filtered view: its agents and the links between them', async () => {
		const source = demoMap();
		const chosen = source.agents().filter((a) => a.sector === 'academia' || a.sector === 'research');
		const target = new MapDocument(new Y.Doc(), 'beto');
		await importInto(target, geojsonOf(source, chosen), 'view.geojson', { apply: true });
		const ids = new Set(chosen.map((a) => a.id));
		expect(portraits(target)).toEqual(portraits(source).filter((p) => ids.has(p.id)));
		expect(linkPortraits(target)).toEqual(
			linkPortraits(source).filter((l) => ids.has(l.split('>')[0]) && ids.has(l.split('>')[1].split(':')[0]))
		);
	});

	it('updates instead of duplicating when a file comes back to the map it came from', async () => {
		const map = demoMap();
		const file = JSON.parse(new TextDecoder().decode(geojsonOf(map)));
		const edited = file.features.find((f: { geometry: { type: string } }) => f.geometry.type === 'Point');
		edited.properties.description = 'Editado por el socio en QGIS';
		edited.geometry.coordinates = [-74.05, 4.7];
		const before = map.agents().length;
		const { plan } = await importInto(map, utf8(JSON.stringify(file)), 'back.geojson', { apply: true });
		expect(plan).toMatchObject({ created: 0, updated: 1, unchanged: before - 1, links: 0, unchangedLinks: map.links().length });
		expect(plan.problems).toEqual([]);
		expect(map.agents().length).toBe(before);
		expect(map.agent(edited.id)).toMatchObject({ description: 'Editado por el socio en QGIS', position: [-74.05, 4.7] });
	});
});

describe('CSV round trip', () => {
	it('rebuilds every agent with its memberships in a map that has the catalogue', async () => {
		const source = demoMap();
		const target = emptyMapWithCatalogue();
		const { plan } = await importInto(target, utf8(toCSV(collectExport(source))), 'demo.csv', { apply: true });
		expect(plan.problems).toEqual([]);
		expect(portraits(target)).toEqual(portraits(source));
	});

	it('creates the missing catalogue when asked, and refuses those rows otherwise', async () => {
		const source = demoMap();
		const csv = utf8(toCSV(collectExport(source)));
		const refused = await importInto(new MapDocument(), csv, 'demo.csv');
		expect(refused.plan.created).toBe(source.agents().filter((a) => a.areaIds.length + a.nicheIds.length + a.networkIds.length === 0).length);
		expect(refused.plan.unknownNames).toBe(refused.plan.problems.length);
		const target = new MapDocument(new Y.Doc());
		const { plan } = await importInto(target, csv, 'demo.csv', { createMissing: true, apply: true });
		expect(plan.problems).toEqual([]);
		expect(target.agents()).toHaveLength(source.agents().length);
		expect(target.areas().map((a) => a.name).sort()).toEqual(source.areas().map((a) => a.name).sort());
	});
});

describe('the import as an edit', () => {
	it('is one transaction and one undo step', async () => {
		const source = demoMap();
		const target = new MapDocument(new Y.Doc(), 'beto');
		target.addAgent({ name: 'Antes', position: [-74.1, 4.6] });
		const undo = target.createUndoManager();
		undo.stopCapturing();
		let transactions = 0;
		target.doc.on('afterTransaction', () => transactions++);
		await importInto(target, geojsonOf(source), 'demo.geojson', { apply: true });
		expect(transactions).toBe(1);
		expect(target.agents()).toHaveLength(source.agents().length + 1);
		undo.undo();
		expect(target.agents().map((a) => a.name)).toEqual(['Antes']);
		expect(target.links()).toEqual([]);
		expect(target.areas()).toEqual([]);
		undo.redo();
		expect(target.agents()).toHaveLength(source.agents().length + 1);
		undo.destroy();
	});

	it('writes nothing when one entry of the batch is refused by the model', () => {
		const map = demoMap();
		const before = map.toCanonicalJSON();
		const [a, b] = map.agents();
		expect(() =>
			map.applyBatch({
				agents: [{ name: 'Nuevo', position: [-74.1, 4.6] }],
				agentUpdates: [{ id: a.id, patch: { description: 'cambio' } }],
				links: [{ from: b.id, to: 'no-such-agent' }]
			})
		).toThrow(ModelError);
		expect(map.toCanonicalJSON()).toBe(before);
	});

	it('fails cleanly when the map changed under the plan (an updated agent was deleted)', async () => {
		const map = demoMap();
		const file = JSON.parse(new TextDecoder().decode(geojsonOf(map)));
		const edited = file.features.find((f: { geometry: { type: string } }) => f.geometry.type === 'Point');
		edited.properties.description = 'cambio';
		const { plan } = await importInto(map, utf8(JSON.stringify(file)), 'back.geojson');
		map.deleteAgent(edited.id);
		const before = map.toCanonicalJSON();
		expect(() => map.applyBatch(plan.batch)).toThrow(ModelError);
		expect(map.toCanonicalJSON()).toBe(before);
	});
});
