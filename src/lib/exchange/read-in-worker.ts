/**
 * Browser side of reading an import file: checks the size before loading the bytes, reads in
 * a Web Worker, and falls back to reading on the page if a worker cannot start (an old
 * browser, a strict content policy).
 */
import { MAX_IMPORT_BYTES } from './decode.ts';
import { ImportError, type ImportErrorCode, type ImportTable } from './types.ts';

export interface WorkerRequest {
	bytes: ArrayBuffer;
	name: string;
}
export type WorkerReply =
	| { ok: true; table: ImportTable }
	| { ok: false; code: ImportErrorCode | null; message: string; params: Record<string, string | number> };

export async function readInWorker(file: File): Promise<ImportTable> {
	// Refuse before reading: loading a 2 GB file only to refuse it would freeze the tab.
	if (file.size > MAX_IMPORT_BYTES) {
		throw new ImportError('too-large', 'the file is larger than the import limit', {
			size: (file.size / 1024 / 1024).toFixed(1),
			limit: (MAX_IMPORT_BYTES / 1024 / 1024).toFixed(1)
		});
	}
	const bytes = await file.arrayBuffer();
	let worker: Worker;
	try {
		worker = new Worker(new URL('./import-worker.ts', import.meta.url), { type: 'module' });
	} catch {
		return readOnPage(bytes, file.name);
	}
	return new Promise<ImportTable>((resolve, reject) => {
		worker.onmessage = (event: MessageEvent<WorkerReply>) => {
			worker.terminate();
			const reply = event.data;
			if (reply.ok) resolve(reply.table);
			else if (reply.code) reject(new ImportError(reply.code, reply.message, reply.params));
			else reject(new Error(reply.message));
		};
		worker.onerror = (event) => {
			event.preventDefault();
			worker.terminate();
			console.warn('the import worker failed; reading on the page instead', event.message);
			readOnPage(bytes, file.name).then(resolve, reject);
		};
		// Copied, not transferred: the fallback above still needs them.
		worker.postMessage({ bytes, name: file.name } satisfies WorkerRequest);
	});
}

/** The parsers load only when needed: the page's own bundle does not carry them. */
async function readOnPage(bytes: ArrayBuffer, name: string): Promise<ImportTable> {
	const { readImportFile } = await import('./read-file.ts');
	return readImportFile(new Uint8Array(bytes), name);
}
