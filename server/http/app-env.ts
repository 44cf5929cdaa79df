import type { HttpBindings } from '@hono/node-server';
import type { Access } from '../collab/access.ts';

/** The Hono environment of every route: Node's request/response, and the caller's access. */
export type AppEnv = { Bindings: HttpBindings; Variables: { access: Access } };
