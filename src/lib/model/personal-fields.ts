/**
 * Personal fields and the copy of a map without them (DESIGN.md, "Share links and embeds see a
 * projection"). A contact, and any agent field the owner marks personal, reaches only members;
 * a share link's live connection receives every update with those fields taken out.
 *
 * The projection is the same Yjs document with the same item ids and lengths, and only the
 * content of agent records changed: every update can be redacted on its own (its cost follows
 * the update, never the map), state vectors stay equal, and a reader's replica converges like
 * any other. It is for readers only: a writer whose replica held redacted records could write
 * them back without their personal values, so share links keep a replica of their own.
 */
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import type { AgentTextField } from './schema.ts';

/** Always personal: how to reach a person. */
export const ALWAYS_PERSONAL = ['contact'] as const satisfies readonly AgentTextField[];
/** Agent fields an owner may also mark personal (the name and the municipality place the agent). */
export const MARKABLE_PERSONAL = ['address', 'website', 'description'] as const satisfies readonly AgentTextField[];
export type PersonalField = (typeof ALWAYS_PERSONAL)[number] | (typeof MARKABLE_PERSONAL)[number];

/** The personal fields of a map: the ones always personal and the owner's marks, in one order. */
export function personalFields(marked: readonly string[] = []): PersonalField[] {
	return [...ALWAYS_PERSONAL, ...MARKABLE_PERSONAL.filter((field) => marked.includes(field))];
}

/**
 * The update with `fields` taken out of every record it carries; the same bytes when it carries
 * none of them. Records are JSON text (record-fold.ts); a text is read only when it may name a
 * field (a key written with escapes has a backslash, so it is read too).
 */
export function withoutPersonalFields(update: Uint8Array, fields: readonly string[]): Uint8Array {
	if (fields.length === 0) return update;
	const decoded = Y.decodeUpdate(update);
	const quoted = fields.map((field) => `"${field}"`);
	let changed = false;
	for (const struct of decoded.structs) {
		if (!(struct instanceof Y.Item) || !(struct.content instanceof Y.ContentAny)) continue;
		const values = struct.content.getContent();
		let redacted: unknown[] | null = null;
		values.forEach((value, index) => {
			if (typeof value !== 'string' || !(value.includes('\\') || quoted.some((key) => value.includes(key)))) return;
			const without = recordWithout(value, fields);
			if (without === null) return;
			redacted ??= [...values];
			redacted[index] = without;
		});
		if (redacted) {
			struct.content = new Y.ContentAny(redacted);
			changed = true;
		}
	}
	return changed ? encodeUpdate(decoded) : update;
}

/** The record's text without the fields it sets among `fields`; null when it sets none (or is not a record). */
function recordWithout(text: string, fields: readonly string[]): string | null {
	let record: unknown;
	try {
		record = JSON.parse(text);
	} catch {
		return null;
	}
	if (!isObject(record) || !isObject(record.set)) return null;
	const set = record.set;
	// An empty value tells nothing (every new agent's record sets one): kept, so the bytes stay.
	const personal = (key: string) => fields.includes(key) && set[key] !== '';
	if (!Object.keys(set).some(personal)) return null;
	const kept = Object.fromEntries(Object.entries(set).filter(([key]) => !personal(key)));
	return JSON.stringify({ ...record, set: kept });
}

function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Writes decoded structs and a delete set back as a (v1) update, in the layout Yjs reads: per
 * client, the number of structs, the client, the first clock, the structs; then the deletions.
 * Yjs has no public function for this; its structs and encoder write themselves.
 */
function encodeUpdate({ structs, ds }: ReturnType<typeof Y.decodeUpdate>): Uint8Array {
	const encoder = new Y.UpdateEncoderV1();
	const byClient = new Map<number, typeof structs>();
	for (const struct of structs) {
		const list = byClient.get(struct.id.client);
		if (list) list.push(struct);
		else byClient.set(struct.id.client, [struct]);
	}
	encoding.writeVarUint(encoder.restEncoder, byClient.size);
	for (const [client, list] of byClient) {
		encoding.writeVarUint(encoder.restEncoder, list.length);
		encoder.writeClient(client);
		encoding.writeVarUint(encoder.restEncoder, list[0].id.clock);
		for (const struct of list) struct.write(encoder, 0);
	}
	encoding.writeVarUint(encoder.restEncoder, ds.clients.size);
	for (const [client, ranges] of ds.clients) {
		encoder.resetDsCurVal();
		encoding.writeVarUint(encoder.restEncoder, client);
		encoding.writeVarUint(encoder.restEncoder, ranges.length);
		for (const range of ranges) {
			encoder.writeDsClock(range.clock);
			encoder.writeDsLen(range.len);
		}
	}
	return encoder.toUint8Array();
}
