/**
 * A few words that name a filtered view in an export's file name ("bio-polo-academia-polygon").
 * It takes the filter value structurally (any object with these fields, such as the managers'
 * `AgentFilter`), so the conversion module does not depend on the filters module.
 */
import { slug } from './file-name.ts';

export interface FilterLike {
	areas?: readonly string[];
	niches?: readonly string[];
	sectors?: readonly string[];
	networks?: readonly string[];
	projects?: readonly string[];
	municipalities?: readonly string[];
	text?: string;
	region?: { kind: string } | null;
}

type Named = readonly { id: string; name: string }[];

export function filterLabel(
	filter: FilterLike | null | undefined,
	catalogue: { areas: Named; niches: Named; networks: Named; projects: Named }
): string {
	if (!filter) return '';
	const names = (ids: readonly string[] | undefined, list: Named) => (ids ?? []).map((id) => list.find((item) => item.id === id)?.name ?? id);
	const words = [
		...names(filter.areas, catalogue.areas),
		...names(filter.niches, catalogue.niches),
		...(filter.sectors ?? []),
		...names(filter.networks, catalogue.networks),
		...names(filter.projects, catalogue.projects),
		...(filter.municipalities ?? []),
		filter.text ?? '',
		filter.region?.kind ?? ''
	];
	return slug(words.filter(Boolean).join(' '), 40);
}
