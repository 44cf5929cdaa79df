/**
 * The projects page's overview: one row per project with its niche's and area's names, the
 * filter (area, niche, status, text), the sort, and the counts per status of what is shown.
 * Pure functions over the model's typed views, so the page only renders.
 */
import { t } from '#lib/i18n/i18n.svelte.ts';
import { PROJECT_STATUSES, type Agent, type Area, type Niche, type Project, type ProjectStatus } from '#lib/model/index.ts';

export interface ProjectRow {
	project: Project;
	niche: Niche | null;
	area: Area | null;
	/** The agents for execution still on the map, in the project's order. */
	agents: Agent[];
}

export interface ProjectFilter {
	areaId: string;
	nicheId: string;
	statuses: ProjectStatus[];
	text: string;
}

export const NO_PROJECT_FILTER: ProjectFilter = { areaId: '', nicheId: '', statuses: [], text: '' };

export type ProjectSortKey = 'name' | 'area' | 'niche' | 'status' | 'agents';
export interface ProjectSort {
	key: ProjectSortKey;
	descending: boolean;
}

export function projectRows(
	projects: readonly Project[],
	niches: readonly Niche[],
	areas: readonly Area[],
	agents: ReadonlyMap<string, Agent>
): ProjectRow[] {
	const nicheById = new Map(niches.map((niche) => [niche.id, niche]));
	const areaById = new Map(areas.map((area) => [area.id, area]));
	return projects.map((project) => {
		const niche = nicheById.get(project.nicheId) ?? null;
		return {
			project,
			niche,
			area: niche ? (areaById.get(niche.areaId) ?? null) : null,
			agents: project.agentIds.map((id) => agents.get(id)).filter((agent) => agent !== undefined)
		};
	});
}

/** Lower case without accents, so "energia" finds "Energía". */
export function fold(text: string): string {
	return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** Rows that pass the filter's place (area, niche) and text, whatever their status. */
function inScope(row: ProjectRow, filter: ProjectFilter): boolean {
	if (filter.areaId && row.area?.id !== filter.areaId) return false;
	if (filter.nicheId && row.niche?.id !== filter.nicheId) return false;
	const words = fold(filter.text).split(/\s+/).filter(Boolean);
	if (words.length === 0) return true;
	const haystack = fold([row.project.name, row.niche?.name ?? '', row.area?.name ?? '', ...row.agents.map((a) => a.name)].join(' '));
	return words.every((word) => haystack.includes(word));
}

export function filterRows(rows: readonly ProjectRow[], filter: ProjectFilter): ProjectRow[] {
	return rows.filter((row) => inScope(row, filter) && (filter.statuses.length === 0 || filter.statuses.includes(row.project.status)));
}

/**
 * How many projects of each status the area, niche and text leave: the status choice is not
 * applied, so each count says what choosing that status would show.
 */
export function statusCounts(rows: readonly ProjectRow[], filter: ProjectFilter): Record<ProjectStatus, number> {
	const counts = Object.fromEntries(PROJECT_STATUSES.map((status) => [status, 0])) as Record<ProjectStatus, number>;
	for (const row of rows) if (inScope(row, filter)) counts[row.project.status]++;
	return counts;
}

const collator = new Intl.Collator('es', { sensitivity: 'base', numeric: true });

function compare(a: ProjectRow, b: ProjectRow, key: ProjectSortKey): number {
	switch (key) {
		case 'name':
			return collator.compare(a.project.name, b.project.name);
		case 'area':
			return (a.area?.order ?? Infinity) - (b.area?.order ?? Infinity) || collator.compare(a.area?.name ?? '', b.area?.name ?? '');
		case 'niche':
			return collator.compare(a.niche?.name ?? '', b.niche?.name ?? '');
		case 'status':
			return PROJECT_STATUSES.indexOf(a.project.status) - PROJECT_STATUSES.indexOf(b.project.status);
		case 'agents':
			return a.agents.length - b.agents.length;
	}
}

/** Sorted by `sort`, then by area, niche and name, so equal keys keep a readable order. */
export function sortRows(rows: readonly ProjectRow[], sort: ProjectSort): ProjectRow[] {
	const sign = sort.descending ? -1 : 1;
	return [...rows].sort(
		(a, b) =>
			sign * compare(a, b, sort.key) ||
			compare(a, b, 'area') ||
			compare(a, b, 'niche') ||
			compare(a, b, 'name') ||
			(a.project.id < b.project.id ? -1 : 1)
	);
}

/** "Sin agentes", "1 agente", "3 agentes". */
export function agentsText(row: ProjectRow): string {
	const count = row.agents.length;
	return count === 0 ? t('projects.agentsNone') : count === 1 ? t('projects.agentsOne') : t('projects.agentsMany', { count });
}
