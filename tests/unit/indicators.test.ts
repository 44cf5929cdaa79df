/**
 * The indicator computations on a small fixture whose answers were worked out by hand:
 * instruments by kind, area, sector and semester (January–June is S1), targets, agents per
 * area and sector, links per month with the unknown-date ones apart, and the CSV.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { computeIndicators, indicatorInput, semesterOf, monthOf, type Count, type IndicatorInput } from '../../src/lib/indicators/compute.ts';
import { indicatorRows, indicatorsCSV } from '../../src/lib/indicators/csv.ts';
import { seedSmartSpecialisationTemplate } from '../../src/lib/demo/s3-template.ts';
import { MapDocument, type Agent, type Interaction, type InteractionKind, type Link, type Sector } from '../../src/lib/model/index.ts';

function agent(id: string, sector: Sector, areaIds: string[]): Agent {
	return {
		id,
		name: id,
		sector,
		position: [-74, 4.6],
		address: '',
		municipality: '',
		areaIds,
		nicheIds: [],
		networkIds: [],
		website: '',
		contact: `${id}@example.org`,
		description: '',
		tags: [],
		createdBy: '',
		createdAt: 0,
		updatedBy: '',
		updatedAt: 0
	};
}

function interaction(id: string, kind: InteractionKind, date: string, participantIds: string[], where: { areaId?: string; nicheId?: string } = {}): Interaction {
	return {
		id,
		kind,
		date,
		title: `t-${id}`,
		participantIds,
		areaId: where.areaId ?? '',
		nicheId: where.nicheId ?? '',
		outcome: 'confidential',
		documentUrl: '',
		createdBy: '',
		createdAt: 0,
		updatedBy: '',
		updatedAt: 0
	};
}

function link(id: string, createdAt?: number): Link {
	return { id, from: 'u', to: 'g', kind: 'partnership', weight: 1, note: 'private note', since: '', createdAt, createdBy: '' };
}

const INSTRUMENT_KINDS_ALL: InteractionKind[] = ['agreement', 'memorandum', 'letter-of-intent', 'network-membership'];

const fixture: IndicatorInput = {
	areas: [
		{ id: 'A2', name: 'TIC', color: '#000', order: 1 },
		{ id: 'A1', name: 'Bio', color: '#000', order: 0 }
	],
	niches: [{ id: 'N1', name: 'Salud', areaId: 'A1' }],
	agents: [agent('u', 'academia', ['A1']), agent('g', 'public', ['A1', 'A2']), agent('i', 'international', []), agent('p', 'private', ['A2'])],
	interactions: [
		interaction('1', 'agreement', '2025-03-10', ['u', 'i'], { areaId: 'A1' }),
		interaction('2', 'memorandum', '2025-06-30', ['g', 'i'], { nicheId: 'N1' }),
		interaction('3', 'letter-of-intent', '2025-07-01', ['p']),
		interaction('4', 'network-membership', '2026-02-01', ['g'], { areaId: 'A2' }),
		interaction('5', 'meeting', '2025-05-05', ['u', 'g']),
		interaction('6', 'agreement', '', ['ghost']),
		interaction('7', 'agreement', '2027-01-15', ['u'], { areaId: 'A2' })
	],
	links: [link('l1', Date.UTC(2025, 0, 31, 23)), link('l2', Date.UTC(2025, 2, 1)), link('l3'), link('l4', 0)],
	projects: [
		{ id: 'p1', name: 'P1', nicheId: 'N1', status: 'idea', agentIds: [], needs: '', resources: '' },
		{ id: 'p2', name: 'P2', nicheId: 'N1', status: 'running', agentIds: ['u'], needs: '', resources: '' }
	],
	targets: [
		{ id: 'T1', label: '50 instrumentos a 2027', kinds: INSTRUMENT_KINDS_ALL, goal: 50, from: '', until: '2027-12-31' },
		{ id: 'T2', label: 'Convenios 2025', kinds: ['agreement'], goal: 2, from: '2025-01-01', until: '2025-12-31' },
		{ id: 'T3', label: 'Un memorando el 30 de junio', kinds: ['memorandum'], goal: 1, from: '2025-06-30', until: '2025-06-30' }
	]
};

const asObject = (counts: Count[]) => Object.fromEntries(counts.map(({ key, count }) => [key, count]));

describe('semesters and months', () => {
	it('puts January–June in S1 and July–December in S2', () => {
		expect(semesterOf('2025-01-01')).toBe('2025-S1');
		expect(semesterOf('2025-06-30')).toBe('2025-S1');
		expect(semesterOf('2025-07-01')).toBe('2025-S2');
		expect(semesterOf('2025-12-31')).toBe('2025-S2');
		expect(semesterOf('')).toBe('');
	});

	it('reads months in UTC and treats 0 or nothing as unknown', () => {
		expect(monthOf(Date.UTC(2025, 0, 31, 23, 59))).toBe('2025-01');
		expect(monthOf(0)).toBe('');
		expect(monthOf(undefined)).toBe('');
		expect(monthOf(8.7e15)).toBe('');
	});
});

describe('indicators of the fixture', () => {
	const result = computeIndicators(fixture);

	it('counts every interaction by kind, and the instruments among them', () => {
		expect(result.interactions.total).toBe(7);
		expect(asObject(result.interactions.byKind)).toEqual({
			meeting: 1,
			visit: 0,
			event: 0,
			agreement: 3,
			memorandum: 1,
			'letter-of-intent': 1,
			'network-membership': 1,
			project: 0
		});
		expect(result.instruments.total).toBe(6);
		expect(asObject(result.instruments.byKind)).toEqual({ agreement: 3, memorandum: 1, 'letter-of-intent': 1, 'network-membership': 1 });
	});

	it('counts instruments by area (a niche gives its area), in the areas’ order, with "none" last', () => {
		expect(result.instruments.byArea).toEqual([
			{ key: 'A1', count: 2 },
			{ key: 'A2', count: 2 },
			{ key: '', count: 2 }
		]);
	});

	it('counts an instrument once per sector among its participants', () => {
		expect(asObject(result.instruments.bySector)).toEqual({
			public: 2,
			private: 1,
			academia: 2,
			research: 0,
			'civil-society': 0,
			international: 2,
			media: 0,
			other: 0,
			'': 1
		});
	});

	it('counts instruments by semester, filling gaps with zero, undated ones apart', () => {
		expect(result.instruments.bySemester).toEqual([
			{ key: '2025-S1', count: 2 },
			{ key: '2025-S2', count: 1 },
			{ key: '2026-S1', count: 1 },
			{ key: '2026-S2', count: 0 },
			{ key: '2027-S1', count: 1 }
		]);
		expect(result.instruments.undated).toBe(1);
	});

	it('measures each target over its kinds and dates, both ends included', () => {
		expect(result.targets.map(({ id, achieved, goal, percent }) => ({ id, achieved, goal, percent }))).toEqual([
			{ id: 'T1', achieved: 5, goal: 50, percent: 10 },
			{ id: 'T2', achieved: 1, goal: 2, percent: 50 },
			{ id: 'T3', achieved: 1, goal: 1, percent: 100 }
		]);
	});

	it('counts agents per area (an agent of two areas in both) and per sector', () => {
		expect(result.agents.total).toBe(4);
		expect(result.agents.byArea).toEqual([
			{ key: 'A1', count: 2 },
			{ key: 'A2', count: 2 },
			{ key: '', count: 1 }
		]);
		expect(asObject(result.agents.bySector)).toMatchObject({ public: 1, private: 1, academia: 1, international: 1, research: 0 });
	});

	it('counts new links per month and links without a date apart', () => {
		expect(result.links).toEqual({
			total: 4,
			byMonth: [
				{ key: '2025-01', count: 1 },
				{ key: '2025-02', count: 0 },
				{ key: '2025-03', count: 1 }
			],
			unknownDate: 2
		});
	});

	it('counts projects by status and names every area', () => {
		expect(asObject(result.projects.byStatus)).toEqual({ idea: 1, formulated: 0, funded: 0, running: 1, done: 0 });
		expect(result.areaNames).toEqual({ A1: 'Bio', A2: 'TIC' });
	});

	it('holds no agent name, contact, note, title or outcome', () => {
		const json = JSON.stringify(result);
		for (const secret of ['@example.org', 'private note', 'confidential', 't-1']) expect(json).not.toContain(secret);
	});

	it('exports one CSV row per bar, plus undated, unknown dates and targets', () => {
		const labels = {
			header: ['indicator', 'category', 'code', 'value', 'goal'] as [string, string, string, string, string],
			section: (s: string) => s,
			category: (_s: string, key: string) => (key ? `label ${key}` : 'none')
		};
		const rows = indicatorRows(result, labels);
		expect(rows[0]).toEqual(labels.header);
		expect(rows).toContainEqual(['instrumentsBySemester', 'label 2026-S2', '2026-S2', '0', '']);
		expect(rows).toContainEqual(['targets', '50 instrumentos a 2027', '2027-12-31', '5', '50']);
		expect(rows).toContainEqual(['unknownDate', '', '', '2', '']);
		const bars = 8 + 4 + 3 + 9 + 5 + 3 + 8 + 3 + 5;
		expect(rows).toHaveLength(1 + bars + 2 + 3);
		const csv = indicatorsCSV(result, labels);
		expect(csv.startsWith('\uFEFFindicator,category,code,value,goal\r\n')).toBe(true);
	});
});

describe('from a live document', () => {
	it('labels every area bar of a fresh template map by its name, not its id', () => {
		const map = new MapDocument(new Y.Doc(), 'ana');
		seedSmartSpecialisationTemplate(map);
		const result = computeIndicators(indicatorInput(map, []));
		const keys = [...result.agents.byArea, ...result.instruments.byArea].map((bar) => bar.key).filter(Boolean);
		expect(keys.length).toBeGreaterThanOrEqual(5);
		for (const key of keys) expect(result.areaNames[key], key).toMatch(/\p{L}{3}/u);
		expect(Object.values(result.areaNames)).toContain('Bio-Polo');
	});

	it('computes from what the model reads, and a new agreement raises the count', () => {
		const map = new MapDocument(new Y.Doc(), 'ana');
		const a = map.addAgent({ name: 'A', position: [-74, 4.6], sector: 'academia' });
		const b = map.addAgent({ name: 'B', position: [-74, 4.6], sector: 'international' });
		const target = { id: 't', label: 'Meta', kinds: ['agreement'] as InteractionKind[], goal: 4, from: '', until: '2027-12-31' };
		const read = () => indicatorInput(map, [target]);
		expect(computeIndicators(read()).instruments.total).toBe(0);
		map.register.addInteraction({ kind: 'agreement', date: '2026-08-01', title: 'Convenio', participantIds: [a, b] });
		map.addLink({ from: a, to: b });
		const after = computeIndicators(read());
		expect(after.instruments.total).toBe(1);
		expect(after.instruments.bySemester).toEqual([{ key: '2026-S2', count: 1 }]);
		expect(after.targets[0]).toMatchObject({ achieved: 1, percent: 25 });
		expect(after.links.unknownDate).toBe(0);
		expect(after.links.byMonth).toEqual([{ key: monthOf(Date.now()), count: 1 }]);
	});
});
