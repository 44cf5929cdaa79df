/**
 * Accounts end to end: sign up through the page, create a map, invite a second person as
 * viewer; the viewer sees the owner's edits live and has no way to edit.
 */
import { expect, test } from '@playwright/test';
import { signUpThroughPage } from './accounts-helper.ts';
import { addAtCentre } from './map-helper.ts';

test('an owner invites a viewer, who sees edits live and cannot edit', async ({ browser }) => {
	const owner = await (await browser.newContext()).newPage();
	const viewer = await (await browser.newContext()).newPage();
	await signUpThroughPage(owner, 'Olga');
	await signUpThroughPage(viewer, 'Victor');

	// Olga creates a map from the smart-specialisation template.
	await owner.getByLabel('Nombre del mapa').fill('Mapa de Olga');
	await owner.getByRole('button', { name: 'Crear un mapa' }).click();
	await expect(owner.getByTestId('connection-status')).toHaveText('En vivo');

	// …and invites Victor as viewer from the settings page.
	await owner.getByRole('link', { name: 'Configuración' }).click();
	await owner.getByRole('combobox', { name: 'Rol', exact: true }).selectOption('viewer');
	await owner.getByRole('button', { name: 'Crear enlace de invitación' }).click();
	const invitation = await owner.getByTestId('invitations-url').inputValue();
	expect(invitation).toMatch(/\/invite\//);

	await viewer.goto(invitation);
	await expect(viewer.getByText('Le invitan a «Mapa de Olga» como Lector.')).toBeVisible();
	await viewer.getByRole('button', { name: 'Aceptar y abrir el mapa' }).click();
	await expect(viewer.getByTestId('connection-status')).toHaveText('En vivo');
	await expect(viewer.getByTestId('read-only')).toBeVisible();
	// No way to edit: no add, undo or delete controls.
	await expect(viewer.getByRole('button', { name: 'Agregar agente' })).toHaveCount(0);
	await expect(viewer.getByRole('button', { name: 'Deshacer' })).toHaveCount(0);

	// Olga adds an agent; Victor sees it at once, read-only.
	await owner.getByRole('link', { name: /Volver al mapa/ }).click();
	await expect(owner.getByTestId('connection-status')).toHaveText('En vivo');
	await addAtCentre(owner);
	await owner.getByRole('textbox', { name: 'Nombre', exact: true }).fill('Agente de Olga');
	await owner.getByRole('textbox', { name: 'Nombre', exact: true }).press('Enter');
	await viewer.getByRole('button', { name: /Agente de Olga/ }).click();
	await expect(viewer.getByRole('heading', { name: 'Agente de Olga' })).toBeVisible();
	// A profile card, not a disabled form: no field and no "Editar".
	await expect(viewer.getByTestId('agent-profile')).toBeVisible();
	await expect(viewer.getByTestId('agent-panel').locator('input, select, textarea')).toHaveCount(0);
	await expect(viewer.getByRole('button', { name: 'Editar', exact: true })).toHaveCount(0);
	await expect(viewer.getByRole('button', { name: 'Eliminar agente' })).toHaveCount(0);

	// Victor, in the members list, sees Olga as owner.
	await viewer.goto(viewer.url().replace(/\?.*$/, '') + '/settings');
	const members = viewer.getByRole('region', { name: /Miembros/ });
	await expect(members.getByRole('listitem').filter({ hasText: 'Olga' })).toContainText('Propietario');
	await expect(members.getByRole('listitem').filter({ hasText: 'Victor' })).toContainText('Lector');
	// A viewer sees no owner controls there either.
	await expect(viewer.getByRole('button', { name: 'Crear enlace de invitación' })).toHaveCount(0);
});
