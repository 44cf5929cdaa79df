/**
 * Value matching: for a value as spreadsheets spell it, the map's value proposed and how sure
 * the proposal is. A table of realistic variants against the demo's catalogue (areas, niches,
 * networks), the sector list, the link kinds and the region's municipalities; and the property
 * that every name of every catalogue proposes itself.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEMO_AREAS, DEMO_NETWORKS } from '../../src/lib/demo/demo-catalogue.ts';
import { PLACES } from '../../src/lib/geo/places.ts';
import { candidatesFor, prepareCandidates, proposeMatch, type Confidence, type MatchCatalogue, type MatchField } from '../../src/lib/exchange/index.ts';
import { matchLabels } from '../../src/lib/ui/import-labels.ts';

const catalogue: MatchCatalogue = {
	areas: DEMO_AREAS.map((a) => ({ id: `area-${a.key}`, name: a.name })),
	niches: DEMO_AREAS.flatMap((a) => a.niches.map((n) => ({ id: `niche-${n.key}`, name: n.name }))),
	networks: DEMO_NETWORKS.map((n) => ({ id: `network-${n.key}`, name: n.name })),
	projects: []
};
const labels = matchLabels();
const prepared = Object.fromEntries(
	(['areas', 'niches', 'networks', 'sector', 'linkKind', 'municipality'] as MatchField[]).map((field) => [field, prepareCandidates(candidatesFor(field, catalogue, labels).candidates)])
) as Record<MatchField, ReturnType<typeof prepareCandidates>>;

/** [field, value in the file, expected proposal id (null: none), expected confidence]. */
const VARIANTS: [MatchField, string, string | null, Confidence][] = [
	// Case, accents, hyphens, punctuation, spacing: the same value.
	['areas', 'Bio Polo', 'area-bio', 'normalised'],
	['areas', 'BIOPOLO', 'area-bio', 'normalised'],
	['areas', 'biopolo', 'area-bio', 'normalised'],
	['areas', 'Bío-Polo', 'area-bio', 'normalised'],
	['areas', ' bio - polo. ', 'area-bio', 'normalised'],
	['areas', 'Bogota Region Creativa', 'area-creativa', 'normalised'],
	['areas', 'BOGOTÁ REGIÓN CREATIVA', 'area-creativa', 'normalised'],
	['areas', 'servicios-empresariales', 'area-servicios', 'normalised'],
	['areas', 'Ciudad Region Sostenible', 'area-sostenible', 'normalised'],
	['areas', 'CiudadRegión Sostenible', 'area-sostenible', 'normalised'],
	// Shortened, extended, reordered, abbreviated: high.
	['areas', 'Región Creativa', 'area-creativa', 'high'],
	['areas', 'Bogotá Creativa', 'area-creativa', 'high'],
	['areas', 'Hub de conocimiento', 'area-conocimiento', 'high'],
	['areas', 'Hub Conocimiento Avanzado', 'area-conocimiento', 'high'],
	['areas', 'Conocimiento Avanzado', 'area-conocimiento', 'high'],
	['areas', 'Ciudad Sostenible', 'area-sostenible', 'high'],
	['areas', 'Polo Bio', 'area-bio', 'high'],
	['areas', 'Área Bio-Polo', 'area-bio', 'high'],
	['areas', 'Serv. Empresariales', 'area-servicios', 'high'],
	// A small typo: high.
	['areas', 'Servicios Empresarials', 'area-servicios', 'high'],
	['areas', 'Servicos Empresariales', 'area-servicios', 'high'],
	['areas', 'Ciudad Región Sostenble', 'area-sostenible', 'high'],
	['areas', 'Bio-Pollo', 'area-bio', 'high'],
	['areas', 'Hub de Conocimeinto Avanzado', 'area-conocimiento', 'high'],
	// One word of a longer name, or words shared only in part: doubtful.
	['areas', 'Creativa', 'area-creativa', 'doubtful'],
	['areas', 'Sostenible', 'area-sostenible', 'doubtful'],
	['areas', 'Servicios', 'area-servicios', 'doubtful'],
	['areas', 'Bio', 'area-bio', 'doubtful'],
	['areas', 'Conocimiento', 'area-conocimiento', 'doubtful'],
	['areas', 'Bio-Polo Cundinamarca Sabana', 'area-bio', 'doubtful'],
	// Nothing like the map's values: no proposal.
	['areas', 'Astrofísica', null, 'none'],
	['areas', 'Turismo cultural', null, 'none'],
	['areas', 'Sostenibilidad', null, 'none'],
	// Niches and networks.
	['niches', 'Cosmeticos e ingredientes naturales', 'niche-cosmeticos', 'normalised'],
	['niches', 'Cosméticos', 'niche-cosmeticos', 'doubtful'],
	['niches', 'Logística y comercio exterior ', 'niche-logistica', 'normalised'],
	['niches', 'Logistica y Comercio Exterior', 'niche-logistica', 'normalised'],
	['niches', 'Logística y comercio', 'niche-logistica', 'high'],
	['niches', 'Software y contenido digital', 'niche-digital', 'high'],
	['niches', 'TIC datos y analitica', 'niche-tic', 'normalised'],
	['niches', 'Energia y movilidad limpia', 'niche-energia', 'high'],
	['networks', 'UCCI', 'network-ucci', 'high'],
	['networks', 'CGLU', 'network-cglu', 'high'],
	['networks', 'UCLG', 'network-cglu', 'high'],
	['networks', 'metropolis', 'network-metropolis', 'normalised'],
	['networks', 'Innovact', 'network-innovact', 'normalised'],
	['networks', 'INOVAL', 'network-innoval', 'high'],
	['networks', 'Red de clusteres regionales', 'network-cluster', 'high'],
	['networks', 'Red de clusteres', 'network-cluster', 'doubtful'],
	['networks', 'ICLEI', 'network-iclei', 'high'],
	// Sectors in Spanish and English.
	['sector', 'Academia', 'academia', 'normalised'],
	['sector', 'academia', 'academia', 'normalised'],
	['sector', 'Universidad', 'academia', 'normalised'],
	['sector', 'Universidades', 'academia', 'normalised'],
	['sector', 'University', 'academia', 'normalised'],
	['sector', 'Privado', 'private', 'normalised'],
	['sector', 'privado', 'private', 'normalised'],
	['sector', 'Empresa', 'private', 'normalised'],
	['sector', 'Empresa privada', 'private', 'normalised'],
	['sector', 'Business', 'private', 'normalised'],
	['sector', 'Publico', 'public', 'normalised'],
	['sector', 'Gobierno', 'public', 'normalised'],
	['sector', 'Government', 'public', 'normalised'],
	['sector', 'Alcaldía', 'public', 'normalised'],
	['sector', 'ONG', 'civil-society', 'normalised'],
	['sector', 'NGO', 'civil-society', 'normalised'],
	['sector', 'Fundación', 'civil-society', 'normalised'],
	['sector', 'Sociedad Civil', 'civil-society', 'normalised'],
	['sector', 'Cooperación internacional', 'international', 'normalised'],
	['sector', 'Organismo Internacional', 'international', 'normalised'],
	['sector', 'Centro de investigación', 'research', 'normalised'],
	['sector', 'Investigacion', 'research', 'normalised'],
	['sector', 'Medios de comunicación', 'media', 'normalised'],
	['sector', 'Empresas privadas', 'private', 'high'],
	['sector', 'Gobernacion de Cundinamarca', 'public', 'high'],
	['sector', 'Universidad pública', 'academia', 'doubtful'],
	['sector', 'Astronautas', null, 'none'],
	// Link kinds.
	['linkKind', 'Alianza', 'partnership', 'normalised'],
	['linkKind', 'convenio', 'agreement', 'normalised'],
	['linkKind', 'Financiamiento', 'funding', 'normalised'],
	['linkKind', 'Knowledge transfer', 'knowledge-transfer', 'normalised'],
	['linkKind', 'Transferencia de conocimiento', 'knowledge-transfer', 'normalised'],
	['linkKind', 'Colaboración', 'partnership', 'normalised'],
	['linkKind', 'Proveedor', 'supply', 'normalised'],
	// Municipalities.
	['municipality', 'Zipaquira', 'Zipaquirá', 'normalised'],
	['municipality', 'FUSAGASUGA', 'Fusagasugá', 'normalised'],
	['municipality', 'Mosqera', 'Mosquera', 'high'],
	['municipality', 'Facatativa', 'Facatativá', 'normalised'],
	['municipality', 'Chía, Cundinamarca', 'Chía', 'high'],
	['municipality', 'Ciudad Bolivar', 'Ciudad Bolívar', 'normalised'],
	['municipality', 'Medellín', null, 'none']
];

describe('a proposal for each realistic variant', () => {
	it.each(VARIANTS)('%s “%s” → %s (%s)', (field, value, id, confidence) => {
		const proposal = proposeMatch(value, prepared[field]);
		expect({ id: proposal.candidate?.id ?? null, confidence: proposal.confidence }).toEqual({ id, confidence });
		if (confidence === 'normalised') expect(proposal.score).toBe(1);
		if (confidence === 'high') expect(proposal.score).toBeGreaterThanOrEqual(0.85);
		if (confidence === 'doubtful') expect(proposal.score).toBeLessThan(1);
	});

	it('calls a value that fits two of the map\'s values equally doubtful ("Servicios" begins two niches)', () => {
		expect(proposeMatch('Servicios', prepared.niches).confidence).toBe('doubtful');
	});

	it('has many variants of every kind of column', () => {
		expect(VARIANTS.length).toBeGreaterThanOrEqual(40);
	});
});

describe('an exact name always proposes itself', () => {
	const everyName: [MatchField, readonly { id: string; name: string }[]][] = [
		['areas', catalogue.areas],
		['niches', catalogue.niches],
		['networks', catalogue.networks],
		['municipality', PLACES.map((p) => ({ id: p.name, name: p.name }))]
	];
	it.each(everyName)('every %s name, as written and in other case and accents', (field, items) => {
		for (const item of items) {
			for (const written of [item.name, item.name.toUpperCase(), item.name.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()]) {
				const proposal = proposeMatch(written, prepared[field]);
				expect([written, proposal.candidate?.id, proposal.confidence]).toEqual([written, item.id, 'normalised']);
			}
		}
	});

	it('holds for any catalogue of distinct names (property)', () => {
		const name = fc.stringMatching(/^[A-Za-zÁÉÍÓÚáéíóúÑñ][A-Za-zÁÉÍÓÚáéíóúÑñ0-9 .,-]{0,30}$/);
		fc.assert(
			fc.property(fc.uniqueArray(name, { minLength: 1, maxLength: 12, selector: (n) => n.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^a-z0-9]/g, '') }), fc.nat(), (names, pick) => {
				const candidates = prepareCandidates(names.map((n, i) => ({ id: `c${i}`, name: n })));
				fc.pre(candidates.length === names.length);
				const i = pick % names.length;
				const proposal = proposeMatch(names[i], candidates);
				expect(proposal.candidate?.id).toBe(`c${i}`);
				expect(proposal.confidence).toBe('normalised');
			})
		);
	});
});
