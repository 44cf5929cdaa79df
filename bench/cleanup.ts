/**
 * Last-resort cleanup when the benchmark is interrupted (Ctrl-C, SIGTERM, a crash): kill the
 * server children it started and delete its temporary directories. Normal runs release each
 * of these themselves as they go.
 */
import type { ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';

const children = new Set<ChildProcess>();
const directories = new Set<string>();
let installed = false;

function install(): void {
	if (installed) return;
	installed = true;
	process.once('exit', () => {
		for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
		for (const dir of directories) rmSync(dir, { recursive: true, force: true });
	});
	for (const signal of ['SIGINT', 'SIGTERM'] as const) {
		process.once(signal, () => process.exit(signal === 'SIGINT' ? 130 : 143));
	}
}

export function trackChild(child: ChildProcess): void {
	install();
	children.add(child);
	child.once('exit', () => children.delete(child));
}

export function trackDirectory(dir: string): () => void {
	install();
	directories.add(dir);
	return () => {
		rmSync(dir, { recursive: true, force: true });
		directories.delete(dir);
	};
}
