/**
 * Where sign-in returns to (`?next=`): only a path on this site, or an open redirect would let
 * a link send people elsewhere after they sign in. Browsers read `\` as `/` and drop tabs and
 * newlines, so `/\host` and `/\t/host` are other sites; a path that could be read that way is
 * refused rather than repaired.
 */
export function safeNextPath(next: string | null, fallback = '/'): string {
	if (!next || next[0] !== '/' || next[1] === '/') return fallback;
	if (/[\\\u0000-\u001f\u007f]/.test(next)) return fallback;
	// The check that matters, whatever the rules above miss: the URL stays on this origin.
	const base = 'http://tejido.invalid';
	const url = new URL(next, base);
	return url.origin === base ? url.pathname + url.search + url.hash : fallback;
}
