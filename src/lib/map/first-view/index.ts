/**
 * A large map's first view, owned here from request to hand-over. A map of
 * FIRST_VIEW_MIN_AGENTS or more is first drawn, read-only, from a small view the server makes
 * from the same document and filter, while the document (90 MB at 50,000 agents) is received:
 *
 * 1. the server builds it (format.ts `buildFirstView`, served by server/http/first-view-routes.ts);
 * 2. the page asks for it beside the map (fetch.ts, from src/routes/maps/[id]/+page.ts);
 * 3. the editor shows it until the document is here, and says when the document may be read
 *    (display.svelte.ts: `documentMayBeRead`, which MapSession takes as `readAfter` for the
 *    replica and for a large sync; collab/replica-held.ts tells whether there is a replica);
 * 4. the map's sources hold it until the live view takes over (swap.svelte.ts, in AgentLayers),
 *    keeping the drawing when it is the same (format.ts `drawsTheSame`).
 */
export type { FirstView } from './format.ts';
export { fetchFirstView } from './fetch.ts';
export { FirstViewDisplay } from './display.svelte.ts';
export { FirstViewSwap } from './swap.svelte.ts';
