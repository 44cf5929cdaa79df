import { goto } from '$app/navigation';
import { api } from '#lib/api/client.ts';
import { forgetAccount } from '#lib/collab/identity.ts';

/** Ends the session on the server and in this browser, then shows the sign-in page. */
export async function signOut(): Promise<void> {
	await api('POST', '/api/auth/signout');
	forgetAccount();
	await goto('/login', { invalidateAll: true });
}
