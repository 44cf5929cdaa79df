/**
 * A map stored in a format this version of Tejido does not open (schema version 1: a `Y.Map`
 * per agent) is refused with a message, on a page that has it open when the format arrives and
 * on a page that opens it afterwards, instead of being shown as an empty map.
 * The model's side is tests/unit/map-format.test.ts.
 */
import { expect, test } from '@playwright/test';
import * as Y from 'yjs';
import { signUp } from './accounts-helper.ts';
import { asOwner } from './owner-client.ts';

const REFUSAL =
	'No se pudo abrir este mapa: usa un formato antiguo que esta versión de Tejido no abre. No se cambió nada; avisa a quien administra el servidor.';

test('a map stored in an older format is refused with a message, not shown empty', async ({ page, context, baseURL }, testInfo) => {
	await page.addInitScript(() => localStorage.setItem('tejido.locale', 'es'));
	await signUp(page, 'Ana');
	const created = await page.request.post('/api/maps', { data: { name: 'Mapa antiguo' } });
	expect(created.status()).toBe(201);
	const mapId = ((await created.json()) as { map: { id: string } }).map.id;
	await page.goto(`/maps/${mapId}`);
	await expect(page.getByTestId('connection-status')).toHaveText('En vivo');
	const refusal = page.getByRole('alert').filter({ hasText: 'formato antiguo' });
	await expect(refusal).toHaveCount(0);

	// What a map of version 1 holds: its version, and an agent as a `Y.Map` of fields.
	await asOwner(
		context,
		baseURL!,
		mapId,
		(map) =>
			map.doc.transact(() => {
				map.doc.getMap('meta').set('schemaVersion', 1);
				const agent = new Y.Map<unknown>();
				map.doc.getMap('agents').set('old', agent);
				agent.set('name', 'Agente antiguo');
				agent.set('position', [-74.08, 4.6]);
			}),
		() => expect(refusal).toHaveText(REFUSAL)
	);

	await page.reload();
	await expect(refusal).toHaveText(REFUSAL);
	// The whole message over the map, in place of the guide for an empty map.
	await expect(page.getByTestId('map-refused')).toHaveText(REFUSAL);
	await expect(page.getByText('Este mapa está vacío')).toHaveCount(0);
	await page.screenshot({ path: testInfo.outputPath('map-format.png') });
});
