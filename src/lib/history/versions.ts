/**
 * An agent's earlier version as the server sends it (JSON it stored when it digested the
 * update), turned back into input for `MapDocument.restoreAgent`, which cleans it again.
 */
import { SECTORS, isValidLonLat, type AgentInput, type Sector } from '../model/index.ts';

export type AgentVersion = Omit<AgentInput, 'id'>;

const TEXTS = ['address', 'municipality', 'website', 'contact', 'description'] as const;
const SETS = ['areaIds', 'nicheIds', 'networkIds', 'tags'] as const;

/** The restorable fields of a stored version, or null when it is not one. */
export function toAgentVersion(value: unknown): AgentVersion | null {
	if (!value || typeof value !== 'object') return null;
	const v = value as Record<string, unknown>;
	if (typeof v.name !== 'string' || !isValidLonLat(v.position)) return null;
	const version: AgentVersion = {
		name: v.name,
		position: [v.position[0], v.position[1]],
		sector: SECTORS.includes(v.sector as Sector) ? (v.sector as Sector) : 'other'
	};
	for (const field of TEXTS) version[field] = typeof v[field] === 'string' ? v[field] : '';
	for (const field of SETS) {
		const list = v[field];
		version[field] = Array.isArray(list) ? list.filter((item): item is string => typeof item === 'string') : [];
	}
	return version;
}

/**
 * The fields of a version that differ from the agent as it is now (what a restore changes),
 * leaving out the ones the server withheld (personal values the reader may not see).
 */
export function changedFields(version: AgentVersion, current: AgentVersion | null, withheld: readonly string[] = []): string[] {
	if (!current) return ['*'];
	const changed: string[] = [];
	for (const field of ['name', 'sector', ...TEXTS] as const) {
		if (!withheld.includes(field) && (version[field] ?? '') !== (current[field] ?? '')) changed.push(field);
	}
	for (const field of SETS) {
		const a = [...(version[field] ?? [])].sort().join('\u0000');
		const b = [...(current[field] ?? [])].sort().join('\u0000');
		if (a !== b) changed.push(field);
	}
	if (version.position[0] !== current.position[0] || version.position[1] !== current.position[1]) changed.push('position');
	return changed;
}
