/**
 * A Web Worker that reads a dropped file into a table, so unzipping a spreadsheet or parsing
 * a large CSV never freezes the page. Errors travel back as plain data (an `ImportError`'s code
 * and parameters), since a class instance does not survive `postMessage`.
 */
import { readImportFile } from './read-file.ts';
import { ImportError } from './types.ts';
import type { WorkerReply, WorkerRequest } from './read-in-worker.ts';

const scope = self as unknown as {
	onmessage: ((event: MessageEvent<WorkerRequest>) => void) | null;
	postMessage(message: WorkerReply): void;
};

scope.onmessage = async (event) => {
	try {
		const table = await readImportFile(new Uint8Array(event.data.bytes), event.data.name);
		scope.postMessage({ ok: true, table });
	} catch (error) {
		scope.postMessage(
			error instanceof ImportError
				? { ok: false, code: error.code, message: error.message, params: error.params }
				: { ok: false, code: null, message: error instanceof Error ? error.message : String(error), params: {} }
		);
	}
};
