/**
 * Who may do what: users, sessions, map membership, invitations and read-only share links.
 * One interface, implemented on SQLite and on PostgreSQL, with one contract test suite
 * (tests/server/store-contract.test.ts). Secrets are never stored: only SHA-256 hashes of token secrets and argon2id
 * hashes of passwords.
 */
import type { Role } from '../auth/permissions.ts';
import type { Target } from '../../src/lib/model/schema.ts';

export interface User {
	id: string;
	email: string;
	name: string;
	isAdmin: boolean;
	createdAt: number;
}

export interface SessionRecord {
	id: string;
	userId: string;
	secretHash: Uint8Array;
	createdAt: number;
	expiresAt: number;
}

export interface MapSummary {
	id: string;
	name: string;
	createdAt: number;
	archivedAt: number | null;
	role: Role;
}

export interface MapSettings {
	id: string;
	name: string;
	createdAt: number;
	archivedAt: number | null;
	/** A role every signed-in account gets on this map (the demo map), or null. */
	openRole: Role | null;
	/** Agent fields the owner marks personal, besides the contact (src/lib/model/personal-fields.ts). */
	personalFields: string[];
}

export type MapPatch = Partial<Pick<MapSettings, 'name' | 'archivedAt' | 'openRole' | 'personalFields'>>;

export interface Member {
	userId: string;
	name: string;
	email: string;
	role: Role;
}

/** An invitation or a share link: a token whose secret only the link holds. */
export interface LinkRecord {
	id: string;
	mapId: string;
	role: Role;
	secretHash: Uint8Array;
	createdBy: string;
	createdAt: number;
	expiresAt: number | null;
	revokedAt: number | null;
	/** Invitations are single-use: who used it. Share links are never "used up". */
	usedBy: string | null;
}

/** A password-reset link: like a session, only the hash of its secret is kept. */
export interface PasswordResetRecord {
	id: string;
	userId: string;
	secretHash: Uint8Array;
	createdAt: number;
	expiresAt: number;
}

export type LinkKind = 'invitation' | 'share';

export class DuplicateEmailError extends Error {
	constructor() {
		super('An account with this email already exists');
		this.name = 'DuplicateEmailError';
	}
}

export interface AccountStore {
	countUsers(): Promise<number>;
	createUser(user: User, passwordHash: string): Promise<void>;
	userByEmail(email: string): Promise<(User & { passwordHash: string }) | null>;
	userById(id: string): Promise<(User & { passwordHash: string }) | null>;
	setPasswordHash(userId: string, passwordHash: string): Promise<void>;

	createSession(session: SessionRecord): Promise<void>;
	getSession(id: string): Promise<SessionRecord | null>;
	extendSession(id: string, expiresAt: number): Promise<void>;
	deleteSession(id: string): Promise<void>;
	/** Signs a user out everywhere, optionally keeping one session (the current one). */
	deleteUserSessions(userId: string, exceptSessionId?: string): Promise<void>;

	/** Stores a reset link, and forgets the expired ones of every account. */
	createPasswordReset(reset: PasswordResetRecord): Promise<void>;
	getPasswordReset(id: string): Promise<PasswordResetRecord | null>;
	/**
	 * Uses a reset link up, with every other one of its account: false when someone used it
	 * first (of two concurrent uses, one gets true).
	 */
	usePasswordReset(id: string): Promise<boolean>;

	mapSettings(mapId: string): Promise<MapSettings | null>;
	updateMap(mapId: string, patch: MapPatch): Promise<void>;
	deleteMap(mapId: string): Promise<void>;
	/** Whether the owner published the map's indicators (aggregates only) for anyone to see. */
	indicatorsPublic(mapId: string): Promise<boolean>;
	setIndicatorsPublic(mapId: string, published: boolean): Promise<void>;
	mapsForUser(userId: string): Promise<MapSummary[]>;

	/** The map's targets (set by its owners: server/http/targets-routes.ts), by deadline. */
	targets(mapId: string): Promise<Target[]>;
	addTarget(mapId: string, target: Target): Promise<void>;
	/** Replaces a target's values; false when the map has no target with its id. */
	replaceTarget(mapId: string, target: Target): Promise<boolean>;
	/** False when the map has no target with this id. */
	deleteTarget(mapId: string, targetId: string): Promise<boolean>;
	/** Whether the map was made before targets moved here, and still has its document's to carry over. */
	documentTargetsPending(mapId: string): Promise<boolean>;
	mapsWithDocumentTargetsPending(): Promise<string[]>;
	/**
	 * Stores the targets read from the map's document as its own and records that this was
	 * done, in one transaction, if nobody did it first (then nothing is written and it returns
	 * false): carried over once, so a target deleted afterwards does not come back.
	 */
	carryOverDocumentTargets(mapId: string, targets: readonly Target[]): Promise<boolean>;
	memberRole(mapId: string, userId: string): Promise<Role | null>;
	setMember(mapId: string, userId: string, role: Role): Promise<void>;
	removeMember(mapId: string, userId: string): Promise<void>;
	listMembers(mapId: string): Promise<Member[]>;

	createLink(kind: LinkKind, link: LinkRecord): Promise<void>;
	getLink(kind: LinkKind, id: string): Promise<LinkRecord | null>;
	listLinks(kind: LinkKind, mapId: string): Promise<LinkRecord[]>;
	revokeLink(kind: LinkKind, id: string, at: number): Promise<void>;
	/** Marks a single-use invitation used; false when someone used it first. */
	useInvitation(id: string, userId: string): Promise<boolean>;
}
