/**
 * Validation of values read from a shared document. A peer may be buggy or hostile, so every
 * read goes through here: a wrong type becomes the field's empty value, an over-long text is
 * cut, and each such repair is reported as an `Issue` instead of crashing a view or an export.
 */
import { MAX_TEXT, type LonLat } from './schema.ts';

export interface Issue {
	collection: string;
	id: string;
	field: string;
	problem: string;
}

/** Collects the problems met while reading one entity. */
export class IssueLog {
	readonly issues: Issue[] = [];
	private readonly collection: string;
	private readonly id: string;
	constructor(collection: string, id: string) {
		this.collection = collection;
		this.id = id;
	}
	add(field: string, problem: string): void {
		this.issues.push({ collection: this.collection, id: this.id, field, problem });
	}
}

export function isValidLonLat(value: unknown): value is LonLat {
	return (
		Array.isArray(value) &&
		value.length === 2 &&
		typeof value[0] === 'number' &&
		typeof value[1] === 'number' &&
		Number.isFinite(value[0]) &&
		Number.isFinite(value[1]) &&
		value[0] >= -180 &&
		value[0] <= 180 &&
		value[1] >= -90 &&
		value[1] <= 90
	);
}

export function readText(value: unknown, field: string, log: IssueLog, maxKey = field): string {
	if (value === undefined || value === null) return '';
	if (typeof value !== 'string') {
		log.add(field, `expected text, got ${typeof value}`);
		return '';
	}
	const max = MAX_TEXT[maxKey] ?? 1000;
	if (value.length > max) {
		log.add(field, `text longer than ${max} characters was cut`);
		return value.slice(0, max);
	}
	return value;
}

export function readNumber(value: unknown, field: string, log: IssueLog, fallback: number): number {
	if (value === undefined) return fallback;
	if (typeof value !== 'number' || !Number.isFinite(value)) {
		log.add(field, 'expected a finite number');
		return fallback;
	}
	return value;
}

export function readChoice<T extends string>(
	value: unknown,
	choices: readonly T[],
	field: string,
	log: IssueLog,
	fallback: T
): T {
	if (typeof value === 'string' && (choices as readonly string[]).includes(value)) return value as T;
	// Never String() a hostile value: an object with a broken toString would throw here.
	if (value !== undefined) {
		const shown = typeof value === 'string' ? JSON.stringify(value.slice(0, 40)) : `of type ${typeof value}`;
		log.add(field, `unknown value ${shown}`);
	}
	return fallback;
}

/** A CSS colour we are willing to hand to MapLibre: `#rgb` or `#rrggbb` only. */
export function readColor(value: unknown, field: string, log: IssueLog, fallback: string): string {
	if (typeof value === 'string' && /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.test(value)) return value;
	if (value !== undefined) log.add(field, 'expected a colour like #1a2b3c');
	return fallback;
}

/** An ISO calendar date `YYYY-MM-DD`, or empty. */
export function readDate(value: unknown, field: string, log: IssueLog): string {
	if (value === undefined || value === '') return '';
	if (isIsoDate(value)) return value;
	log.add(field, 'expected a date YYYY-MM-DD');
	return '';
}

/**
 * Checked by arithmetic rather than through `Date`: every link and interaction carries a date,
 * and building a Date and its ISO string for each took 0.2–0.4 s per 200,000 (0.02 s this way).
 */
export function isIsoDate(value: unknown): value is string {
	if (typeof value !== 'string' || !ISO_DATE.test(value)) return false;
	const year = Number(value.slice(0, 4));
	const month = Number(value.slice(5, 7));
	const day = Number(value.slice(8, 10));
	return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function daysInMonth(year: number, month: number): number {
	if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
	return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * An address people may open from a panel: http or https only. Anything else (javascript:,
 * data:, a relative path) from a peer is dropped, so a link in the timeline can never run code.
 */
export function isHttpUrl(value: unknown): value is string {
	if (typeof value !== 'string' || value.length > (MAX_TEXT.documentUrl ?? 500)) return false;
	try {
		const url = new URL(value);
		return url.protocol === 'http:' || url.protocol === 'https:';
	} catch {
		return false;
	}
}

export function readUrl(value: unknown, field: string, log: IssueLog): string {
	if (value === undefined || value === '') return '';
	if (isHttpUrl(value)) return value;
	log.add(field, 'expected an http(s) address');
	return '';
}

const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
/**
 * Names of the properties every object has. A set, not `name in Object.prototype`: `in` makes
 * V8 intern each string it is asked about, which stood out in the profile of a large map's
 * first sync (every id of 250,000 records).
 */
const PROTOTYPE_NAMES: ReadonlySet<string> = new Set(Object.getOwnPropertyNames(Object.prototype));
/**
 * Ids never name a property every object has (`__proto__`, `constructor`, …): code keyed by id
 * on plain objects, MapLibre's feature state among it, would otherwise write into
 * Object.prototype (a modified client's agent `__proto__` broke every map view once selected).
 */
export function isValidId(value: unknown): value is string {
	return typeof value === 'string' && ID_PATTERN.test(value) && isOwnableKey(value);
}

/** A key that can be written on a plain object as an own property (not `__proto__`, `toString`…). */
export function isOwnableKey(key: string): boolean {
	return !PROTOTYPE_NAMES.has(key);
}

/** Cleans a user-typed value before it is written; throws a `ModelError` when it cannot be. */
export type ModelErrorCode = 'invalid-position' | 'invalid-text' | 'unknown-agent' | 'self-link' | 'invalid-value';

export class ModelError extends Error {
	readonly code: ModelErrorCode;
	constructor(code: ModelErrorCode, message: string) {
		super(message);
		this.name = 'ModelError';
		this.code = code;
	}
}

export function cleanText(value: string, field: string): string {
	if (typeof value !== 'string') throw new ModelError('invalid-text', `${field} must be text`);
	const max = MAX_TEXT[field] ?? 1000;
	const trimmed = value.trim();
	if (trimmed.length > max) {
		throw new ModelError('invalid-text', `${field} is longer than ${max} characters`);
	}
	return trimmed;
}

export function cleanId(value: string): string {
	if (!isValidId(value)) throw new ModelError('invalid-value', 'an id is 1–64 letters, digits, - or _');
	return value;
}

export function cleanColor(value: string): string {
	if (typeof value !== 'string' || !/^#([0-9a-f]{3}|[0-9a-f]{6})$/i.test(value)) {
		throw new ModelError('invalid-value', 'a colour is written like #1a2b3c');
	}
	return value;
}

/** Link strength on a 1–5 scale; anything else is refused rather than guessed. */
export function cleanWeight(value: number): number {
	if (typeof value !== 'number' || !Number.isFinite(value)) {
		throw new ModelError('invalid-value', 'a link weight is a number from 1 to 5');
	}
	return Math.min(5, Math.max(1, Math.round(value)));
}

export function cleanDate(value: string): string {
	if (value === '') return '';
	if (!isIsoDate(value)) throw new ModelError('invalid-value', 'a date is written YYYY-MM-DD');
	return value;
}

export function cleanUrl(value: string, field: string): string {
	const text = cleanText(value, field);
	if (text === '') return '';
	if (!isHttpUrl(text)) throw new ModelError('invalid-value', 'a document link is an address starting with http:// or https://');
	return text;
}

/** A whole number of at least 1 (a target's goal). */
export function cleanCount(value: number, what: string): number {
	if (!Number.isInteger(value) || value < 1 || value > 1_000_000) {
		throw new ModelError('invalid-value', `${what} is a whole number from 1 to 1,000,000`);
	}
	return value;
}

export function cleanChoice<T extends string>(value: T, choices: readonly T[], what: string): T {
	if (!choices.includes(value)) throw new ModelError('invalid-value', `unknown ${what} "${String(value).slice(0, 40)}"`);
	return value;
}

export function cleanLonLat(value: readonly number[]): LonLat {
	if (!isValidLonLat(value)) {
		throw new ModelError(
			'invalid-position',
			'a position is [longitude, latitude] with longitude in −180…180 and latitude in −90…90'
		);
	}
	// Seven decimals is ~1 cm: enough for any map, and what RFC 7946 recommends.
	return [round7(value[0]), round7(value[1])];
}

function round7(n: number): number {
	return Math.round(n * 1e7) / 1e7;
}
