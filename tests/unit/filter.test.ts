/**
 * The filter value: the predicate, accent- and case-insensitive text, and the URL form that
 * a shared link carries (round trip, and garbage read without throwing).
 */
import { describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { SECTORS, type Agent, type Sector } from '../../src/lib/model/index.ts';
import {
	EMPTY_FILTER,
	FACETS,
	activeConstraints,
	agentFacts,
	countsToward,
	matchesFilter,
	normalizeFilter,
	prepareTextsWhenIdle,
	toggleChoice,
	type AgentFilter
} from '../../src/lib/filters/filter.ts';
import { fold, queryTokens } from '../../src/lib/filters/text.ts';
import { filterFromParams, filterToParams } from '../../src/lib/filters/url.ts';

function agent(overrides: Partial<Agent> = {}): Agent {
	return {
		id: 'a1',
		name: 'Universidad Nacional',
		sector: 'academia',
		position: [-74.08, 4.64],
		address: 'Carrera 45 # 26-85',
		municipality: 'Bogotá D.C.',
		areaIds: ['area-bio'],
		nicheIds: ['niche-salud'],
		networkIds: [],
		website: '',
		contact: '',
		description: 'Investigación en biotecnología',
		tags: ['ciencia'],
		createdBy: 'ana',
		createdAt: 0,
		updatedBy: 'ana',
		updatedAt: 0,
		...overrides
	};
}

const filter = (value: Partial<AgentFilter>): AgentFilter => normalizeFilter({ ...EMPTY_FILTER, ...value });

describe('accent folding', () => {
	it('folds accents, tildes and case away', () => {
		expect(fold('Bogotá D.C.')).toBe('bogota d.c.');
		expect(fold('ZIPAQUIRÁ')).toBe('zipaquira');
		expect(fold('Peña Ñuñoa')).toBe('pena nunoa');
		expect(queryTokens('  Chía   Cajicá ')).toEqual(['chia', 'cajica']);
	});

	it('"bogota" finds "Bogotá" and "BOGOTÁ" finds "bogota"', () => {
		expect(matchesFilter(filter({ text: 'bogota' }), agentFacts(agent()))).toBe(true);
		expect(matchesFilter(filter({ text: 'BOGOTÁ' }), agentFacts(agent({ municipality: 'bogota' })))).toBe(true);
		expect(matchesFilter(filter({ text: 'facatativá' }), agentFacts(agent({ municipality: 'Facatativa' })))).toBe(true);
	});

	it('requires every word of the query, in any field searched', () => {
		const facts = agentFacts(agent());
		expect(matchesFilter(filter({ text: 'nacional biotecnologia' }), facts)).toBe(true);
		expect(matchesFilter(filter({ text: 'nacional ciencia carrera' }), facts)).toBe(true);
		expect(matchesFilter(filter({ text: 'nacional soacha' }), facts)).toBe(false);
		expect(matchesFilter(filter({ text: '   ' }), facts)).toBe(true);
	});
});

describe('search text prepared when the page is idle', () => {
	it('folds every agent’s text over as many idle periods as it takes, each kept short', () => {
		const names: string[] = [];
		const many = Array.from({ length: 3000 }, (_, i) => {
			const facts = agentFacts(agent({ id: `a${i}`, name: `Agente Ñandú ${i}` }));
			// Counts the folds: each reads the agent's tags once.
			const tags = facts.agent.tags;
			Object.defineProperty(facts.agent, 'tags', { get: () => (names.push(facts.agent.id), tags) });
			return facts;
		});
		const periods: (() => void)[] = [];
		let budget = 0;
		const deadline = { didTimeout: false, timeRemaining: () => Math.max(0, budget--) };
		vi.stubGlobal('requestIdleCallback', (work: (d: typeof deadline) => void) => periods.push(() => work(deadline)));
		try {
			prepareTextsWhenIdle(many);
			expect(names).toHaveLength(0); // nothing before the page is idle
			for (let i = 0; i < 100 && periods.length > 0; i++) {
				budget = 2; // time for one slice per period
				periods.shift()!();
			}
			expect(new Set(names).size).toBe(3000);
			expect(names).toHaveLength(3000); // each folded once: later reads use the folded text
			expect(many[2999].text).toContain('agente nandu 2999');
			expect(names).toHaveLength(3000);
		} finally {
			vi.unstubAllGlobals();
		}
	});
});

describe('the filter predicate', () => {
	const unal = agentFacts(agent(), ['project-1']);
	const studio = agentFacts(
		agent({
			id: 'a2',
			name: 'Estudio Creativo',
			sector: 'private',
			municipality: 'Soacha',
			areaIds: ['area-creativa', 'area-bio'],
			networkIds: ['network-c40'],
			description: ''
		})
	);

	it('lets every agent through an empty filter', () => {
		expect(matchesFilter(EMPTY_FILTER, unal)).toBe(true);
		expect(matchesFilter(EMPTY_FILTER, studio)).toBe(true);
	});

	it('treats choices within a facet as alternatives and facets as all required', () => {
		const either = filter({ areas: ['area-creativa', 'area-sostenible'] });
		expect(matchesFilter(either, studio)).toBe(true);
		expect(matchesFilter(either, unal)).toBe(false);
		const both = filter({ areas: ['area-bio'], sectors: ['academia'] });
		expect(matchesFilter(both, unal)).toBe(true);
		expect(matchesFilter(both, studio)).toBe(false);
	});

	it('filters by niche, network, project and municipality', () => {
		expect(matchesFilter(filter({ niches: ['niche-salud'] }), unal)).toBe(true);
		expect(matchesFilter(filter({ networks: ['network-c40'] }), studio)).toBe(true);
		expect(matchesFilter(filter({ networks: ['network-c40'] }), unal)).toBe(false);
		expect(matchesFilter(filter({ projects: ['project-1'] }), unal)).toBe(true);
		expect(matchesFilter(filter({ projects: ['project-1'] }), studio)).toBe(false);
		expect(matchesFilter(filter({ municipalities: ['Soacha', 'Facatativá'] }), studio)).toBe(true);
		expect(matchesFilter(filter({ municipalities: ['Soacha'] }), unal)).toBe(false);
	});

	it('filters by the drawn region', () => {
		const around = filter({ region: { kind: 'circle', center: [-74.08, 4.64], radiusKm: 1 } });
		expect(matchesFilter(around, unal)).toBe(true);
		expect(matchesFilter(around, agentFacts(agent({ position: [-74.2, 4.58] })))).toBe(false);
	});

	it('says which facet an agent failing one constraint counts towards', () => {
		expect(countsToward(0)).toBe('all');
		expect(countsToward(1 << FACETS.indexOf('sectors'))).toBe('sectors');
		expect(countsToward((1 << 0) | (1 << 1))).toBeNull();
		expect(countsToward(1 << FACETS.length)).toBeNull(); // text: not a facet
	});

	it('toggles choices and counts the constraints that are set', () => {
		let f = toggleChoice(EMPTY_FILTER, 'areas', 'area-bio');
		f = toggleChoice(f, 'areas', 'area-creativa');
		expect(f.areas).toEqual(['area-bio', 'area-creativa']);
		f = toggleChoice(f, 'areas', 'area-bio');
		expect(f.areas).toEqual(['area-creativa']);
		expect(activeConstraints({ ...f, text: 'x', region: { kind: 'circle', center: [0, 0], radiusKm: 1 } })).toBe(3);
	});
});

// ── the URL ───────────────────────────────────────────────────────────────────────────────

const idArb = fc.stringMatching(/^[A-Za-z0-9_-]{1,20}$/);
const lonLat = fc.tuple(
	fc.double({ min: -180, max: 180, noNaN: true }).map((n) => Math.round(n * 1e6) / 1e6),
	fc.double({ min: -90, max: 90, noNaN: true }).map((n) => Math.round(n * 1e6) / 1e6)
);
const regionArb = fc.oneof(
	fc.constant(null),
	fc.record({
		kind: fc.constant('circle' as const),
		center: lonLat,
		radiusKm: fc.integer({ min: 1, max: 1_000_000 }).map((m) => m / 1000)
	}),
	fc.record({ kind: fc.constant('polygon' as const), ring: fc.array(lonLat, { minLength: 3, maxLength: 30 }) })
);
const filterArb = fc
	.record({
		areas: fc.array(idArb, { maxLength: 4 }),
		niches: fc.array(idArb, { maxLength: 4 }),
		sectors: fc.subarray([...SECTORS] as Sector[]),
		networks: fc.array(idArb, { maxLength: 4 }),
		projects: fc.array(idArb, { maxLength: 4 }),
		municipalities: fc.array(fc.string({ minLength: 1, maxLength: 30, unit: 'grapheme' }), { maxLength: 3 }),
		text: fc.string({ maxLength: 40, unit: 'grapheme' }),
		region: regionArb
	})
	.map((value) => normalizeFilter(value));

/** Through a real link: written into a URL's query, read back from a parsed URL. */
function throughLink(f: AgentFilter): AgentFilter {
	const url = new URL('http://localhost/maps/demo');
	url.search = filterToParams(f).toString();
	return filterFromParams(new URL(url.href).searchParams);
}

describe('the filter in the URL', () => {
	it('round-trips every clean filter through a link', () => {
		fc.assert(
			fc.property(filterArb, (f) => {
				const back = throughLink(f);
				// Text without words is not written: it means "no text".
				expect(back).toEqual(f.text.trim() ? f : { ...f, text: '' });
			}),
			{ numRuns: 300 }
		);
	});

	it('writes a readable link and keeps parameters that are not the filter’s', () => {
		const f = filter({
			areas: ['area-bio'],
			sectors: ['academia', 'public'],
			municipalities: ['Facatativá'],
			text: 'bogota',
			region: { kind: 'circle', center: [-74.08, 4.65], radiusKm: 5 }
		});
		const params = filterToParams(f, new URLSearchParams('token=abc&area=old'));
		expect(params.get('token')).toBe('abc');
		expect(params.getAll('area')).toEqual(['area-bio']);
		expect(params.getAll('sector')).toEqual(['academia', 'public']);
		expect(params.get('circle')).toBe('-74.08,4.65,5');
		expect(filterFromParams(params)).toEqual(f);
		expect(filterToParams(EMPTY_FILTER, params).toString()).toBe('token=abc');
	});

	it('reads garbage without throwing, keeping only what makes sense', () => {
		const read = (query: string) => filterFromParams(new URLSearchParams(query));
		expect(read('sector=bogus&sector=academia&area=<script>&area=ok-id')).toEqual(
			filter({ sectors: ['academia'], areas: ['ok-id'] })
		);
		expect(read('circle=1,2').region).toBeNull();
		expect(read('circle=-74,4.6,-5').region).toBeNull();
		expect(read('circle=-74,4.6,5000').region).toBeNull();
		expect(read('circle=-74,95,5').region).toBeNull();
		expect(read('circle=-74,4.6,Infinity').region).toBeNull();
		expect(read('polygon=-74,4.6,-74.1,4.6,-74.1,NaN').region).toBeNull();
		expect(read('polygon=-74,4.6,-74.1,4.6').region).toBeNull();
		expect(read('polygon=-74,4.6,-74,4.6,-74,4.6,-74.1,4.7').region).toBeNull(); // two distinct points
		expect(read('polygon=-74,4.6,-74.1,4.6,-74.1,4.7,-74,4.6').region).toEqual({
			kind: 'polygon',
			ring: [[-74, 4.6], [-74.1, 4.6], [-74.1, 4.7]]
		});
		expect(read(`q=${'x'.repeat(1000)}`).text).toHaveLength(200);
		expect(read('municipality=%20Soacha&municipality=').municipalities).toEqual([]);
	});

	it('never throws on arbitrary query strings and always yields a clean filter', () => {
		const key = fc.constantFrom('area', 'niche', 'sector', 'network', 'project', 'municipality', 'q', 'circle', 'polygon', 'x');
		fc.assert(
			fc.property(fc.array(fc.tuple(key, fc.string({ maxLength: 60 })), { maxLength: 12 }), (pairs) => {
				const f = filterFromParams(new URLSearchParams(pairs));
				expect(normalizeFilter(f)).toEqual(f);
			}),
			{ numRuns: 500 }
		);
	});
});
