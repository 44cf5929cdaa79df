import adapter from '@sveltejs/adapter-node';
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';
import { PAGE_CSP } from './server/http/security-headers.ts';
import { tejidoDevServer } from './server/http/vite-plugin.ts';

// SvelteKit 3 reads its configuration here (a svelte.config.js file is refused by kit 3).
export default defineConfig({
	plugins: [
		tejidoDevServer(),
		sveltekit({
			compilerOptions: {
				runes: ({ filename }) =>
					filename.split(/[/\\]/).includes('node_modules') ? undefined : true
			},
			// The Hono server in server/ wraps the adapter-node handler, so one process serves
			// the API, the collaboration websocket and the pages on one port.
			// BUILD_DIR lets two test runs on one machine build side by side (see README, Tests):
			// the build and kit's intermediate output both go to their own directories.
			// 'auto': a nonce for the inline bootstrap script of each rendered page.
			csp: { mode: 'auto', directives: PAGE_CSP },
			adapter: adapter({ out: process.env.BUILD_DIR ?? 'build' }),
			...(process.env.BUILD_DIR ? { outDir: `.svelte-kit-${process.env.BUILD_DIR}` } : {})
		})
	],
	server: { port: 3000, strictPort: false },
	test: {
		projects: [
			{
				extends: true,
				// Property tests replay hundreds of random edit sequences: seconds each on a busy 2-core machine.
				test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], environment: 'node', testTimeout: 30_000 }
			},
			{
				extends: true,
				test: {
					name: 'server',
					include: ['tests/server/**/*.test.ts'],
					environment: 'node',
					testTimeout: 60_000,
					hookTimeout: 60_000,
					// Server tests start real processes and databases; running files one at a time
					// keeps a 2-core machine from starving them.
					fileParallelism: false
				}
			}
		]
	}
});
