/**
 * An invitation emailed from the settings page: the owner gives an address, the email arrives
 * at a real SMTP server this test starts, and its link brings the invitee onto the map. The
 * link is still shown to copy.
 */
import { expect, test } from '@playwright/test';
import { signUpThroughPage } from './accounts-helper.ts';
import { E2E_SMTP_PORT } from './mail-helper.ts';
import { linkIn, startInbox } from '../server/smtp-inbox.ts';

test('an owner emails an invitation, and its link lets the invitee open the map', async ({ browser }) => {
	const inbox = await startInbox(E2E_SMTP_PORT);
	try {
		const owner = await (await browser.newContext()).newPage();
		const invitee = await (await browser.newContext()).newPage();
		await signUpThroughPage(owner, 'Dora');
		await signUpThroughPage(invitee, 'Ivan');
		await owner.getByLabel('Nombre del mapa').fill('Mapa de Dora');
		await owner.getByRole('button', { name: 'Crear un mapa' }).click();
		await expect(owner.getByTestId('connection-status')).toHaveText('En vivo');
		await owner.getByRole('link', { name: 'Configuración' }).click();

		const address = `ivan-${Date.now()}@example.org`;
		await owner.getByLabel('Correo electrónico (opcional)').fill(address);
		await owner.getByRole('button', { name: 'Crear enlace de invitación' }).click();
		await expect(owner.getByText(`La invitación va en camino a ${address}.`)).toBeVisible();
		const shown = await owner.getByTestId('invitations-url').inputValue();

		const mail = await inbox.next(address);
		expect(mail.subject).toBe('Dora le invita a «Mapa de Dora» en Tejido');
		const link = linkIn(mail.text, `http://localhost:${new URL(owner.url()).port}/invite/`);
		expect(link).toBe(shown);
		await invitee.goto(link);
		await invitee.getByRole('button', { name: 'Aceptar y abrir el mapa' }).click();
		await expect(invitee.getByTestId('connection-status')).toHaveText('En vivo');
		expect(invitee.url().split('/maps/')[1]).toBe(owner.url().split('/maps/')[1].replace(/\/settings.*$/, ''));
	} finally {
		await inbox.stop();
	}
});
