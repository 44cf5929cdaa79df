import type { ExportFormat } from './export-file.ts';

/** Export file names that say which map, which filter and which day: `bogota-region_academia_2026-11-23.csv`. */

/** Lower-case ASCII words joined by hyphens: safe in any file system and in a header. */
export function slug(text: string, max = 60): string {
	return text
		.normalize('NFD')
		.replace(/\p{M}/gu, '')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-+|-+$/g, '')
		.slice(0, max)
		.replace(/-+$/, '');
}

export function exportFileName(parts: {
	mapName: string;
	/** A short description of the filter; empty for the whole map. */
	filter: string;
	/** What to call the whole map when there is no filter ("all", "todo"). */
	wholeMap: string;
	date: Date;
	extension: ExportFormat;
}): string {
	// The local day: an export made in Bogotá at 8 p.m. is not dated tomorrow (UTC).
	const d = parts.date;
	const day = `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
	const map = slug(parts.mapName) || 'tejido';
	const filter = slug(parts.filter, 40) || slug(parts.wholeMap) || 'all';
	return `${map}_${filter}_${day}.${parts.extension}`;
}
