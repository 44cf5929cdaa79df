import { readFileSync } from 'node:fs';
const p = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const byId = new Map(p.nodes.map((n: any) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const bucketMs = Number(process.argv[3] ?? 1000);
let t = 0; const buckets: Map<string, number>[] = [];
p.samples.forEach((id: number, i: number) => {
  t += p.timeDeltas[i] / 1000;
  const b = Math.floor(t / bucketMs);
  buckets[b] ??= new Map();
  // find first frame with a url file name + top-level category
  let n: any = byId.get(id); let label = n.callFrame.functionName || '(anon)';
  const chain: string[] = [];
  let cur: any = n; while (cur) { const f = cur.callFrame; chain.push((f.functionName||'?') + '@' + (f.url.split('/').pop()||'') ); cur = byId.get(parent.get(cur.id)!); }
  const root = chain.slice(-4, -1).reverse().join(' > ');
  const key = ['(idle)','(program)','(garbage collector)'].includes(label) ? label : root;
  buckets[b].set(key, (buckets[b].get(key) ?? 0) + p.timeDeltas[i] / 1000);
});
buckets.forEach((m, i) => { if (!m) return; const top = [...m].sort((a, b) => b[1] - a[1]).slice(0, 4).map(([k, v]) => `${Math.round(v)} ${k.slice(0, 90)}`); console.log(`${i * bucketMs}ms: ${top.join(' | ')}`); });
