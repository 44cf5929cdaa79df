const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/**
 * A random id made on the client, so that offline peers can create entities without asking
 * the server. 14 base-62 characters ≈ 83 bits: collisions are not a practical concern.
 */
export function newId(length = 14): string {
	const bytes = new Uint8Array(length);
	crypto.getRandomValues(bytes);
	let id = '';
	for (const byte of bytes) id += ALPHABET[byte % 62];
	return id;
}
