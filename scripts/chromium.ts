/**
 * How this project launches Debian's chromium (Playwright's own browser download cannot work
 * offline): one place for the e2e config, the benchmark and the install check.
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
	'--no-sandbox',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	// WebGL without a GPU: the map renders with SwiftShader.
	'--enable-unsafe-swiftshader',
	'--use-angle=swiftshader'
];
