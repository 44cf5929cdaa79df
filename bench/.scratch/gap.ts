import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { launchChromium, openMapPage, waitForAllAgents } from '../browser-bench.ts';
import { startBenchServer } from '../server-process.ts';
import { writeStoredMap } from '../stored-map.ts';
const agents = Number(process.argv[2] ?? 1000);
const dataDir = mkdtempSync(join(tmpdir(), 'gap-'));
const stored = await writeStoredMap(dataDir, agents, 2026);
const server = await startBenchServer({ dataDir, pages: true, buildDir: resolve('build-bench') });
const browser = await launchChromium();
const t0 = Date.now();
const page = await openMapPage(browser, server.url, stored, 300_000, async (page) => {
  page.on('request', (r) => { const u = r.url(); if (/\/maps\/|\/api\//.test(u)) console.log(Date.now() - t0, 'request', u.replace(server.url, '')); });
  page.on('websocket', (ws) => { console.log(Date.now() - t0, 'websocket', ws.url().replace(/^ws:\/\/[^/]+/, '')); ws.on('framereceived', (f) => { if (typeof f.payload !== 'string' && f.payload.length > 100000) console.log(Date.now() - t0, 'big frame', f.payload.length); }); });
});
const r = await waitForAllAgents(page, 300_000);
console.log('drawn', Math.round(r.allAgentsDrawnMs), 'list', Math.round(r.listShownMs));
await browser.close(); await server.stop(10_000);
