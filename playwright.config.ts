import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './scripts/chromium.ts';
import { E2E_SMTP_PORT } from './tests/e2e/mail-helper.ts';

/**
 * End-to-end tests drive Debian's chromium (Playwright's own browser download cannot work
 * offline) against the real built app and server, with a fresh database per run.
 */
const PORT = Number(process.env.E2E_PORT ?? 3100);

export default defineConfig({
	testDir: 'tests/e2e',
	outputDir: 'test-results',
	timeout: 60_000,
	expect: { timeout: 15_000 },
	fullyParallel: false,
	workers: 1,
	retries: 0,
	reporter: [['list']],
	use: {
		baseURL: `http://localhost:${PORT}`,
		viewport: { width: 1280, height: 800 },
		launchOptions: {
			executablePath: CHROMIUM_PATH,
			args: CHROMIUM_ARGS
		}
	},
	webServer: {
		command: `rm -rf .e2e-data-${PORT} && node server/main.ts`,
		env: {
			PORT: String(PORT),
			DATA_DIR: `.e2e-data-${PORT}`,
			HOST: '127.0.0.1',
			// Every test signs up from 127.0.0.1: a person-sized limit on sign-ups per address
			// (tested in tests/server/throttling.test.ts) would refuse the suite's accounts.
			SIGNUPS_PER_ADDRESS: '100000',
			// The suite's tests edit the demo as any fresh account; tests/e2e/demo-copy.test.ts
			// starts its own server with the default (viewer) to check the read-only demo.
			DEMO_ROLE: 'editor',
			// Email goes to an SMTP server that a test starts on this port when it reads mail
			// (tests/e2e/password-reset.test.ts); until then, delivery is retried.
			SMTP_URL: `smtp://127.0.0.1:${E2E_SMTP_PORT}`,
			PUBLIC_URL: `http://localhost:${PORT}`,
			MAIL_RETRY_MS: '200',
			...(process.env.BUILD_DIR ? { BUILD_DIR: process.env.BUILD_DIR } : {})
		},
		url: `http://localhost:${PORT}/api/health`,
		reuseExistingServer: false,
		timeout: 60_000,
		stdout: 'ignore',
		stderr: 'pipe'
	}
});
