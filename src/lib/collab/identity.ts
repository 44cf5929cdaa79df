/**
 * Who this browser is on a map: a display name and a colour, chosen once and kept. Until
 * accounts exist (issue 3) the name is only a label for presence and the activity record.
 */
const KEY = 'tejido.identity';
export const PRESENCE_COLORS = ['#d1495b', '#00798c', '#edae49', '#66a182', '#8d6cab', '#e76f51', '#2e4057', '#c2185b'];

export interface Identity {
	name: string;
	color: string;
}

export function loadIdentity(defaultName: string): Identity {
	try {
		const saved = JSON.parse(localStorage.getItem(KEY) ?? 'null');
		if (saved && typeof saved.name === 'string' && typeof saved.color === 'string') return saved;
	} catch {
		// A corrupt entry is replaced below.
	}
	const identity = {
		name: `${defaultName} ${Math.floor(100 + Math.random() * 900)}`,
		color: PRESENCE_COLORS[Math.floor(Math.random() * PRESENCE_COLORS.length)]
	};
	saveIdentity(identity);
	return identity;
}

export function saveIdentity(identity: Identity): void {
	localStorage.setItem(KEY, JSON.stringify(identity));
}
