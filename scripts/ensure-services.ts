/**
 * The server tests start their own PostgreSQL and Redis servers on loopback, from Debian's
 * `postgresql` and `redis-server` packages. Installs whichever is missing with apt when we are
 * root; otherwise says how.
 */
import { execSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';

function hasPostgres(): boolean {
	const root = '/usr/lib/postgresql';
	if (!existsSync(root)) return false;
	return readdirSync(root).some((version) => existsSync(`${root}/${version}/bin/pg_ctl`) && existsSync(`${root}/${version}/bin/initdb`));
}

function hasRedis(): boolean {
	return ['/usr/bin/redis-server', '/usr/local/bin/redis-server'].some((path) => existsSync(path));
}

const missing = [...(hasPostgres() ? [] : ['postgresql']), ...(hasRedis() ? [] : ['redis-server'])];
if (missing.length === 0) process.exit(0);
if (process.getuid?.() !== 0) {
	console.error(`The server tests (PostgreSQL store, scale-out) need ${missing.join(' and ')}. Install with: sudo apt-get install -y ${missing.join(' ')}`);
	process.exit(1);
}
console.log(`Installing ${missing.join(' and ')} for the server tests…`);
execSync(`apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${missing.join(' ')}`, { stdio: 'inherit' });
