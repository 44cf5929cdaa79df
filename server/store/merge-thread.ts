/**
 * The merge thread's entry (started by merge-worker.ts): merges the parts it is sent and sends
 * the snapshot back, so a merge of a large map (seconds at 50,000 agents) never blocks the
 * server's event loop.
 */
import { parentPort } from 'node:worker_threads';
import { ownsBuffer, type MergeReply, type MergeRequest } from './merge-worker.ts';
import { mergeParts } from './snapshot.ts';

parentPort!.on('message', ({ id, parts }: MergeRequest) => {
	let reply: MergeReply;
	try {
		reply = { id, merged: mergeParts(parts) };
	} catch (error) {
		// Plain fields, which always cross threads: the other side wraps them into the same
		// StoreError an inline merge raises.
		reply = { id, error: { message: String((error as Error)?.message ?? error), stack: (error as Error)?.stack } };
	}
	parentPort!.postMessage(reply, 'merged' in reply && ownsBuffer(reply.merged) ? [reply.merged.buffer] : []);
});
