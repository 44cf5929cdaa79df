/**
 * Which of map, network or both the map page shows. A person's choice is kept in this browser
 * (as the language is); until they choose, a screen with room for both shows both.
 */
export type MapViewMode = 'map' | 'network' | 'both';

/** Below this width (px) two views side by side are too narrow to read. */
export const SIDE_BY_SIDE_MIN_WIDTH = 1200;
const STORAGE_KEY = 'tejido.mapView';

export function initialViewMode(width: number, storage: Pick<Storage, 'getItem'> | null): MapViewMode {
	const saved = storage?.getItem(STORAGE_KEY);
	if (saved === 'map' || saved === 'network' || saved === 'both') return saved;
	return width >= SIDE_BY_SIDE_MIN_WIDTH ? 'both' : 'map';
}

export function saveViewMode(mode: MapViewMode, storage: Pick<Storage, 'setItem'> | null): void {
	try {
		storage?.setItem(STORAGE_KEY, mode);
	} catch {
		// A browser refusing storage (private mode, quota) only forgets the choice.
	}
}
