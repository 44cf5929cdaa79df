/**
 * Exchange with partners end to end: filter the demo map, export the view as GeoJSON and CSV,
 * create a new map, import the GeoJSON into it, and find the same agents (same ids) and links;
 * then undo the import in one step. Real built app, real server, Debian's chromium.
 */
import { expect, test, type Download, type Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import Papa from 'papaparse';
import { signUpThroughPage } from './accounts-helper.ts';

async function waitForMap(page: Page): Promise<void> {
	await expect(page.getByTestId('connection-status')).toHaveText('En vivo');
	await expect(page.locator('.map[data-loaded="true"]')).toBeVisible();
}

const listCount = async (page: Page) => Number(await page.getByTestId('agent-list').getAttribute('data-count'));
const listedIds = (page: Page) =>
	page.getByTestId('agent-list').locator('button[data-id]').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-id')!).sort());

async function exportAs(page: Page, format: 'GeoJSON' | 'CSV'): Promise<{ download: Download; bytes: Buffer }> {
	await page.getByRole('button', { name: 'Exportar' }).click();
	const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: new RegExp(`^${format}`) }).click()]);
	return { download, bytes: await readFile((await download.path())!) };
}

test('filter, export, re-import into a new map and find the same agents and links', async ({ page }, testInfo) => {
	await signUpThroughPage(page, 'Paula');
	await page.goto('/maps/demo');
	await waitForMap(page);
	const total = await listCount(page);

	// Filter the view to one specialisation area.
	await page.getByRole('checkbox', { name: /Bio-Polo/ }).check();
	await expect.poll(() => listCount(page)).toBeLessThan(total);
	const count = await listCount(page);
	const shown = await listedIds(page);
	expect(shown.length).toBeGreaterThan(0);

	// GeoJSON of the view: its agents, named after the map, the filter and the day.
	const geojson = await exportAs(page, 'GeoJSON');
	expect(geojson.download.suggestedFilename()).toMatch(/^bogota-region-especializacion-inteligente-demo_bio-polo_\d{4}-\d{2}-\d{2}\.geojson$/);
	const collection = JSON.parse(geojson.bytes.toString('utf8'));
	const points = collection.features.filter((f: { geometry: { type: string } }) => f.geometry.type === 'Point');
	const lines = collection.features.filter((f: { geometry: { type: string } }) => f.geometry.type === 'LineString');
	// Every agent of the view, and only those (the list draws the first rows; all are in the file).
	const ids: string[] = points.map((f: { id: string }) => f.id).sort();
	expect(ids).toHaveLength(count);
	expect(shown.every((id) => ids.includes(id))).toBe(true);

	// CSV of the same view: UTF-8 with a byte-order mark, one row per agent.
	const csv = await exportAs(page, 'CSV');
	expect(csv.download.suggestedFilename()).toMatch(/_bio-polo_\d{4}-\d{2}-\d{2}\.csv$/);
	expect([...csv.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
	const rows = Papa.parse<Record<string, string>>(csv.bytes.toString('utf8').slice(1), { header: true, skipEmptyLines: true });
	expect(rows.data.map((row) => row.id).sort()).toEqual(ids);

	// A new map, then the GeoJSON imported into it.
	await page.goto('/');
	await page.getByLabel('Nombre del mapa').fill('Socios Bio-Polo');
	await page.getByRole('button', { name: 'Crear un mapa' }).click();
	await waitForMap(page);
	const before = await listCount(page);
	await page.getByRole('button', { name: 'Importar', exact: true }).click();
	const dialog = page.getByRole('dialog', { name: 'Importar agentes' });
	await dialog.getByLabel('Elegir un archivo…').setInputFiles({ name: geojson.download.suggestedFilename(), mimeType: 'application/geo+json', buffer: geojson.bytes });
	await expect(dialog.getByTestId('import-summary')).toContainText(`${ids.length} agentes nuevos`);
	await expect(dialog.getByTestId('import-summary')).toContainText(`${lines.length} vínculos nuevos`);
	await page.screenshot({ path: testInfo.outputPath('import-report.png') });
	await dialog.getByRole('button', { name: 'Importar', exact: true }).click();
	await expect(page.getByText(/^Importado:/)).toBeVisible();

	// The same agents (the ids travel with the file) and the links between them.
	await expect.poll(() => listCount(page)).toBe(before + ids.length);
	const imported = await listedIds(page);
	expect(imported.length).toBeGreaterThan(0);
	expect(imported.every((id) => ids.includes(id))).toBe(true);
	await expect(page.getByText(new RegExp(`\\d+ agentes · ${lines.length} vínculos`))).toBeVisible();
	await page.screenshot({ path: testInfo.outputPath('imported-map.png') });

	// One undo step takes the whole import back.
	await page.getByRole('button', { name: 'Deshacer la importación' }).click();
	await expect.poll(() => listCount(page)).toBe(before);
});

test('a malformed file gets a clear error and changes nothing', async ({ page }) => {
	await signUpThroughPage(page, 'Mateo');
	await page.getByLabel('Nombre del mapa').fill('Mapa de prueba');
	await page.getByRole('button', { name: 'Crear un mapa' }).click();
	await waitForMap(page);
	const before = await listCount(page);
	await page.getByRole('button', { name: 'Importar', exact: true }).click();
	const dialog = page.getByRole('dialog', { name: 'Importar agentes' });
	await dialog.getByLabel('Elegir un archivo…').setInputFiles({ name: 'roto.geojson', mimeType: 'application/geo+json', buffer: Buffer.from('{"type":"FeatureCollection","features":[') });
	await expect(dialog.getByRole('alert')).toContainText('no es JSON válido');
	await dialog.getByRole('button', { name: 'Cancelar' }).click();
	expect(await listCount(page)).toBe(before);
});
