/**
 * The sign-in page's `?next=` only ever leads to a path on this site: every value a browser
 * would resolve to another origin (or that hides one behind control characters) falls back
 * to the home page. `/\evil.example` passed the check this replaced.
 */
import { describe, expect, it } from 'vitest';
import { safeNextPath } from '../../src/lib/auth/next-path.ts';

const HOSTILE = [
	'//evil.example',
	'//evil.example/maps/demo',
	'/\\evil.example',
	'/\\/evil.example',
	'\\\\evil.example',
	'\\/evil.example',
	'/\t/evil.example',
	'/\n/evil.example',
	'/\r\n/evil.example',
	'/\u0000/evil.example',
	'/maps/demo\u007f',
	'/%09/evil.example\\',
	'https://evil.example',
	'http:evil.example',
	'javascript:alert(1)',
	'data:text/html,<script>alert(1)</script>',
	' /maps/demo',
	'evil.example',
	'',
	null
];

describe('safeNextPath', () => {
	it.each(HOSTILE.map((value) => [JSON.stringify(value), value]))('refuses %s', (_label, value) => {
		expect(safeNextPath(value)).toBe('/');
	});

	it.each([
		['/', '/'],
		['/maps/demo', '/maps/demo'],
		['/maps/demo?view=list&q=a%20b#agent-1', '/maps/demo?view=list&q=a%20b#agent-1'],
		['/invite/abc123', '/invite/abc123'],
		['/%2F%2Fevil.example', '/%2F%2Fevil.example']
	])('keeps the same-site path %s', (value, expected) => {
		const kept = safeNextPath(value);
		expect(kept).toBe(expected);
		expect(new URL(kept, 'https://tejido.example').origin).toBe('https://tejido.example');
	});
});
