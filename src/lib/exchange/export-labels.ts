/**
 * The words an export writes for people, in the UI's language: CSV headers, sector and link
 * kind labels written beside the stable codes. Taken from the i18n catalogues, so the browser
 * (the UI's language) and the server (`?lang=` or Accept-Language) write the same words.
 */
import type { LinkKind, Sector } from '../model/index.ts';
import { en } from '../i18n/en.ts';
import { es } from '../i18n/es.ts';
import type { CsvColumn } from './csv.ts';

export const EXPORT_LOCALES = ['es', 'en'] as const;
export type ExportLocale = (typeof EXPORT_LOCALES)[number];

export interface ExportLabels {
	locale: ExportLocale;
	/** The CSV header of each stable column key. */
	column: (key: CsvColumn) => string;
	sector: (code: Sector) => string;
	linkKind: (code: LinkKind) => string;
}

export function exportLabels(locale: ExportLocale): ExportLabels {
	const messages = locale === 'es' ? es : en;
	return {
		locale,
		column: (key) => messages[`exportFormats.column.${key}`],
		sector: (code) => messages[`sector.${code}`],
		linkKind: (code) => messages[`link.${code}`]
	};
}
