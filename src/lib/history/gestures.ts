/**
 * Joins the stored updates of one gesture into one activity entry: a drag writes an update
 * every 50 ms and typing a name one per keystroke, but a person did one thing. Pure: the
 * server's activity route runs it over the digested updates it pages through.
 *
 * Updates join when they are next to each other in the log (newest first), come from the same
 * actor, do the same thing (same entities, same action, same fields) and are at most
 * `GESTURE_GAP_MS` apart. Grouping only neighbours is what lets the feed page with one cursor:
 * an entry never spans records another entry holds, so a page that ends where an entry ends
 * and the next page that starts after it neither repeat nor lose an update.
 */

/** A drag or typing pauses for seconds, a new sitting starts minutes later: two minutes joins the one and not the other. */
export const GESTURE_GAP_MS = 2 * 60_000;

export interface FeedEntity {
	collection: string;
	id: string;
	action: 'added' | 'changed' | 'deleted';
	name: string;
	fields: string[];
}

export interface FeedRecord {
	seq: number;
	actor: string;
	at: number;
	entityCount: number;
	entities: readonly FeedEntity[];
}

/** One gesture: the updates from `oldestSeq` to `seq`, made between `from` and `at`. */
export interface Gesture {
	/** The newest update's sequence number and time. */
	seq: number;
	at: number;
	/** The oldest update's: a page that ends with this gesture continues before `oldestSeq`. */
	oldestSeq: number;
	from: number;
	updates: number;
	actor: string;
	entityCount: number;
	/** As the newest update names them (a renamed agent shows its new name). */
	entities: FeedEntity[];
}

/**
 * Records, newest first, as gestures, newest first. The last gesture may continue in records
 * older than those given: see `completeGestures`.
 */
export function groupGestures(records: readonly FeedRecord[], gapMs = GESTURE_GAP_MS): Gesture[] {
	const gestures: Gesture[] = [];
	let last: FeedRecord | null = null;
	for (const record of records) {
		const current = gestures.at(-1);
		if (current && last && continues(last, record, gapMs)) {
			current.oldestSeq = record.seq;
			current.from = record.at;
			current.updates++;
		} else {
			gestures.push({
				seq: record.seq,
				at: record.at,
				oldestSeq: record.seq,
				from: record.at,
				updates: 1,
				actor: record.actor,
				entityCount: record.entityCount,
				entities: record.entities.map((entity) => ({ ...entity, fields: [...entity.fields] }))
			});
		}
		last = record;
	}
	return gestures;
}

/**
 * What lies before the records a page was given: nothing (`none`), maybe more (`more`), or
 * more that the caller will not read for this page (`cut`, a bound on one page's work).
 */
export type OlderRecords = 'none' | 'more' | 'cut';

/**
 * The first `limit` gestures of `records` (newest first), each whole: a gesture is known to be
 * whole once another one follows it, or when nothing is older. Null when more records must be
 * read first. `next` is where the following page starts (`before`), or null at the end. At a
 * `cut` the last gesture may go on in the next page, as a second entry, still never repeating
 * or losing an update.
 */
export function pageOfGestures(
	records: readonly FeedRecord[],
	limit: number,
	older: OlderRecords,
	gapMs = GESTURE_GAP_MS
): { gestures: Gesture[]; next: number | null } | null {
	const gestures = groupGestures(records, gapMs);
	if (gestures.length > limit) return { gestures: gestures.slice(0, limit), next: gestures[limit - 1].oldestSeq };
	if (older === 'none') return { gestures, next: null };
	if (older === 'cut') return { gestures, next: gestures.at(-1)?.oldestSeq ?? null };
	return null;
}

/** Whether `older`, the record after `newer` in the log, is more of the same gesture. */
function continues(newer: FeedRecord, older: FeedRecord, gapMs: number): boolean {
	return newer.actor === older.actor && newer.at - older.at <= gapMs && sameWork(newer, older);
}

function sameWork(a: FeedRecord, b: FeedRecord): boolean {
	if (a.entityCount !== b.entityCount || a.entities.length !== b.entities.length) return false;
	const keys = (record: FeedRecord) => record.entities.map(workKey).sort();
	const [ka, kb] = [keys(a), keys(b)];
	return ka.every((key, i) => key === kb[i]);
}

function workKey(entity: FeedEntity): string {
	return [entity.collection, entity.id, entity.action, [...entity.fields].sort().join(',')].join('\u0000');
}

/** Reads records older than `before` (all when undefined), newest first, at most `limit`. */
export type ReadRecords = (before: number | undefined, limit: number) => Promise<readonly FeedRecord[]>;

/**
 * One page of the feed: reads records in batches until `limit` whole gestures are known, the
 * log ends, or `maxRecords` were read (a drag of thousands of updates is then split in two).
 */
export async function readGesturePage(
	read: ReadRecords,
	options: { before?: number; limit: number; batch: number; maxRecords: number; gapMs?: number }
): Promise<{ gestures: Gesture[]; next: number | null }> {
	const records: FeedRecord[] = [];
	let before = options.before;
	for (;;) {
		const batch = await read(before, options.batch);
		records.push(...batch);
		const older: OlderRecords = batch.length < options.batch ? 'none' : records.length >= options.maxRecords ? 'cut' : 'more';
		const page = pageOfGestures(records, options.limit, older, options.gapMs);
		if (page) return page;
		before = batch.at(-1)!.seq;
	}
}
