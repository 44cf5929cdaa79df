/**
 * An operator's online basemap (BASEMAP_STYLE_URL) is allowed by the pages' CSP: its origin,
 * and only its origin, joins connect-src and img-src; without one, or with a URL that has no
 * origin, the policy is unchanged.
 */
import { describe, expect, it } from 'vitest';
import { allowBasemap } from '../../server/http/security-headers.ts';

const POLICY = "default-src 'self'; connect-src 'self'; img-src 'self' data: blob:; script-src 'self' 'nonce-abc'";

describe('allowBasemap', () => {
	it('adds the style origin to connect-src and img-src only', () => {
		const policy = allowBasemap(POLICY, 'https://tiles.example.org/styles/v1/style.json?key=secret');
		expect(policy).toContain("connect-src 'self' https://tiles.example.org;");
		expect(policy).toContain("img-src 'self' data: blob: https://tiles.example.org;");
		expect(policy).toContain("script-src 'self' 'nonce-abc'");
		expect(policy).not.toContain('key=secret');
		expect(policy.match(/tiles\.example\.org/g)).toHaveLength(2);
	});

	it.each([null, '', 'not a url', 'data:application/json,{}'])('leaves the policy as it is for %j', (url) => {
		expect(allowBasemap(POLICY, url)).toBe(POLICY);
	});
});
