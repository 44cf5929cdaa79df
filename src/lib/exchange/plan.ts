/**
 * Deciding, before anything is written, what an import will do: for each row, create an
 * agent, update the agent it names by id, or refuse it and say why. The result is a report
 * for the user and one `EditBatch` that `MapDocument.applyBatch` writes as one transaction.
 *
 * Work is done in chunks with a pause between them, so a 10,000-row file keeps the page
 * responsive and can show its progress.
 */
import { PLACES } from '../geo/places.ts';
import type { Agent, Area, EditBatch, Link, MapDocument, Network, Niche, Project } from '../model/index.ts';
import { CATALOGUE_KINDS, CatalogueResolver, type CatalogueKind } from './catalogue.ts';
import type { ColumnMapping } from './columns.ts';
import { planLinks } from './plan-links.ts';
import { RowPlanner } from './plan-row.ts';
import type { Box } from './position.ts';
import type { ImportTable, RowNote, RowProblem } from './types.ts';
import type { ValueChoices } from './value-choices.ts';

export interface ImportContext {
	agents: readonly Agent[];
	links: readonly Link[];
	areas: readonly Area[];
	niches: readonly Niche[];
	networks: readonly Network[];
	projects: readonly Project[];
	/** Where this map's agents are; a point outside it whose swap falls inside looks swapped. */
	region: Box;
}

export interface ImportOptions {
	/** Place rows without coordinates at their municipality's centre (default true). */
	placeByMunicipality?: boolean;
	/** Swap latitude and longitude where they look swapped, instead of refusing the row. */
	fixSwapped?: boolean;
	/** Create the areas, niches, networks and projects the map lacks, instead of refusing rows. */
	createMissing?: boolean;
	/** The person's choices for values the map does not write exactly so (see value-choices.ts). */
	values?: ValueChoices;
}

export interface PlanProgress {
	onProgress?: (done: number, total: number) => void;
	/** Awaited between chunks; in the browser, a pause that lets the page paint. */
	pause?: () => Promise<void>;
	chunk?: number;
}

export interface ImportPlan {
	batch: EditBatch;
	rows: number;
	created: number;
	updated: number;
	unchanged: number;
	links: number;
	/** Links of the file that the map already has. */
	unchangedLinks: number;
	/** Every row (or GeoJSON feature) that will not be imported, and why; sorted by row. */
	problems: RowProblem[];
	/** Rows that will be imported, with something worth knowing. */
	notes: RowNote[];
	/** Names of the catalogue entries the import will create. */
	newEntries: Record<CatalogueKind, string[]>;
	/** Rows refused only because their coordinates look swapped (the user may choose to fix them). */
	swapped: number;
	/** Rows refused only because they name an area, niche, network or project the map lacks. */
	unknownNames: number;
	/** Imported rows that a value mapping saved: without it they would have been refused. */
	mapped: number;
}

export function importContext(map: MapDocument): ImportContext {
	const agents = map.agents();
	const meta = map.readMeta();
	const points: (readonly [number, number])[] = [meta.center, ...agents.map((a) => a.position), ...PLACES.map((p) => [p.lon, p.lat] as const)];
	const pad = 3;
	return {
		agents,
		links: map.links(),
		areas: map.areas(),
		niches: map.niches(),
		networks: map.networks(),
		projects: map.projects(),
		region: {
			west: Math.min(...points.map((p) => p[0])) - pad,
			east: Math.max(...points.map((p) => p[0])) + pad,
			south: Math.min(...points.map((p) => p[1])) - pad,
			north: Math.max(...points.map((p) => p[1])) + pad
		}
	};
}

export async function planImport(
	table: ImportTable,
	mapping: ColumnMapping,
	context: ImportContext,
	options: ImportOptions = {},
	progress: PlanProgress = {}
): Promise<ImportPlan> {
	const catalogue = new CatalogueResolver(context, table.catalogue, options.createMissing ?? false);
	const rows = new RowPlanner({
		table,
		mapping,
		agents: context.agents,
		projects: context.projects,
		region: context.region,
		catalogue,
		placeByMunicipality: options.placeByMunicipality ?? true,
		fixSwapped: options.fixSwapped ?? false,
		values: options.values ?? {}
	});
	const chunk = progress.chunk ?? 500;
	for (let start = 0; start < table.rows.length; start += chunk) {
		const end = Math.min(start + chunk, table.rows.length);
		for (let i = start; i < end; i++) rows.plan(i);
		progress.onProgress?.(end, table.rows.length);
		await progress.pause?.();
	}

	const { links, existing: linksThere } = planLinks(table.links, rows.fileIds, context, rows.problems, options.values?.linkKind);
	const created = (kind: CatalogueKind) => catalogue.created.filter((entry) => entry.kind === kind);
	const onMap = new Set(context.agents.map((agent) => agent.id));
	const { agents, agentUpdates, projectMembers } = rows.batch;
	return {
		batch: {
			areas: created('areas')
				.sort((a, b) => (a.rank ?? 1e9) - (b.rank ?? 1e9))
				.map((e) => ({ id: e.id, name: e.name, color: e.color! })),
			niches: created('niches').map((e) => ({ id: e.id, name: e.name, areaId: e.parent!.id })),
			networks: created('networks').map((e) => ({ id: e.id, name: e.name, kind: e.networkKind!, color: e.color! })),
			projects: created('projects').map((e) => ({ id: e.id, name: e.name, nicheId: e.parent!.id, status: e.status })),
			agents,
			agentUpdates,
			projectMembers,
			links
		},
		rows: table.rows.length + table.links.length + table.rejected.length,
		created: agents.length,
		updated: new Set([...agentUpdates.map((u) => u.id), ...projectMembers.map((m) => m.agentId).filter((id) => onMap.has(id))]).size,
		unchanged: rows.unchanged,
		links: links.length,
		unchangedLinks: linksThere,
		problems: rows.problems.sort((a, b) => a.row - b.row),
		notes: rows.notes.sort((a, b) => a.row - b.row),
		newEntries: Object.fromEntries(CATALOGUE_KINDS.map((kind) => [kind, created(kind).map((e) => e.name)])) as Record<CatalogueKind, string[]>,
		swapped: rows.swapped,
		unknownNames: rows.unknownNames,
		mapped: rows.mapped
	};
}
