/**
 * Calls to Tejido's HTTP API from the browser. Every failure comes back as a value with the
 * server's explanation (written for the user), never as an exception to forget to catch.
 */
export type ApiResult<T> =
	| { ok: true; status: number; data: T }
	| { ok: false; status: number; error: string; field?: string; code?: string };

export async function api<T = Record<string, unknown>>(
	method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
	path: string,
	body?: unknown,
	fetcher: typeof fetch = fetch
): Promise<ApiResult<T>> {
	let response: Response;
	try {
		response = await fetcher(path, {
			method,
			headers: body === undefined ? {} : { 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body)
		});
	} catch {
		return { ok: false, status: 0, error: 'offline' };
	}
	let data: Record<string, unknown> = {};
	try {
		data = await response.json();
	} catch {
		// An empty or non-JSON body: the status says enough.
	}
	if (response.ok) return { ok: true, status: response.status, data: data as T };
	return {
		ok: false,
		status: response.status,
		error: typeof data.error === 'string' ? data.error : `HTTP ${response.status}`,
		field: typeof data.field === 'string' ? data.field : undefined,
		code: typeof data.code === 'string' ? data.code : undefined
	};
}

export interface Me {
	id: string;
	email: string;
	name: string;
	isAdmin: boolean;
}

export async function fetchMe(fetcher: typeof fetch = fetch): Promise<Me | null> {
	const result = await api<{ user: Me }>('GET', '/api/me', undefined, fetcher);
	return result.ok ? result.data.user : null;
}
