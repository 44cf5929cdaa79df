/** A small HTTP client for server tests: JSON in and out, one cookie jar per account. */
export interface Reply {
	status: number;
	body: Record<string, unknown>;
	cookie: string | null;
}

export class Client {
	readonly base: string;
	cookie: string;
	/** A share-link token sent with every request, for partner (no account) access. */
	share: string | null = null;

	constructor(base: string, cookie = '') {
		this.base = base;
		this.cookie = cookie;
	}

	async request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply> {
		const url = new URL(path, this.base);
		if (this.share) url.searchParams.set('share', this.share);
		const response = await fetch(url, {
			method,
			headers: {
				...(body !== undefined ? { 'content-type': 'application/json' } : {}),
				...(this.cookie ? { cookie: this.cookie } : {}),
				...headers
			},
			body: body === undefined ? undefined : JSON.stringify(body)
		});
		const setCookie = response.headers.get('set-cookie');
		const session = setCookie?.match(/tejido_session=([^;]*)/);
		if (session) this.cookie = session[1] ? `tejido_session=${session[1]}` : '';
		const text = await response.text();
		let parsed: Record<string, unknown> = {};
		try {
			parsed = text ? JSON.parse(text) : {};
		} catch {
			parsed = { text };
		}
		return { status: response.status, body: parsed, cookie: setCookie };
	}

	get = (path: string) => this.request('GET', path);
	post = (path: string, body: unknown = {}) => this.request('POST', path, body);
	patch = (path: string, body: unknown = {}) => this.request('PATCH', path, body);
	delete = (path: string) => this.request('DELETE', path);

	/** Signs up a fresh account and keeps its session. */
	async signUp(name: string, password = 'correct horse battery'): Promise<{ id: string; email: string }> {
		const email = `${name.toLowerCase()}-${Math.random().toString(36).slice(2, 8)}@example.org`;
		const reply = await this.post('/api/auth/signup', { email, name, password });
		if (reply.status !== 201) throw new Error(`sign-up failed: ${JSON.stringify(reply.body)}`);
		return { id: (reply.body.user as { id: string }).id, email };
	}
}
