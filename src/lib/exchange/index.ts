/**
 * Exchange with partners: export of a view (GIS layers, GeoJSON, CSV, GEXF, GraphML), import
 * of existing lists. One module for the browser and the server (no Svelte, no DOM).
 */
export { collectExport, type ExportAgent, type ExportData, type ExportOptions } from './export-data.ts';
export { EXPORT_MEMBER, geoJSONParts, round7, serializeGeoJSON, toGeoJSON, type ExportCollection } from './geojson.ts';
export { CSV_COLUMNS, csvCell, formatCoordinate, tableCSV, toCSV, type CsvColumn } from './csv.ts';
export { EXPORT_LOCALES, exportLabels, type ExportLabels, type ExportLocale } from './export-labels.ts';
export { EXPORT_FORMATS, EXPORT_TYPES, exportFile, type ExportFormat, type ExportFileMeta } from './export-file.ts';
export { exportFileName, slug } from './file-name.ts';
export { filterLabel, type FilterLike } from './filter-label.ts';
export { IMPORT_FIELDS, guessMapping, type ColumnMapping, type ImportField } from './columns.ts';
export { MAX_IMPORT_BYTES } from './decode.ts';
export { MAX_IMPORT_ROWS, readImportFile } from './read-file.ts';
export { importContext, planImport, type ImportContext, type ImportOptions, type ImportPlan, type PlanProgress } from './plan.ts';
export { applyImport } from './apply.ts';
export * from './types.ts';
export { HIGH, DOUBTFUL, prepareCandidates, proposeMatch, type Candidate, type Confidence, type Proposal } from './value-match.ts';
export { MATCH_FIELDS, candidatesFor, collectValues, type MatchCatalogue, type MatchField, type MatchLabels, type ValueRow } from './value-rows.ts';
export {
	choiceOf,
	defaultChoice,
	initialChoices,
	memoryKey,
	recallChoices,
	rememberChoices,
	withChoice,
	type RememberedChoices,
	type ValueChoice,
	type ValueChoices
} from './value-choices.ts';
