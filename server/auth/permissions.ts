/**
 * What each role may do on a map, decided in one place. Roles live in the server database,
 * never in the shared document (a client could rewrite that).
 */
export const ROLES = ['owner', 'editor', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export type Action = 'read' | 'write' | 'manage';

const ALLOWED: Record<Role, readonly Action[]> = {
	owner: ['read', 'write', 'manage'],
	editor: ['read', 'write'],
	viewer: ['read']
};

export function can(role: Role | null, action: Action): boolean {
	return role !== null && ALLOWED[role].includes(action);
}

export function isRole(value: unknown): value is Role {
	return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
