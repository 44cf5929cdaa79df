/**
 * Proposing, for a value as a spreadsheet spells it ("Serv. Empresariales", "biopolo",
 * "Ciudad Región Sostenble"), the map's value it most likely means, with a confidence.
 * First the forms that only differ in case, accents, hyphens, punctuation or spacing; then
 * closeness: a shortened or extended name (the words of one inside the other), words in
 * another order, an abbreviated word, a small typo (edit distance by fastest-levenshtein).
 */
import { distance } from 'fastest-levenshtein';
import { normalizeKey } from './values.ts';

/** `normalised`: the same once case, accents, hyphens, punctuation and spacing are set aside. */
export type Confidence = 'normalised' | 'high' | 'doubtful' | 'none';

export interface Candidate {
	id: string;
	name: string;
	/** Other names that mean exactly this value (a sector's words in Spanish and English). */
	aliases?: readonly string[];
}

export interface Proposal {
	candidate: Candidate | null;
	/** 1 for a normalised match, down to 0; shown to people as a percentage. */
	score: number;
	confidence: Confidence;
}

export const HIGH = 0.85;
export const DOUBTFUL = 0.55;
/** A runner-up this close to the best makes the best one a guess. */
const AMBIGUOUS_MARGIN = 0.05;

// Words that do not tell one value from another: articles and links in both languages, and
// the words people put before a name ("Área Bio-Polo", "Chía, Cundinamarca").
const STOP = new Set([
	'de', 'del', 'la', 'las', 'el', 'los', 'y', 'e', 'en', 'a', 'al', 'para', 'por', 'con',
	'the', 'of', 'and', 'for', 'in',
	'area', 'areas', 'nicho', 'red', 'proyecto', 'sector', 'niche', 'network', 'project',
	'municipio', 'cundinamarca', 'cund', 'colombia'
]);

interface Form {
	key: string;
	compact: string;
	words: string[];
}

function form(text: string): Form {
	const key = normalizeKey(text);
	const all = key.split(' ').filter(Boolean);
	const content = all.filter((word) => !STOP.has(word));
	return { key, compact: all.join(''), words: content.length > 0 ? content : all };
}

/** The parts of a name written as "UCCI — Unión de Ciudades…", "CGLU / UCLG", "Plataforma S3 (…)". */
function segments(name: string): string[] {
	const parts = name.split(/\s[—–-]\s|\s\/\s|[()]/).map((part) => part.trim()).filter(Boolean);
	return parts.length > 1 ? parts : [];
}

/** How well two words match: 1 the same, less for an abbreviation or a typo, 0 not at all. */
function wordQuality(a: string, b: string): number {
	if (a === b) return 1;
	const [short, long] = a.length <= b.length ? [a, b] : [b, a];
	if (short.length >= 3 && long.startsWith(short) && !/\d/.test(short)) return 0.85;
	const budget = long.length >= 8 ? 2 : long.length >= 4 ? 1 : 0;
	const d = budget > 0 ? distance(a, b) : Infinity;
	return d <= budget ? 1 - 0.1 * d : 0;
}

/** Likeness of the words: one name's words all found in the other's, or some shared. */
function wordScore(a: Form, b: Form): number {
	const [small, large] = a.words.length <= b.words.length ? [a.words, b.words] : [b.words, a.words];
	const used = new Set<number>();
	let quality = 0;
	let matched = 0;
	for (const word of small) {
		let best = 0;
		let at = -1;
		large.forEach((other, i) => {
			if (used.has(i)) return;
			const q = wordQuality(word, other);
			if (q > best) [best, at] = [q, i];
		});
		if (at < 0) continue;
		used.add(at);
		quality += best;
		matched++;
	}
	if (matched === 0) return 0;
	const length = (words: string[]) => words.reduce((sum, word) => sum + word.length, 0);
	const covered = length(large.filter((_, i) => used.has(i))) / length(large);
	if (matched < small.length) {
		// Some words shared, some not: never more than doubtful.
		const share = (2 * length(large.filter((_, i) => used.has(i)))) / (length(small) + length(large));
		return 0.8 * share * (quality / matched);
	}
	const mean = quality / matched;
	// Same words (in any order, give or take a stop word): nearly sure. A shortened or
	// extended name: surer the more of the longer name it covers.
	return covered === 1 ? 0.97 * mean : (0.6 + 0.4 * covered) * mean;
}

function likeness(value: Form, name: Form): number {
	if (value.key === name.key || value.compact === name.compact) return 1;
	const typo = 1 - distance(value.compact, name.compact) / Math.max(value.compact.length, name.compact.length);
	return Math.min(0.97, Math.max(typo, wordScore(value, name)));
}

export interface PreparedCandidate {
	candidate: Candidate;
	name: Form;
	aliases: Form[];
	segments: Form[];
}

/** Normalises the candidates once, for matching many values against them. */
export function prepareCandidates(candidates: readonly Candidate[]): PreparedCandidate[] {
	return candidates
		.filter((candidate) => normalizeKey(candidate.name))
		.map((candidate) => ({
			candidate,
			name: form(candidate.name),
			aliases: (candidate.aliases ?? []).map(form),
			segments: segments(candidate.name).map(form)
		}));
}

function scoreAgainst(value: Form, prepared: PreparedCandidate): number {
	let score = likeness(value, prepared.name);
	for (const alias of prepared.aliases) score = Math.max(score, likeness(value, alias));
	// "UCCI" for "UCCI — Unión de Ciudades Capitales Iberoamericanas": high, not certain.
	for (const part of prepared.segments) score = Math.max(score, Math.min(0.95, likeness(value, part)));
	return score;
}

/** The best candidate for `value`, and how sure that proposal is. */
export function proposeMatch(value: string, candidates: readonly PreparedCandidate[]): Proposal {
	const target = form(value);
	if (!target.key) return { candidate: null, score: 0, confidence: 'none' };
	let best: { candidate: Candidate; score: number } | null = null;
	let second = 0;
	for (const prepared of candidates) {
		const score = scoreAgainst(target, prepared);
		if (!best || score > best.score) {
			second = best?.score ?? 0;
			best = { candidate: prepared.candidate, score };
		} else if (score > second) second = score;
	}
	if (!best || best.score < DOUBTFUL) return { candidate: null, score: best?.score ?? 0, confidence: 'none' };
	const score = Math.round(best.score * 100) / 100;
	if (best.score === 1) return { candidate: best.candidate, score, confidence: second === 1 ? 'doubtful' : 'normalised' };
	const clear = best.score >= HIGH && best.score - second >= AMBIGUOUS_MARGIN;
	return { candidate: best.candidate, score, confidence: clear ? 'high' : 'doubtful' };
}
