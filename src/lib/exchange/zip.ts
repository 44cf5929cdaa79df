/**
 * A zip of text files written in parts, through fflate's streaming `Zip`: each part is encoded
 * and deflated as it comes, so a 100 MB export is never one string or one buffer before the
 * archive. Synchronous (`ZipDeflate`): fflate's callbacks run inside `push`.
 */
import { Zip, ZipDeflate, strToU8 } from 'fflate';

export interface ZipEntry {
	name: string;
	parts: readonly string[];
}

/** The archive's bytes in chunks, for `new Blob(chunks)` or `Buffer.concat(chunks)`. */
export function zipText(entries: readonly ZipEntry[], modified: Date): Uint8Array[] {
	const chunks: Uint8Array[] = [];
	let failure: Error | null = null;
	const zip = new Zip((error, chunk) => {
		if (error) failure = error;
		else chunks.push(chunk);
	});
	for (const entry of entries) {
		const file = new ZipDeflate(entry.name, { level: 6 });
		file.mtime = modified;
		zip.add(file);
		entry.parts.forEach((part, index) => file.push(strToU8(part), index === entry.parts.length - 1));
		if (entry.parts.length === 0) file.push(new Uint8Array(0), true);
	}
	zip.end();
	if (failure) throw failure;
	return chunks;
}
