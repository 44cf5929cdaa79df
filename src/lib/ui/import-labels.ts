/** The names of sectors and link kinds in every language of the UI, for matching a file's values. */
import type { MatchLabels } from '#lib/exchange/index.ts';
import { en } from '#lib/i18n/en.ts';
import { es } from '#lib/i18n/es.ts';
import { LINK_KINDS, SECTORS, type LinkKind, type Sector } from '#lib/model/index.ts';

export function matchLabels(): MatchLabels {
	const catalogues = [es, en];
	return {
		sector: Object.fromEntries(SECTORS.map((id) => [id, catalogues.map((m) => m[`sector.${id}`])])) as Record<Sector, string[]>,
		linkKind: Object.fromEntries(LINK_KINDS.map((id) => [id, catalogues.map((m) => m[`link.${id}`])])) as Record<LinkKind, string[]>
	};
}
