/** Server settings, from the environment, with the defaults a fresh machine needs. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export interface ServerConfig {
	port: number;
	host: string;
	/** Where the embedded SQLite database lives (unused with `databaseUrl`). */
	dataDir: string;
	/** PostgreSQL instead of SQLite (`DATABASE_URL`), for several processes sharing one database. */
	databaseUrl: string | null;
	/** Connections per process to PostgreSQL. */
	databasePoolSize: number;
	/** Redis (`REDIS_URL`): carries updates and presence between processes, and login throttling. */
	redisUrl: string | null;
	version: string;
	/** Largest websocket message accepted; a larger one closes that connection (1009). */
	maxMessageBytes: number;
	/** Sustained messages per second per connection, and the burst allowed above it. */
	messagesPerSecond: number;
	messageBurst: number;
	maxConnectionsPerRoom: number;
	/** Live connections per account on one map, per share link, and per client address. */
	maxConnectionsPerAccount: number;
	maxConnectionsPerShare: number;
	maxConnectionsPerAddress: number;
	/** The last slots of a map's room, kept for members: share-link connections may not take them. */
	memberReservedConnections: number;
	/** A connection that sent nothing this long is closed (y-websocket clients speak every 15 s). */
	idleTimeoutMs: number;
	/**
	 * Proxies in front of the server whose X-Forwarded-For is trusted (TRUST_PROXY): the client
	 * address is the entry that many hops from the right. 0 uses the socket's address.
	 */
	trustProxy: number;
	/** Per address (and per account) an hour: successful sign-ups, new maps, new share links. */
	limits: CreationLimits;
	/**
	 * Bytes a connection may leave unread beyond its largest message (the map's first sync);
	 * past it the connection is closed as a slow reader (4417).
	 */
	maxBufferedBytes: number;
	/** Stored bytes a map may grow to (MAX_MAP_BYTES); an update past it is refused (4413). */
	maxMapBytes: number;
	/** Bytes of updates a room holds waiting for content it never got (MAX_PENDING_BYTES). */
	maxPendingBytes: number;
	compactEvery: number;
	roomGraceMs: number;
	/**
	 * Maps of this many agents or more are first drawn from a first view (GET
	 * /api/maps/:id/first-view) while their document arrives; smaller ones come fast enough.
	 */
	firstViewMinAgents: number;
	/** Seed the demo map into an empty database. */
	seedDemo: boolean;
	/**
	 * What every account that is not a member may do on the demo map (DEMO_ROLE), set at each
	 * start: viewer by default, so a public deployment's demo is not writable by anyone who signs up.
	 */
	demoRole: 'viewer' | 'editor';
	/** An optional online MapLibre style; the shipped offline basemap is used without it. */
	basemapStyleUrl: string | null;
	/** An optional Nominatim- or Photon-compatible search URL for street addresses (GEOCODER_URL). */
	geocoderUrl: string | null;
	geocoderTimeoutMs: number;
	/** A secret (HEALTH_TOKEN) that lets a probe read /api/health's details; none when unset. */
	healthToken: string | null;
	/** Email delivery (SMTP_URL…); null without it: the app then shows links to copy. */
	mail: MailConfig | null;
}

export interface MailConfig {
	/** `smtp://user:password@host:587` (STARTTLS when offered) or `smtps://…:465`. */
	smtpUrl: string;
	/** The sender, e.g. `Tejido <tejido@example.org>`. */
	from: string;
	/**
	 * The address people open Tejido at (PUBLIC_URL), for links in emails: never taken from a
	 * request's Host header, which whoever asks for a password reset could forge.
	 */
	publicUrl: string;
	/** The first retry of an undelivered email; each next one waits twice as long, up to an hour. */
	retryMs: number;
}

export interface CreationLimits {
	signupsPerAddress: number;
	mapsPerAccount: number;
	mapsPerAddress: number;
	sharesPerAccount: number;
	sharesPerAddress: number;
	/** Password-reset emails per address asked for, and per client address. */
	resetsPerEmail: number;
	resetsPerAddress: number;
	/** Invitation emails per account and per client address. */
	invitationEmailsPerAccount: number;
	invitationEmailsPerAddress: number;
	/** The window the limits above count in. */
	windowMs: number;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
	return {
		port: integer(env.PORT, 3000),
		host: env.HOST ?? '0.0.0.0',
		dataDir: resolve(env.DATA_DIR ?? 'data'),
		databaseUrl: url(env.DATABASE_URL, ['postgres:', 'postgresql:'], 'DATABASE_URL'),
		databasePoolSize: integer(env.DATABASE_POOL_SIZE, 10),
		redisUrl: url(env.REDIS_URL, ['redis:', 'rediss:'], 'REDIS_URL'),
		version: packageVersion(),
		maxMessageBytes: integer(env.MAX_MESSAGE_BYTES, 16 * 1024 * 1024),
		messagesPerSecond: integer(env.MESSAGES_PER_SECOND, 200),
		messageBurst: integer(env.MESSAGE_BURST, 2000),
		maxConnectionsPerRoom: integer(env.MAX_CONNECTIONS_PER_ROOM, 500),
		maxConnectionsPerAccount: integer(env.MAX_CONNECTIONS_PER_ACCOUNT, 20),
		maxConnectionsPerShare: integer(env.MAX_CONNECTIONS_PER_SHARE, 50),
		maxConnectionsPerAddress: integer(env.MAX_CONNECTIONS_PER_ADDRESS, 100),
		memberReservedConnections: integer(env.MEMBER_RESERVED_CONNECTIONS, 50),
		// Clients renew presence every 15 s, but a hidden tab's timers may run only once a minute.
		idleTimeoutMs: integer(env.IDLE_TIMEOUT_MS, 90_000),
		trustProxy: integer(env.TRUST_PROXY, 0),
		limits: {
			// A workshop signs up behind one address: generous per address, still bounded.
			signupsPerAddress: integer(env.SIGNUPS_PER_ADDRESS, 50),
			mapsPerAccount: integer(env.MAPS_PER_ACCOUNT, 100),
			mapsPerAddress: integer(env.MAPS_PER_ADDRESS, 300),
			sharesPerAccount: integer(env.SHARES_PER_ACCOUNT, 100),
			sharesPerAddress: integer(env.SHARES_PER_ADDRESS, 300),
			resetsPerEmail: integer(env.RESETS_PER_EMAIL, 3),
			resetsPerAddress: integer(env.RESETS_PER_ADDRESS, 20),
			invitationEmailsPerAccount: integer(env.INVITATION_EMAILS_PER_ACCOUNT, 100),
			invitationEmailsPerAddress: integer(env.INVITATION_EMAILS_PER_ADDRESS, 300),
			windowMs: integer(env.CREATION_WINDOW_MS, 60 * 60 * 1000)
		},
		maxBufferedBytes: integer(env.MAX_BUFFERED_BYTES, 8 * 1024 * 1024),
		maxMapBytes: integer(env.MAX_MAP_BYTES, 200 * 1024 * 1024),
		maxPendingBytes: integer(env.MAX_PENDING_BYTES, 16 * 1024 * 1024),
		compactEvery: integer(env.COMPACT_EVERY, 500),
		roomGraceMs: integer(env.ROOM_GRACE_MS, 30_000),
		firstViewMinAgents: integer(env.FIRST_VIEW_MIN_AGENTS, 20_000),
		seedDemo: env.SEED_DEMO !== '0',
		demoRole: demoRole(env.DEMO_ROLE),
		basemapStyleUrl: basemapStyleUrl(env),
		geocoderUrl: url(env.GEOCODER_URL, ['http:', 'https:'], 'GEOCODER_URL'),
		geocoderTimeoutMs: integer(env.GEOCODER_TIMEOUT_MS, 4000),
		healthToken: env.HEALTH_TOKEN?.trim() || null,
		mail: mailConfig(env)
	};
}

function mailConfig(env: NodeJS.ProcessEnv): MailConfig | null {
	const smtpUrl = url(env.SMTP_URL, ['smtp:', 'smtps:'], 'SMTP_URL');
	if (!smtpUrl) return null;
	const publicUrl = url(env.PUBLIC_URL, ['http:', 'https:'], 'PUBLIC_URL');
	if (!publicUrl) throw new Error('SMTP_URL needs PUBLIC_URL: the address people open Tejido at (https://…), for the links in emails');
	const origin = new URL(publicUrl).origin;
	return {
		smtpUrl,
		from: env.MAIL_FROM?.trim() || `Tejido <tejido@${new URL(origin).hostname}>`,
		publicUrl: origin,
		retryMs: Math.max(1, integer(env.MAIL_RETRY_MS, 60_000))
	};
}

/** Read on its own too by the pages' hook (src/hooks.server.ts), which adds its origin to the CSP. */
export function basemapStyleUrl(env: NodeJS.ProcessEnv): string | null {
	return env.BASEMAP_STYLE_URL?.trim() || null;
}

function demoRole(value: string | undefined): 'viewer' | 'editor' {
	const role = value?.trim() || 'viewer';
	if (role !== 'viewer' && role !== 'editor') throw new Error(`DEMO_ROLE must be viewer or editor, got "${value}"`);
	return role;
}

function integer(value: string | undefined, fallback: number): number {
	if (value === undefined || value === '') return fallback;
	const n = Number(value);
	if (!Number.isInteger(n) || n < 0) throw new Error(`Expected a whole number, got "${value}"`);
	return n;
}

function url(value: string | undefined, protocols: string[], name: string): string | null {
	const trimmed = value?.trim();
	if (!trimmed) return null;
	let protocol = '';
	try {
		protocol = new URL(trimmed).protocol;
	} catch {
		// Reported below without echoing the value, which may hold a password.
	}
	if (!protocols.includes(protocol)) throw new Error(`${name} must be a ${protocols.map((p) => p + '//…').join(' or ')} URL`);
	return trimmed;
}

function packageVersion(): string {
	const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
	return String(pkg.version);
}
