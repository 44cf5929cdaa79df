/**
 * GET /api/maps/:mapId/export.{zip,geojson,csv,gexf,graphml}: the same export the browser
 * makes, for partners with a share link and for programs. Authorise → read the document → one
 * conversion (src/lib/exchange, the module the browser uses) → file. Formats and fields:
 * docs/exchange.md.
 *
 * The document is read without a second copy when the map is open: the open room's Y.Doc is
 * used as it is. Otherwise the stored state is loaded into a temporary Y.Doc that is destroyed
 * as soon as the file is made.
 */
import type { Context, Env, Hono } from 'hono';
import * as Y from 'yjs';
import type { RoomRegistry } from '../collab/room-registry.ts';
import { log } from '../log.ts';
import { BadRequest } from './body.ts';
import type { DocumentStore } from '../store/document-store.ts';
import {
	EXPORT_FORMATS,
	EXPORT_LOCALES,
	EXPORT_TYPES,
	collectExport,
	exportFile,
	exportFileName,
	exportLabels,
	type ExportData,
	type ExportFormat,
	type ExportLabels,
	type ExportLocale,
	type ExportOptions
} from '../../src/lib/exchange/index.ts';
import { MapDocument, type Agent } from '../../src/lib/model/index.ts';

/** Why a caller may not read a map (the shape of the accounts module's denial). */
export type ReadDenial = { status: 401 | 403 | 404; message: string };
/** A caller who may read: with the personal fields their files leave out (a share link's). */
export type ReadAccess = { hidden: readonly string[] };

/** The agents a query string selects, and how to name that selection in the file name. */
export interface AgentSelection {
	test: (agent: Agent) => boolean;
	label: string;
}

export interface ExportDeps<E extends Env = Env> {
	store: DocumentStore;
	registry: RoomRegistry;
	/** Session or share-token check. Required: an export holds the whole map's contents. */
	authorizeRead: (c: Context<E>, mapId: string) => Promise<ReadAccess | ReadDenial>;
	/**
	 * Turns the query string (the page URL's filter parameters) into a selection, or null when
	 * it holds no filter (the whole map). Throws BadRequest for a filter it cannot read.
	 */
	selectAgents: (query: URLSearchParams, map: MapDocument) => AgentSelection | null;
}

export function mountExport<E extends Env>(app: Hono<E>, deps: ExportDeps<E>): void {
	const authorizeRead = deps.authorizeRead;
	for (const format of EXPORT_FORMATS) {
		app.get(`/api/maps/:mapId/export.${format}`, async (c) => {
			const mapId = c.req.param('mapId') ?? '';
			const allowed = await authorizeRead(c, mapId);
			if ('status' in allowed) return c.json({ error: allowed.message }, allowed.status);
			const record = await deps.store.getMap(mapId);
			if (!record) return c.json({ error: 'No map with this id. Check the link.' }, 404);
			const query = new URL(c.req.url).searchParams;
			const labels = exportLabels(exportLocale(query.get('lang'), c.req.header('accept-language')));
			let made: { body: Uint8Array<ArrayBuffer> | string; fileName: string };
			try {
				// The document is read synchronously (see withDocument); the file is made from the
				// plain data afterwards.
				const chosen = await withDocument(deps, mapId, (map) => chooseExport(map, query, deps.selectAgents, allowed.hidden));
				made = await makeFile(chosen, record.name, format, labels);
			} catch (error) {
				if (error instanceof BadRequest) throw error;
				log('error', 'could not export a map', { map: mapId, error });
				return c.json({ error: 'This map could not be read for export. Try again; if it persists, tell an operator.' }, 503);
			}
			c.header('Content-Type', EXPORT_TYPES[format]);
			c.header('Content-Disposition', `attachment; filename="${made.fileName}"`);
			c.header('Cache-Control', 'no-store');
			c.header('X-Content-Type-Options', 'nosniff');
			c.header('Content-Language', labels.locale);
			c.header('Vary', 'Accept-Language');
			// One call per type: Hono's overloads take a string or bytes, not their union.
			return typeof made.body === 'string' ? c.body(made.body) : c.body(made.body);
		});
	}
}

/**
 * The language of the words an export writes (CSV headers, labels beside codes): `?lang=`,
 * else the caller's Accept-Language, else English, whose CSV headers are the stable keys, so
 * a program that sends no language keeps reading the same columns.
 */
export function exportLocale(lang: string | null, acceptLanguage: string | undefined): ExportLocale {
	const known = (tag: string) => EXPORT_LOCALES.find((locale) => tag.trim().toLowerCase().split(/[-;]/)[0] === locale);
	if (lang) {
		const chosen = known(lang);
		if (!chosen) throw new BadRequest(`Unknown lang "${lang.slice(0, 20)}". Use lang=es or lang=en.`);
		return chosen;
	}
	for (const tag of (acceptLanguage ?? '').split(',')) {
		const locale = known(tag);
		if (locale) return locale;
	}
	return 'en';
}

function chooseExport(
	map: MapDocument,
	query: URLSearchParams,
	selectAgents: ExportDeps['selectAgents'],
	withheld: readonly string[]
): { data: ExportData; filter: string } {
	const selection = selectAgents(query, map);
	const options: ExportOptions = { agents: selection?.test, includeLinks: query.get('links') !== '0', withheld };
	return { data: collectExport(map, options), filter: selection?.label ?? '' };
}

async function makeFile(
	chosen: { data: ExportData; filter: string },
	storedName: string,
	format: ExportFormat,
	labels: ExportLabels
): Promise<{ body: Uint8Array<ArrayBuffer> | string; fileName: string }> {
	// The owners' name (PATCH /api/maps/:id), not the document's, which any editor can write.
	const mapName = storedName;
	const now = new Date();
	const parts = await exportFile(format, { ...chosen.data, mapName }, { filter: chosen.filter, exportedAt: now, labels });
	const body = parts.every((part) => typeof part === 'string') ? parts.join('') : Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part) : part)));
	const fileName = exportFileName({ mapName, filter: chosen.filter, wholeMap: 'all', date: now, extension: format });
	return { body, fileName };
}

/**
 * Runs `read` over the map's document: the open room's, or a temporary copy loaded from the
 * store and destroyed afterwards. `read` must be synchronous, so the room cannot close (and
 * destroy its document) while it runs.
 */
export async function withDocument<T>(deps: Pick<ExportDeps, 'store' | 'registry'>, mapId: string, read: (map: MapDocument) => T): Promise<T> {
	const room = deps.registry.get(mapId);
	if (room) {
		await room.ready;
		// The room may have failed to load, or closed while we waited: then read the store.
		if (room.isReady && deps.registry.get(mapId) === room) return read(new MapDocument(room.doc, 'export'));
	}
	const stored = await deps.store.loadDocument(mapId);
	const doc = new Y.Doc();
	try {
		Y.transact(doc, () => {
			if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
			for (const { update } of stored.updates) Y.applyUpdate(doc, update);
		});
		return read(new MapDocument(doc, 'export'));
	} finally {
		doc.destroy();
	}
}
