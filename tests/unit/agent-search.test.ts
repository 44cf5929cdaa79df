/**
 * The agent picker's search (src/lib/ui/agent-search.ts): what it offers for what was typed,
 * in which order, and that choosing the best few in one pass gives what sorting every match
 * would.
 */
import { describe, expect, it } from 'vitest';
import { MapDocument, type Agent } from '../../src/lib/model/index.ts';
import { searchAgents } from '../../src/lib/ui/agent-search.ts';

function agentsNamed(names: readonly string[]): Agent[] {
	const map = new MapDocument();
	names.forEach((name, i) => map.addAgent({ name, position: [-74 - i / 1000, 4.6] }));
	return map.agents();
}

const nobody = () => false;
const names = (agents: readonly Agent[]) => agents.map((agent) => agent.name);

describe('agent search', () => {
	const agents = agentsNamed([
		'Universidad de los Andes',
		'Universidad Nacional de Colombia',
		'Alcaldía de Bogotá',
		'Invest in Bogotá',
		'Ñandú Diseño',
		'Nube Verde',
		'Corporación Andina'
	]);

	it('finds names holding every typed word, whatever the accents and case', () => {
		expect(names(searchAgents(agents, 'bogota', nobody).shown)).toEqual(['Alcaldía de Bogotá', 'Invest in Bogotá']);
		expect(names(searchAgents(agents, 'UNIV andes', nobody).shown)).toEqual(['Universidad de los Andes']);
		expect(names(searchAgents(agents, 'nandu', nobody).shown)).toEqual(['Ñandú Diseño']);
	});

	it('offers names that start with the first word first, then in Spanish alphabetical order', () => {
		// "Ñandú" holds "and" once folded; no name starts with it.
		expect(names(searchAgents(agents, 'and', nobody).shown)).toEqual(['Corporación Andina', 'Ñandú Diseño', 'Universidad de los Andes']);
		expect(names(searchAgents(agents, 'n', nobody).shown).slice(0, 2)).toEqual(['Nube Verde', 'Ñandú Diseño']);
		expect(names(searchAgents(agents, 'univ', nobody).shown)).toEqual(['Universidad de los Andes', 'Universidad Nacional de Colombia']);
	});

	it('never offers excluded agents, offers nothing for an empty query, and counts what it leaves out', () => {
		const andes = agents.find((agent) => agent.name === 'Universidad de los Andes')!;
		expect(names(searchAgents(agents, 'universidad', (id) => id === andes.id).shown)).toEqual(['Universidad Nacional de Colombia']);
		expect(searchAgents(agents, '   ', nobody)).toEqual({ shown: [], more: 0 });
		const some = searchAgents(agents, 'a', nobody, 3);
		expect(some.shown).toHaveLength(3);
		expect(some.more).toBe(agents.filter((agent) => agent.name.toLowerCase().normalize('NFD').includes('a')).length - 3);
	});

	it('shows the same best few as sorting every match would', () => {
		const syllables = ['ba', 'be', 'ca', 'co', 'da', 'fé', 'ga', 'la', 'ma', 'ña', 'pa', 'ro', 'sa', 'ta'];
		let seed = 7;
		const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % syllables.length;
		const many = agentsNamed(
			Array.from({ length: 600 }, () => `${syllables[next()]}${syllables[next()]} ${syllables[next()]}${syllables[next()]}`)
		);
		const collator = new Intl.Collator('es');
		const fold = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
		for (const query of ['a', 'ba', 'ca ta', 'ñ', 'fe']) {
			const tokens = fold(query).split(/\s+/);
			const reference = many
				.filter((agent) => tokens.every((token) => fold(agent.name).includes(token)))
				.map((agent) => ({ agent, starts: fold(agent.name).startsWith(tokens[0]), name: fold(agent.name) }))
				.sort((a, b) => Number(b.starts) - Number(a.starts) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
			const expected = reference
				.slice(0, 8)
				.sort((a, b) => Number(b.starts) - Number(a.starts) || collator.compare(a.agent.name, b.agent.name) || (a.agent.id < b.agent.id ? -1 : 1))
				.map((entry) => entry.agent.id);
			const found = searchAgents(many, query, nobody);
			// Ties in the folded name (duplicates) may pick either agent: compare names then.
			expect(names(found.shown)).toEqual(expected.map((id) => many.find((agent) => agent.id === id)!.name));
			expect(found.more).toBe(Math.max(0, reference.length - 8));
		}
	});
});
