/**
 * What the person looking at a map may do there, as the server said when the page opened.
 * Kept per map in the browser so that a map opened offline shows the last known rights (the
 * server enforces them anyway: a viewer's edits are dropped, not stored).
 */
export interface MapAccessInfo {
	role: 'owner' | 'editor' | 'viewer';
	canWrite: boolean;
	via: 'member' | 'open' | 'share';
	archived: boolean;
	/** Personal fields the server leaves out of this visitor's copy of the map (share links). */
	hidden: string[];
}

const key = (mapId: string) => `tejido.access.${mapId}`;

export function rememberAccess(mapId: string, access: MapAccessInfo): void {
	try {
		localStorage.setItem(key(mapId), JSON.stringify(access));
	} catch {
		// Storage full or disabled: the rights are only a convenience for opening offline.
	}
}

export function lastKnownAccess(mapId: string): MapAccessInfo | null {
	try {
		const value = JSON.parse(localStorage.getItem(key(mapId)) ?? 'null');
		if (!value || typeof value.canWrite !== 'boolean') return null;
		return { ...value, hidden: Array.isArray(value.hidden) ? value.hidden.filter((field: unknown) => typeof field === 'string') : [] };
	} catch {
		return null;
	}
}
