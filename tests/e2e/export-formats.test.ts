/**
 * The export menu's formats for partners, from the page: filter the demo map, download the GIS
 * layers zip and the GEXF, and read them as QGIS and Gephi Lite would (two layers of one
 * geometry each; a graph whose nodes are the view's agents), with labels in the UI's language.
 * Real built app, real server, Debian's chromium.
 */
import { expect, test, type Page } from '@playwright/test';
import { strFromU8, unzipSync } from 'fflate';
import Graph from 'graphology';
import { parse as parseGEXF } from 'graphology-gexf';
import { readFile } from 'node:fs/promises';
import { signUpThroughPage } from './accounts-helper.ts';

const listCount = async (page: Page) => Number(await page.getByTestId('agent-list').getAttribute('data-count'));

async function exportAs(page: Page, format: RegExp): Promise<{ name: string; bytes: Buffer }> {
	await page.getByRole('button', { name: 'Exportar' }).click();
	const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: format }).click()]);
	return { name: download.suggestedFilename(), bytes: await readFile((await download.path())!) };
}

test('the GIS layers zip and the GEXF of a filtered view download from the menu and read as their tools expect', async ({ page }, testInfo) => {
	// The writers load on first use: a script error or a CSP refusal of their chunk would show here.
	const errors: string[] = [];
	page.on('pageerror', (error) => errors.push(error.message));
	page.on('console', (message) => {
		if (/Content Security Policy|Refused to/i.test(message.text())) errors.push(message.text());
	});
	await signUpThroughPage(page, 'Gabriela');
	await page.goto('/maps/demo');
	await expect(page.getByTestId('connection-status')).toHaveText('En vivo');
	await expect(page.locator('.map[data-loaded="true"]')).toBeVisible();
	const total = await listCount(page);
	await page.getByRole('checkbox', { name: /Bio-Polo/ }).check();
	await expect.poll(() => listCount(page)).toBeLessThan(total);
	const count = await listCount(page);

	// The menu names each format with what it is for.
	await page.getByRole('button', { name: 'Exportar' }).click();
	const menu = page.getByRole('group', { name: 'Exportar' });
	await expect(menu.getByRole('button', { name: /^Capas SIG \(\.zip\) Para QGIS o ArcGIS: dos capas/ })).toBeVisible();
	await expect(menu.getByRole('button', { name: /^GEXF Para Gephi o Gephi Lite/ })).toBeVisible();
	await page.screenshot({ path: testInfo.outputPath('export-menu.png') });
	await page.keyboard.press('Escape');

	// The zip: agents.geojson all Points, links.geojson all LineStrings, links naming both ends.
	const zip = await exportAs(page, /^Capas SIG/);
	expect(zip.name).toMatch(/_bio-polo_\d{4}-\d{2}-\d{2}\.zip$/);
	const files = unzipSync(new Uint8Array(zip.bytes));
	expect(Object.keys(files).sort()).toEqual(['agents.geojson', 'links.geojson']);
	const agents = JSON.parse(strFromU8(files['agents.geojson']));
	const links = JSON.parse(strFromU8(files['links.geojson']));
	expect(agents.features).toHaveLength(count);
	expect(new Set(agents.features.map((f: { geometry: { type: string } }) => f.geometry.type))).toEqual(new Set(['Point']));
	expect(links.features.length).toBeGreaterThan(0);
	expect(new Set(links.features.map((f: { geometry: { type: string } }) => f.geometry.type))).toEqual(new Set(['LineString']));
	const names = new Map(agents.features.map((f: { properties: { id: string; name: string } }) => [f.properties.id, f.properties.name]));
	for (const { properties } of links.features) {
		expect(properties.from_name).toBe(names.get(properties.from_id));
		expect(properties.to_name).toBe(names.get(properties.to_id));
	}
	// Labels in the UI's language (Spanish here) beside the codes.
	const partnership = links.features.find((f: { properties: { kind: string } }) => f.properties.kind === 'partnership');
	expect(partnership?.properties.kind_label).toBe('Alianza');

	// The GEXF: the same agents as nodes, the same links as edges.
	const gexf = await exportAs(page, /^GEXF/);
	expect(gexf.name).toMatch(/_bio-polo_\d{4}-\d{2}-\d{2}\.gexf$/);
	const graph = parseGEXF(Graph, gexf.bytes.toString('utf8'));
	expect(graph.order).toBe(count);
	expect(graph.size).toBe(links.features.length);
	expect(graph.getNodeAttribute(agents.features[0].properties.id, 'areas')).toContain('Bio-Polo');
	expect(errors).toEqual([]);
});
