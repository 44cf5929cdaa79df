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
	/** An optional online MapLibre style; the shipped offline basemap is used without it. */
	basemapStyleUrl: string | null;
	/** An optional Nominatim- or Photon-compatible search URL for street addresses (GEOCODER_URL). */
	geocoderUrl: string | null;
	geocoderTimeoutMs: number;
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
		maxBufferedBytes: integer(env.MAX_BUFFERED_BYTES, 8 * 1024 * 1024),
		maxMapBytes: integer(env.MAX_MAP_BYTES, 200 * 1024 * 1024),
		maxPendingBytes: integer(env.MAX_PENDING_BYTES, 16 * 1024 * 1024),
		compactEvery: integer(env.COMPACT_EVERY, 500),
		roomGraceMs: integer(env.ROOM_GRACE_MS, 30_000),
		firstViewMinAgents: integer(env.FIRST_VIEW_MIN_AGENTS, 20_000),
		seedDemo: env.SEED_DEMO !== '0',
		basemapStyleUrl: env.BASEMAP_STYLE_URL?.trim() || null,
		geocoderUrl: url(env.GEOCODER_URL, ['http:', 'https:'], 'GEOCODER_URL'),
		geocoderTimeoutMs: integer(env.GEOCODER_TIMEOUT_MS, 4000)
	};
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
