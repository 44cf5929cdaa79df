/**
 * CPU time and memory of another process, read from Linux's /proc, so the benchmark can watch
 * the server child without any hook in the server's code.
 */
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

let ticksPerSecond = 0;

function clockTicks(): number {
	if (!ticksPerSecond) {
		try {
			ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
		} catch {
			ticksPerSecond = 100;
		}
	}
	return ticksPerSecond;
}

/** User + system CPU seconds the process has used so far. */
export function cpuSeconds(pid: number): number {
	const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
	// The command name (field 2) may contain spaces: count fields after its closing parenthesis.
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	const utime = Number(fields[11]);
	const stime = Number(fields[12]);
	return (utime + stime) / clockTicks();
}

export interface ProcessMemory {
	/** Resident set size now, bytes. */
	rss: number;
	/** Peak resident set size since the process started, bytes. */
	peakRss: number;
}

export function processMemory(pid: number): ProcessMemory {
	const status = readFileSync(`/proc/${pid}/status`, 'utf8');
	const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN) * 1024;
	return { rss: kb('VmRSS'), peakRss: kb('VmHWM') };
}

/** Measures the CPU a process spends while `work` runs: seconds, and cores used on average. */
export async function cpuDuring<T>(pid: number, work: () => Promise<T>): Promise<{ result: T; cpuSeconds: number; wallSeconds: number; cores: number }> {
	const cpu0 = cpuSeconds(pid);
	const t0 = performance.now();
	const result = await work();
	const wallSeconds = (performance.now() - t0) / 1000;
	const used = cpuSeconds(pid) - cpu0;
	return { result, cpuSeconds: used, wallSeconds, cores: used / wallSeconds };
}
