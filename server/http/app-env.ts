import type { HttpBindings } from '@hono/node-server';
import type { MapAccess } from '../auth/map-access.ts';
import type { ValidSession } from '../auth/sessions.ts';

/** The Hono environment of every route: Node's request/response, the session and map access. */
export type AppEnv = {
	Bindings: HttpBindings;
	Variables: { session: ValidSession | null; access: MapAccess; shareToken: string | null };
};
