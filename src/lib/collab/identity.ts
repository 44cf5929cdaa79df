/**
 * Who this browser is on a map: the name shown to others (in presence and as "edited by"), a
 * colour kept per browser, and a key that tells one person's tabs and reconnections apart from
 * other people. A signed-in person is always their account; a share-link visitor is a guest
 * who may choose a name.
 */
const KEY = 'tejido.identity';
const ACCOUNT_KEY = 'tejido.account';
export const PRESENCE_COLORS = ['#d1495b', '#00798c', '#edae49', '#66a182', '#8d6cab', '#e76f51', '#2e4057', '#c2185b'];

export interface Identity {
	name: string;
	color: string;
	/** `user:<account id>` for an account, `guest:<random>` for this browser's guest. */
	key: string;
	guest: boolean;
}

/** The account fields an identity needs (the `Me` of the API). */
export interface Account {
	id: string;
	name: string;
}

interface Saved {
	name: string;
	color: string;
	key: string;
}

function randomKey(): string {
	return Math.random().toString(36).slice(2, 12);
}

function readSaved(guestName: string): Saved {
	try {
		const saved = JSON.parse(localStorage.getItem(KEY) ?? 'null');
		if (saved && typeof saved.name === 'string' && typeof saved.color === 'string') {
			return { name: saved.name, color: saved.color, key: typeof saved.key === 'string' ? saved.key : randomKey() };
		}
	} catch {
		// A corrupt entry is replaced below.
	}
	return {
		name: `${guestName} ${Math.floor(100 + Math.random() * 900)}`,
		color: PRESENCE_COLORS[Math.floor(Math.random() * PRESENCE_COLORS.length)],
		key: randomKey()
	};
}

function readAccount(): Account | null {
	try {
		const account = JSON.parse(localStorage.getItem(ACCOUNT_KEY) ?? 'null');
		return account && typeof account.id === 'string' && typeof account.name === 'string' ? account : null;
	} catch {
		return null;
	}
}

/**
 * The identity for a page: the account when signed in; offline (no account answer and no share
 * link), the account last seen in this browser; otherwise this browser's guest.
 */
export function loadIdentity(guestName: string, account: Account | null = null, share: string | null = null): Identity {
	const saved = readSaved(guestName);
	localStorage.setItem(KEY, JSON.stringify(saved));
	if (account) localStorage.setItem(ACCOUNT_KEY, JSON.stringify({ id: account.id, name: account.name }));
	const known = account ?? (share ? null : readAccount());
	if (known) return { name: known.name, color: saved.color, key: `user:${known.id}`, guest: false };
	return { name: saved.name, color: saved.color, key: `guest:${saved.key}`, guest: true };
}

/** Keeps a guest's chosen name for their next visit; an account's name comes from the account. */
export function saveGuestName(identity: Identity, name: string): Identity {
	const next = { ...identity, name };
	if (!identity.guest) return identity;
	const saved = readSaved(name);
	localStorage.setItem(KEY, JSON.stringify({ ...saved, name }));
	return next;
}

/** On sign-out: this browser no longer speaks for that account, even offline. */
export function forgetAccount(): void {
	localStorage.removeItem(ACCOUNT_KEY);
}
