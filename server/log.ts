/** One-line structured logs on stderr: what happened, plus the fields an operator needs. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

const LEVELS: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };
const threshold = LEVELS[(process.env.LOG_LEVEL as LogLevel) ?? 'info'] ?? LEVELS.info;

export function log(level: LogLevel, message: string, fields: Record<string, unknown> = {}): void {
	if (LEVELS[level] < threshold) return;
	const extra = Object.entries(fields)
		.map(([key, value]) => `${key}=${value instanceof Error ? JSON.stringify(value.message) : JSON.stringify(value)}`)
		.join(' ');
	process.stderr.write(`${new Date().toISOString()} ${level.toUpperCase()} ${message}${extra ? ' ' + extra : ''}\n`);
}
