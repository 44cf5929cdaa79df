/**
 * What the copy of a map without personal fields costs the server (share links,
 * src/lib/model/personal-fields.ts): redacting a generated map's whole state (done once per
 * kept encoding, on the event loop) and one agent's edit (done once per live update for all
 * share links). Not part of `npm run bench`.
 *
 *   npx node bench/projection-bench.ts --agents=50000 [--seed=2026] [--rounds=3]
 */
import * as Y from 'yjs';
import { generateMap } from './generate-map.ts';
import { distribution } from './stats.ts';
import { numberOption, timed } from './script-options.ts';
import { withoutPersonalFields } from '../src/lib/model/personal-fields.ts';

const agents = numberOption('agents', 50_000);
const rounds = numberOption('rounds', 3);
const { map } = generateMap({ agents, seed: numberOption('seed', 2026) });
const whole = Y.encodeStateAsUpdate(map.doc);
const wholeMs: number[] = [];
let redacted = whole;
for (let round = 0; round < rounds; round++) {
	const [out, ms] = timed(() => withoutPersonalFields(whole, ['contact']));
	redacted = out;
	wholeMs.push(ms);
}
const edits: Uint8Array[] = [];
map.doc.on('update', (update: Uint8Array) => edits.push(update));
const ids = map.agents().slice(0, 200).map((agent) => agent.id);
for (const [i, id] of ids.entries()) map.updateAgent(id, { contact: `persona${i}@example.org`, name: `Agente ${i}` });
const editMs = edits.map((update) => timed(() => withoutPersonalFields(update, ['contact']))[1]);
const mb = (bytes: number) => (bytes / 1e6).toFixed(1);
console.log(`agents ${agents}: whole state ${mb(whole.byteLength)} MB → ${mb(redacted.byteLength)} MB without contacts`);
console.log(`  whole state redacted (ms): ${JSON.stringify(distribution(wholeMs))}`);
console.log(`  one agent's edit (${edits[0]?.byteLength ?? 0} bytes) redacted (ms): ${JSON.stringify(distribution(editMs))}`);
