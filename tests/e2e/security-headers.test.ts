/**
 * The pages' Content-Security-Policy holds without breaking the app: the landing, sign-in and
 * map pages each carry a CSP with frame-ancestors 'none', the browser reports no violation
 * while a person signs up, opens the demo map (MapLibre and its worker, WebGL, the live
 * websocket) and exports it (a blob: download), and another site cannot frame a page.
 * Before this change pages had no CSP and could be framed.
 */
import { expect, test, type Page, type Response } from '@playwright/test';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { signUpThroughPage } from './accounts-helper.ts';

declare global {
	interface Window {
		cspViolations: string[];
	}
}

/** Collects every CSP violation, from the page's own event and from the console. */
async function watchViolations(page: Page): Promise<string[]> {
	const seen: string[] = [];
	page.on('console', (message) => {
		if (/Content Security Policy/i.test(message.text())) seen.push(message.text());
	});
	// Awaited: a page opened before the script is registered would have no list to read.
	await page.addInitScript(() => {
		window.cspViolations = [];
		document.addEventListener('securitypolicyviolation', (event) => {
			window.cspViolations.push(`${event.effectiveDirective} blocked ${event.blockedURI}`);
		});
	});
	return seen;
}

const violations = async (page: Page, console: string[]) => [...console, ...(await page.evaluate(() => window.cspViolations))];

function expectPagePolicy(response: Response | null): void {
	const policy = response?.headers()['content-security-policy'] ?? '';
	expect(policy).toContain("frame-ancestors 'none'");
	expect(policy).toMatch(/script-src [^;]*'nonce-/);
	expect(response?.headers()['x-frame-options']).toBe('DENY');
}

test('landing, sign-in and map pages run under their CSP with no violation, export included', async ({ page }) => {
	const console = await watchViolations(page);

	expectPagePolicy(await page.goto('/'));
	await expect(page.getByRole('main')).toBeVisible();
	expect(await violations(page, console)).toEqual([]);

	expectPagePolicy(await page.goto('/login'));
	await signUpThroughPage(page, 'Celia');
	expect(await violations(page, console)).toEqual([]);

	expectPagePolicy(await page.goto('/maps/demo'));
	await expect(page.getByTestId('connection-status')).toHaveText('En vivo');
	await expect(page.locator('.map[data-loaded="true"]')).toBeVisible();

	await page.getByRole('button', { name: 'Exportar' }).click();
	const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /^GeoJSON/ }).click()]);
	expect(download.suggestedFilename()).toMatch(/\.geojson$/);
	expect(await download.failure()).toBeNull();

	expect(await violations(page, console)).toEqual([]);
});

test('another site cannot show a page in a frame', async ({ page, baseURL }) => {
	const refusals: string[] = [];
	page.on('console', (message) => {
		if (/frame-ancestors|X-Frame-Options/.test(message.text())) refusals.push(message.text());
	});
	// A page of another origin that frames the landing page, served from this machine (Chromium
	// refuses a public page's requests to a local server before any header is read).
	const framer = createServer((_request, response) => {
		response.setHeader('content-type', 'text/html');
		response.end(`<!doctype html><iframe src="${baseURL}/" width="800" height="600"></iframe>`);
	});
	await new Promise<void>((listening) => framer.listen(0, '127.0.0.1', listening));
	try {
		await page.goto(`http://127.0.0.1:${(framer.address() as AddressInfo).port}/`);
		await expect.poll(() => refusals.length).toBeGreaterThan(0);
		const frame = page.frames().find((f) => f !== page.mainFrame());
		// The refused frame shows the browser's error page, never the app.
		expect(frame?.url() ?? '').not.toContain(baseURL!);
		expect(await page.frameLocator('iframe').locator('main').count()).toBe(0);
	} finally {
		framer.close();
	}
});
