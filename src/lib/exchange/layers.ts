/**
 * The export for GIS tools that want one geometry type per layer (QGIS, ArcGIS): agents as a
 * Point layer and links as a LineString layer, two RFC 7946 files zipped together. Fields are
 * plain values (lists joined by "; ", since ArcGIS reads no list fields); ids are fields too,
 * and each link names its two agents and its kind in the export's language beside the codes.
 * The `name` member gives GDAL (so QGIS) its layer name.
 */
import type { Feature, FeatureCollection, LineString, Point } from 'geojson';
import type { ExportData } from './export-data.ts';
import type { ExportLabels } from './export-labels.ts';
import { agentEnds, geoJSONParts } from './geojson.ts';
import { zipText } from './zip.ts';

export const LAYER_FILES = { agents: 'agents.geojson', links: 'links.geojson' } as const;

export interface ExportLayers {
	agents: FeatureCollection<Point> & { name: 'agents' };
	links: FeatureCollection<LineString> & { name: 'links' };
}

const list = (values: readonly string[]) => values.join('; ');

export function toLayers(data: ExportData, labels: ExportLabels): ExportLayers {
	const ends = agentEnds(data.agents);
	const agents = data.agents.map(
		(agent): Feature<Point> => ({
			type: 'Feature',
			geometry: { type: 'Point', coordinates: ends.get(agent.id)!.position },
			properties: {
				id: agent.id,
				name: agent.name,
				sector: agent.sector,
				sector_label: labels.sector(agent.sector),
				municipality: agent.municipality,
				address: agent.address,
				areas: list(agent.areas),
				niches: list(agent.niches),
				networks: list(agent.networks),
				projects: list(agent.projects),
				tags: list(agent.tags),
				website: agent.website,
				...(data.includeContact ? { contact: agent.contact } : {}),
				description: agent.description
			}
		})
	);
	const links = data.links.map((link): Feature<LineString> => {
		const from = ends.get(link.from)!;
		const to = ends.get(link.to)!;
		return {
			type: 'Feature',
			geometry: { type: 'LineString', coordinates: [from.position, to.position] },
			properties: {
				id: link.id,
				kind: link.kind,
				kind_label: labels.linkKind(link.kind),
				weight: link.weight,
				from_id: link.from,
				from_name: from.name,
				to_id: link.to,
				to_name: to.name,
				note: link.note,
				since: link.since
			}
		};
	});
	return {
		agents: { type: 'FeatureCollection', name: 'agents', features: agents },
		links: { type: 'FeatureCollection', name: 'links', features: links }
	};
}

/** The zip partners download: `agents.geojson` and `links.geojson`. */
export function zipLayers(layers: ExportLayers, modified: Date): Uint8Array[] {
	return zipText(
		[
			{ name: LAYER_FILES.agents, parts: geoJSONParts(layers.agents) },
			{ name: LAYER_FILES.links, parts: geoJSONParts(layers.links) }
		],
		modified
	);
}
