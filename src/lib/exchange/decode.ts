/**
 * What kind of file arrived, and its text. Spreadsheets made in Colombia come as UTF-8 with
 * or without a byte-order mark, as Windows-1252 (Excel's "CSV (delimitado por comas)"), or as
 * UTF-16 ("Texto Unicode"); anything with control bytes all over it is not a table at all.
 */
import { ImportError, type ImportFormat } from './types.ts';

export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;

export type Sniffed = { format: 'xlsx' } | { format: Exclude<ImportFormat, 'xlsx'>; text: string; encoding: string };

export function sniff(bytes: Uint8Array, fileName = ''): Sniffed {
	if (bytes.length > MAX_IMPORT_BYTES) {
		throw new ImportError('too-large', 'the file is larger than the import limit', {
			size: megabytes(bytes.length),
			limit: megabytes(MAX_IMPORT_BYTES)
		});
	}
	if (bytes.length === 0) throw new ImportError('empty', 'the file is empty');
	if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return { format: 'xlsx' };
	if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0])) throw new ImportError('legacy-xls', 'old binary Excel file');
	const { text, encoding } = decodeText(bytes);
	if (looksBinary(text)) throw new ImportError('binary', 'the file is not text');
	const trimmed = text.trimStart();
	const json = /\.(geo)?json$/i.test(fileName) || trimmed.startsWith('{') || trimmed.startsWith('[');
	if (!trimmed) throw new ImportError('empty', 'the file has only blank space');
	return { format: json ? 'geojson' : 'csv', text, encoding };
}

export function decodeText(bytes: Uint8Array): { text: string; encoding: string } {
	if (startsWith(bytes, [0xef, 0xbb, 0xbf])) return { text: decode('utf-8', bytes.subarray(3)), encoding: 'utf-8' };
	if (startsWith(bytes, [0xff, 0xfe])) return { text: decode('utf-16le', bytes.subarray(2)), encoding: 'utf-16le' };
	if (startsWith(bytes, [0xfe, 0xff])) return { text: decode('utf-16be', bytes.subarray(2)), encoding: 'utf-16be' };
	try {
		return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
	} catch {
		// Not valid UTF-8: every byte sequence is valid Windows-1252, the Spanish Excel default.
		return { text: decode('windows-1252', bytes), encoding: 'windows-1252' };
	}
}

function decode(encoding: string, bytes: Uint8Array): string {
	return new TextDecoder(encoding).decode(bytes);
}

/** NUL bytes, or more than 1% control characters other than tab and line breaks. */
function looksBinary(text: string): boolean {
	const sample = text.slice(0, 65_536);
	if (sample.includes('\0')) return true;
	const controls = sample.match(/[\x01-\x08\x0b\x0e-\x1f\x7f\ufffd]/g)?.length ?? 0;
	return controls > sample.length / 100;
}

function startsWith(bytes: Uint8Array, prefix: number[]): boolean {
	return prefix.every((byte, i) => bytes[i] === byte);
}

function megabytes(bytes: number): string {
	return (bytes / 1024 / 1024).toFixed(1);
}
