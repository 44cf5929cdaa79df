/**
 * First start with an empty database: create an administrator with a random password and
 * print it once. There is no fixed default password anywhere.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { AccountStore } from '../store/account-store.ts';
import { hashPassword } from './passwords.ts';

export const ADMIN_EMAIL = 'admin@tejido.local';

export async function createAdminIfNoUsers(accounts: AccountStore, print: (line: string) => void): Promise<string | null> {
	if ((await accounts.countUsers()) > 0) return null;
	const password = randomBytes(12).toString('base64url');
	const id = randomUUID();
	await accounts.createUser(
		{ id, email: ADMIN_EMAIL, name: 'Admin', isAdmin: true, createdAt: Date.now() },
		await hashPassword(password)
	);
	print('');
	print('  An administrator account was created for this new database:');
	print(`    email:    ${ADMIN_EMAIL}`);
	print(`    password: ${password}`);
	print('  It is shown only this once. Sign in and change it under "Account".');
	print('');
	return id;
}
