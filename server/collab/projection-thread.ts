/**
 * The projection thread's entry (started by projection-worker.ts): takes the personal fields out
 * of a large update off the event loop (seconds for a 50,000-agent map's whole state).
 */
import { parentPort } from 'node:worker_threads';
import { withoutPersonalFields } from '../../src/lib/model/personal-fields.ts';
import type { ProjectionReply, ProjectionRequest } from './projection-worker.ts';

parentPort!.on('message', ({ id, update, fields }: ProjectionRequest) => {
	let reply: ProjectionReply;
	try {
		// The update is this thread's copy, and a redacted one is new: either buffer can move back.
		reply = { id, projected: withoutPersonalFields(update, fields) };
	} catch (error) {
		reply = { id, error: String((error as Error)?.message ?? error) };
	}
	parentPort!.postMessage(reply, 'projected' in reply ? [reply.projected.buffer as ArrayBuffer] : []);
});
