/**
 * RFC 7946 GeoJSON of an export: a FeatureCollection whose agents are Points (WGS84
 * `[lon, lat]`, at most 7 decimals, the agent id as the feature's stable `id`) and whose links
 * are two-point LineStrings between them: one mixed layer, the file Tejido imports back (GIS
 * tools that want one geometry per layer get `layers.ts`'s two files). Memberships travel by
 * name; sectors and link kinds as stable codes with their label in the export's language
 * beside them, and each link names its two agents. The catalogue of the
 * areas, niches, networks and projects used rides in one foreign member (RFC 7946 §6.1), which
 * other tools ignore and our import reads, so a partner's map can be rebuilt from the file.
 */
import type { Feature, FeatureCollection, LineString, Point } from 'geojson';
import type { ExportAgent, ExportData } from './export-data.ts';
import { exportLabels, type ExportLabels } from './export-labels.ts';
import type { FileCatalogue } from './types.ts';

/** The foreign member that carries Tejido's own metadata. */
export const EXPORT_MEMBER = 'tejido';
export const EXPORT_FORMAT_VERSION = 1;

export interface ExportMember {
	version: number;
	map: string;
	filter: string;
	exportedAt: string;
	catalogue: FileCatalogue;
}

export type ExportCollection = FeatureCollection<Point | LineString> & { [EXPORT_MEMBER]: ExportMember };

/** Rounds to 7 decimals (about 1 cm), the precision RFC 7946 §11.2 recommends at most. */
export function round7(value: number): number {
	const rounded = Math.round(value * 1e7) / 1e7;
	return Object.is(rounded, -0) ? 0 : rounded;
}

export interface GeoJSONMeta {
	filter: string;
	exportedAt: Date;
	/** The words written beside the codes; English by default. */
	labels?: ExportLabels;
}

/** Each exported agent's rounded `[lon, lat]` and name, by id: what a link needs of its ends. */
export function agentEnds(agents: readonly ExportAgent[]): Map<string, { position: [number, number]; name: string }> {
	return new Map(agents.map((agent) => [agent.id, { position: [round7(agent.position[0]), round7(agent.position[1])], name: agent.name }]));
}

export function toGeoJSON(data: ExportData, meta: GeoJSONMeta): ExportCollection {
	const labels = meta.labels ?? exportLabels('en');
	const ends = agentEnds(data.agents);
	const agents = data.agents.map(
		(agent): Feature<Point> => ({
			type: 'Feature',
			id: agent.id,
			geometry: { type: 'Point', coordinates: ends.get(agent.id)!.position },
			properties: {
				entity: 'agent',
				name: agent.name,
				sector: agent.sector,
				sector_label: labels.sector(agent.sector),
				address: agent.address,
				municipality: agent.municipality,
				website: agent.website,
				...(data.includeContact ? { contact: agent.contact } : {}),
				description: agent.description,
				tags: agent.tags,
				areas: agent.areas,
				niches: agent.niches,
				networks: agent.networks,
				projects: agent.projects
			}
		})
	);
	const links = data.links.map(
		(link): Feature<LineString> => ({
			type: 'Feature',
			id: link.id,
			geometry: { type: 'LineString', coordinates: [ends.get(link.from)!.position, ends.get(link.to)!.position] },
			properties: {
				entity: 'link',
				kind: link.kind,
				kind_label: labels.linkKind(link.kind),
				weight: link.weight,
				from: link.from,
				from_name: ends.get(link.from)!.name,
				to: link.to,
				to_name: ends.get(link.to)!.name,
				note: link.note,
				since: link.since
			}
		})
	);
	return {
		type: 'FeatureCollection',
		[EXPORT_MEMBER]: {
			version: EXPORT_FORMAT_VERSION,
			map: data.mapName,
			filter: meta.filter,
			exportedAt: meta.exportedAt.toISOString(),
			catalogue: data.catalogue
		},
		features: [...agents, ...links]
	};
}

/** The file's text: one feature per line, so a diff of two exports stays readable. */
export function serializeGeoJSON(collection: FeatureCollection): string {
	return geoJSONParts(collection).join('');
}

/** Features per part of `geoJSONParts`. */
const FEATURES_PER_PART = 1000;

/**
 * The same text in parts, for `new Blob(parts)`: a browser turns parts into a file without
 * first joining 100 MB into one string (at 250,000 features the join and the Blob's
 * conversion of the joined string took about 1.3 s of the export).
 */
export function geoJSONParts(collection: FeatureCollection): string[] {
	const { features, ...head } = collection;
	const parts = [`${JSON.stringify(head).slice(0, -1)},"features":[\n`];
	for (let start = 0; start < features.length; start += FEATURES_PER_PART) {
		const lines = features.slice(start, start + FEATURES_PER_PART).map((feature) => JSON.stringify(feature));
		parts.push((start > 0 ? ',\n' : '') + lines.join(',\n'));
	}
	parts.push('\n]}\n');
	return parts;
}
