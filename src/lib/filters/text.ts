/**
 * Free-text matching that ignores accents and case, the way people type on a phone or an
 * English keyboard: "bogota" finds "Bogotá", "pena" finds "Peña".
 */

/** Lower-case text without combining marks (NFD splits "á" into "a" + a mark we drop). */
export function fold(text: string): string {
	return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** The folded words of a query; an agent matches when its text contains every one. */
export function queryTokens(query: string): string[] {
	return fold(query).split(/\s+/).filter(Boolean);
}

export function containsAll(haystack: string, tokens: readonly string[]): boolean {
	for (const token of tokens) if (!haystack.includes(token)) return false;
	return true;
}
