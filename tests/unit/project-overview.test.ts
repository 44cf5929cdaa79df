/**
 * The projects page's overview rows: the filter narrows by area, niche, status and text
 * (accents ignored); the counts per status follow the place and text but not the status
 * choice; sorting orders by the chosen column, then area, niche and name; agents no longer on
 * the map are left out of a row.
 */
import { describe, expect, it } from 'vitest';
import type { Agent, Area, Niche, Project } from '../../src/lib/model/index.ts';
import { NO_PROJECT_FILTER, filterRows, projectRows, sortRows, statusCounts } from '../../src/lib/ui/project-overview.ts';

const areas: Area[] = [
	{ id: 'a2', name: 'Energía', color: '#000', order: 1 },
	{ id: 'a1', name: 'Salud', color: '#111', order: 0 }
];
const niches: Niche[] = [
	{ id: 'n1', name: 'Vacunas', areaId: 'a1' },
	{ id: 'n2', name: 'Solar', areaId: 'a2' },
	{ id: 'n3', name: 'Eólica', areaId: 'a2' }
];
const agents = new Map<string, Agent>([['g1', { id: 'g1', name: 'Universidad Nacional' } as Agent]]);
const project = (id: string, name: string, nicheId: string, status: Project['status'], agentIds: string[] = []): Project => ({
	id,
	name,
	nicheId,
	status,
	agentIds,
	needs: '',
	resources: ''
});
const rows = projectRows(
	[
		project('p1', 'Planta piloto', 'n1', 'idea', ['g1', 'gone']),
		project('p2', 'Techos solares', 'n2', 'running'),
		project('p3', 'Parque eólico', 'n3', 'running'),
		project('p4', 'Banco de energía', 'n2', 'done')
	],
	niches,
	areas,
	agents
);
const ids = (list: { project: Project }[]) => list.map((row) => row.project.id);

describe('project overview', () => {
	it('names each row’s niche and area and keeps only agents still on the map', () => {
		expect(rows[0].niche?.name).toBe('Vacunas');
		expect(rows[0].area?.name).toBe('Salud');
		expect(rows[0].agents.map((agent) => agent.id)).toEqual(['g1']);
	});

	it('filters by area, niche, status and accent-free text', () => {
		expect(ids(filterRows(rows, { ...NO_PROJECT_FILTER, areaId: 'a2' }))).toEqual(['p2', 'p3', 'p4']);
		expect(ids(filterRows(rows, { ...NO_PROJECT_FILTER, nicheId: 'n2' }))).toEqual(['p2', 'p4']);
		expect(ids(filterRows(rows, { ...NO_PROJECT_FILTER, statuses: ['running'] }))).toEqual(['p2', 'p3']);
		expect(ids(filterRows(rows, { ...NO_PROJECT_FILTER, text: 'EOLICO' }))).toEqual(['p3']);
		expect(ids(filterRows(rows, { ...NO_PROJECT_FILTER, text: 'nacional planta' }))).toEqual(['p1']);
	});

	it('counts per status within the place and text, whatever statuses are chosen', () => {
		const filter = { ...NO_PROJECT_FILTER, areaId: 'a2', statuses: ['done' as const] };
		expect(statusCounts(rows, filter)).toEqual({ idea: 0, formulated: 0, funded: 0, running: 2, done: 1 });
	});

	it('sorts by a column, ties by area order, niche and name', () => {
		expect(ids(sortRows(rows, { key: 'area', descending: false }))).toEqual(['p1', 'p3', 'p4', 'p2']);
		expect(ids(sortRows(rows, { key: 'status', descending: true }))).toEqual(['p4', 'p3', 'p2', 'p1']);
		expect(ids(sortRows(rows, { key: 'name', descending: false }))).toEqual(['p4', 'p3', 'p1', 'p2']);
		expect(ids(sortRows(rows, { key: 'agents', descending: true }))[0]).toBe('p1');
	});
});
