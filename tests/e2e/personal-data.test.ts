/**
 * Personal data and share links (issue 23, item 9), in the real built app with Debian's
 * chromium: a partner who opens a share link reads agents without their contact (nowhere on
 * the page, not in the browser's copy, not in an export, and the export offers no contact
 * option); when the owner marks the website personal in the map's settings, the partner's next
 * visit shows no website either, while a member still sees both. Before, the share link's copy
 * held every contact and its export could include them with one checkbox.
 */
import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { signedIn } from './accounts-helper.ts';
import { asOwner } from './owner-client.ts';

const CONTACT = 'rectoria@universidad-e2e.edu.co';
const WEBSITE = 'universidad-e2e.edu.co';

async function openAgentFromList(page: Page, name: string): Promise<void> {
	await page.getByTestId('agent-list').getByRole('button', { name: new RegExp(name) }).click();
	await expect(page.getByTestId('agent-panel').getByRole('heading', { name, exact: true })).toBeVisible();
}

test('a share link shows and exports agents without personal fields; the owner chooses which', async ({ browser, page, baseURL }) => {
	await signedIn(page, 'Olga');
	const created = await page.request.post('/api/maps', { data: { name: 'Mapa con datos personales' } });
	expect(created.status(), await created.text()).toBe(201);
	const mapId = ((await created.json()) as { map: { id: string } }).map.id;
	await asOwner(
		page.context(),
		baseURL!,
		mapId,
		(map) => {
			map.addAgent({ name: 'Universidad E2E', position: [-74.08, 4.63], contact: CONTACT, website: `https://${WEBSITE}`, description: 'Sede principal' });
		},
		async () => {
			await expect
				.poll(async () => ((await (await page.request.get(`/api/maps/${mapId}/export.csv`)).text()).includes('Universidad E2E')))
				.toBe(true);
		}
	);
	const share = await page.request.post(`/api/maps/${mapId}/shares`, { data: {} });
	const token = ((await share.json()) as { token: string }).token;

	// The member (owner) sees the contact.
	await page.goto(`/maps/${mapId}`);
	await openAgentFromList(page, 'Universidad E2E');
	await expect(page.getByTestId('agent-panel').getByText(CONTACT)).toBeVisible();

	const partnerContext = await browser.newContext({ acceptDownloads: true });
	const partner = await partnerContext.newPage();
	await partner.addInitScript(() => localStorage.setItem('tejido.locale', 'es'));
	await partner.goto(`/maps/${mapId}?share=${encodeURIComponent(token)}`);
	await openAgentFromList(partner, 'Universidad E2E');
	const panel = partner.getByTestId('agent-panel');
	await expect(panel.getByText('Sede principal')).toBeVisible();
	await expect(panel.getByRole('link', { name: WEBSITE })).toBeVisible();
	expect(await partner.content()).not.toContain(CONTACT);

	// The export menu offers no contact, and the file has none.
	await partner.getByRole('button', { name: 'Exportar' }).click();
	await expect(partner.getByRole('checkbox', { name: /datos de contacto/ })).toHaveCount(0);
	const [download] = await Promise.all([partner.waitForEvent('download'), partner.getByRole('button', { name: /^GeoJSON/ }).click()]);
	const file = await readFile((await download.path())!, 'utf8');
	expect(file).toContain('Universidad E2E');
	expect(file).not.toContain(CONTACT);

	// The owner marks the website personal in the map's settings.
	await page.goto(`/maps/${mapId}/settings`);
	const section = page.getByRole('region', { name: 'Datos personales' });
	await expect(section.getByRole('checkbox', { name: 'Contacto' })).toBeChecked();
	await expect(section.getByRole('checkbox', { name: 'Contacto' })).toBeDisabled();
	await section.getByRole('checkbox', { name: 'Sitio web' }).check();
	await expect(section.getByText(/Guardado/)).toBeVisible();
	await page.reload();
	await expect(page.getByRole('region', { name: 'Datos personales' }).getByRole('checkbox', { name: 'Sitio web' })).toBeChecked();

	// The partner's next visit: the website is gone too; the description stays.
	await partner.goto(`/maps/${mapId}?share=${encodeURIComponent(token)}`);
	await openAgentFromList(partner, 'Universidad E2E');
	await expect(partner.getByTestId('agent-panel').getByText('Sede principal')).toBeVisible();
	await expect(partner.getByTestId('agent-panel').getByRole('link', { name: WEBSITE })).toHaveCount(0);
	expect(await partner.content()).not.toContain(WEBSITE);

	// The member still reads both.
	await page.goto(`/maps/${mapId}`);
	await openAgentFromList(page, 'Universidad E2E');
	await expect(page.getByTestId('agent-panel').getByText(CONTACT)).toBeVisible();
	await expect(page.getByTestId('agent-panel').getByRole('link', { name: WEBSITE })).toBeVisible();
	await partnerContext.close();
});
