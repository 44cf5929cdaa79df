/**
 * Value matching in the import dialog, end to end: a list saved by Excel in Spanish
 * (Windows-1252, ";", decimal commas) whose areas are spelled differently from the map's.
 * With the default choices every row whose only problem was spelling is imported, the
 * report counts the rows a mapping saved, doubtful values wait for a choice, and a choice is
 * remembered for the next file with the same columns. Also: the table on a 390 px phone and
 * its empty state. Real built app, real server, Debian's chromium.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { signUpThroughPage } from './accounts-helper.ts';
import { windows1252 } from '../fixtures/exchange/helpers.ts';
import { VARIANT_ROWS, variantsCSV } from '../fixtures/exchange/spelling-variants.ts';

async function newMap(page: Page, name: string): Promise<void> {
	await page.getByLabel('Nombre del mapa').fill(name);
	await page.getByRole('button', { name: 'Crear un mapa' }).click();
	await expect(page.getByTestId('connection-status')).toHaveText('En vivo');
	await expect(page.locator('.map[data-loaded="true"]')).toBeVisible();
}

const listCount = async (page: Page) => Number(await page.getByTestId('agent-list').getAttribute('data-count'));

async function openImport(page: Page, name: string, bytes: Uint8Array, button = 'Importar'): Promise<Locator> {
	await page.getByRole('button', { name: button, exact: true }).click();
	const dialog = page.getByRole('dialog', { name: 'Importar agentes' });
	await dialog.getByLabel('Elegir un archivo…').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(bytes) });
	await expect(dialog.getByTestId('import-summary')).toBeVisible();
	return dialog;
}

/** The row of a value of the file, found by its select's label (case matters: "BIOPOLO" is another value). */
const valueRow = (dialog: Locator, value: string) =>
	dialog.getByTestId('value-row').filter({ has: dialog.page().getByLabel(new RegExp(`^Elección para «${value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}» `)) });
const chosen = (row: Locator) => row.getByRole('combobox').evaluate((select: HTMLSelectElement) => select.selectedOptions[0].textContent!.trim());

const spelling = VARIANT_ROWS.filter((row) => row.kind === 'spelling').length;

test('a cp1252 list with areas spelled differently imports every spelling-only row by default', async ({ page }, testInfo) => {
	await signUpThroughPage(page, 'Lucía');
	await newMap(page, 'Socios de la región');
	const before = await listCount(page);
	const dialog = await openImport(page, 'socios.csv', windows1252(variantsCSV()));
	await expect(dialog).toContainText('separado por “;”, windows-1252');

	// Clear proposals come chosen; doubtful ones are marked and wait for a choice.
	await expect(valueRow(dialog, 'Serv. Empresariales')).toHaveAttribute('data-confidence', 'high');
	expect(await chosen(valueRow(dialog, 'Serv. Empresariales'))).toBe('Servicios Empresariales (propuesta)');
	expect(await chosen(valueRow(dialog, 'biopolo'))).toBe('Bio-Polo (propuesta)');
	expect(await chosen(valueRow(dialog, 'Mosqera'))).toBe('Mosquera (propuesta)');
	expect(await chosen(valueRow(dialog, 'Universidades'))).toBe('Academia (propuesta)');
	const creativa = valueRow(dialog, 'Creativa');
	await expect(creativa).toHaveAttribute('data-confidence', 'doubtful');
	await expect(creativa).toContainText('Dudosa');
	expect(await chosen(creativa)).toMatch(/^Decidir…/);

	// Every spelling-only row is imported; the report counts those a mapping saved.
	const summary = dialog.getByTestId('import-summary');
	await expect(summary).toContainText(`${spelling} agentes nuevos`);
	await expect(dialog.getByTestId('import-mapped')).toHaveText('13 filas importadas gracias a correspondencias de valores');
	await expect(summary).toContainText('5 filas no se importarán');
	await page.screenshot({ path: testInfo.outputPath('values-table.png'), fullPage: true });
	// The table passes axe's WCAG A/AA checks (labels, contrast of the badges, table headers).
	const { violations } = await new AxeBuilder({ page }).include('[data-testid="import-values"]').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
	expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`)).toEqual([]);

	// Choosing the doubtful proposal for "Creativa" imports its row too.
	await creativa.getByRole('combobox').selectOption({ label: 'Bogotá Región Creativa (propuesta)' });
	await expect(summary).toContainText(`${spelling + 1} agentes nuevos`);
	await expect(dialog.getByTestId('import-mapped')).toContainText('14 filas');
	await dialog.getByRole('button', { name: 'Importar', exact: true }).click();
	await expect(page.getByText(/^Importado:/)).toBeVisible();
	await expect.poll(() => listCount(page)).toBe(before + spelling + 1);

	// The next file with the same columns on this map starts from that choice.
	const again = await openImport(page, 'socios-2025.csv', windows1252(variantsCSV()));
	expect(await chosen(valueRow(again, 'Creativa'))).toBe('Bogotá Región Creativa (propuesta)');
	expect(await chosen(valueRow(again, 'Sostenible'))).toMatch(/^Decidir…/);
});

test('on a 390 px phone the table stacks inside the dialog and works from the keyboard', async ({ page }, testInfo) => {
	await page.setViewportSize({ width: 390, height: 844 });
	await signUpThroughPage(page, 'Tomás');
	await newMap(page, 'Mapa en el teléfono');
	// On a phone an empty map offers its import in the guide.
	const dialog = await openImport(page, 'socios.csv', windows1252(variantsCSV()), 'Importar una lista');
	const table = dialog.getByTestId('import-values');
	await expect(table).toBeVisible();
	await page.screenshot({ path: testInfo.outputPath('values-phone.png') });

	// Nothing overflows the page, and each choice is a touch target of at least 44 px.
	expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
	const box = (await table.boundingBox())!;
	expect(box.x).toBeGreaterThanOrEqual(0);
	expect(box.x + box.width).toBeLessThanOrEqual(390);
	const select = valueRow(dialog, 'Creativa').getByRole('combobox');
	expect((await select.boundingBox())!.height).toBeGreaterThanOrEqual(44);

	// Keyboard: the button that accepts the doubtful proposals, then a choice changed with arrows.
	const accept = dialog.getByRole('button', { name: 'Aceptar las 3 propuestas dudosas' });
	await accept.focus();
	await page.keyboard.press('Enter');
	await expect(dialog.getByTestId('import-summary')).toContainText(`${spelling + 3} agentes nuevos`);
	await select.focus();
	await page.keyboard.press('Home');
	await expect(dialog.getByTestId('import-summary')).toContainText(`${spelling + 2} agentes nuevos`);
});

test('a file whose values all match the map says so', async ({ page }) => {
	await signUpThroughPage(page, 'Inés');
	await newMap(page, 'Mapa exacto');
	const text = 'Nombre;Sector;Latitud;Longitud;Área\r\nLaboratorio Uno;Privado;4,6;-74,1;Bio-Polo\r\nLaboratorio Dos;Academia;4,7;-74,05;Servicios Empresariales\r\n';
	const dialog = await openImport(page, 'exacto.csv', windows1252(text));
	await expect(dialog.getByTestId('import-values')).toContainText('Todos los valores coinciden con el mapa');
	await expect(dialog.getByTestId('import-summary')).toContainText('2 agentes nuevos');
	await expect(dialog.getByTestId('import-mapped')).toHaveCount(0);
});
