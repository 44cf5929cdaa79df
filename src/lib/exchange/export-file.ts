/**
 * The export formats, by file extension, and the one conversion the browser's menu and the
 * server's routes share. The zip and network writers are loaded on first use, so the map page
 * does not carry fflate, graphology-gexf and its XML parser until someone asks for them.
 */
import { toCSV } from './csv.ts';
import type { ExportData } from './export-data.ts';
import type { ExportLabels } from './export-labels.ts';
import { geoJSONParts, toGeoJSON } from './geojson.ts';

export const EXPORT_FORMATS = ['zip', 'geojson', 'csv', 'gexf', 'graphml'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Content types; GEXF and GraphML have no registered one, these are what their tools use. */
export const EXPORT_TYPES: Record<ExportFormat, string> = {
	zip: 'application/zip',
	geojson: 'application/geo+json; charset=utf-8',
	csv: 'text/csv; charset=utf-8',
	gexf: 'application/gexf+xml; charset=utf-8',
	graphml: 'application/graphml+xml; charset=utf-8'
};

export interface ExportFileMeta {
	filter: string;
	exportedAt: Date;
	labels: ExportLabels;
}

/** The file's contents in parts, for `new Blob(parts)` or one HTTP body. */
export async function exportFile(format: ExportFormat, data: ExportData, meta: ExportFileMeta): Promise<(string | Uint8Array)[]> {
	switch (format) {
		case 'geojson':
			return geoJSONParts(toGeoJSON(data, meta));
		case 'csv':
			return [toCSV(data, { labels: meta.labels })];
		case 'zip': {
			const { toLayers, zipLayers } = await import('./layers.ts');
			return zipLayers(toLayers(data, meta.labels), meta.exportedAt);
		}
		case 'gexf':
		case 'graphml': {
			const { toGEXF, toGraph, toGraphML } = await import('./network-file.ts');
			const graph = toGraph(data, meta);
			return [format === 'gexf' ? toGEXF(graph) : toGraphML(graph)];
		}
	}
}
