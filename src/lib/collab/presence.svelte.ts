/**
 * Presence over Yjs awareness: who else is on the map, where their pointer is and what they
 * have selected. Awareness states come from peers, so each field is checked before use.
 */
import type { Awareness } from 'y-protocols/awareness';
import { isValidLonLat, type LonLat } from '#lib/model/index.ts';
import type { Identity } from './identity.ts';

export interface Peer {
	clientId: number;
	/** The person (an account, or one browser's guest): one person's tabs share it. */
	key: string;
	name: string;
	guest: boolean;
	color: string;
	pointer: LonLat | null;
	selection: string | null;
}

export class Presence {
	private readonly awareness: Awareness;
	private readonly ownKey: string;
	#peers = $state.raw<Peer[]>([]);
	private readonly onChange = () => this.readPeers();

	constructor(awareness: Awareness, identity: Identity) {
		this.awareness = awareness;
		this.ownKey = identity.key;
		awareness.setLocalState({ user: userState(identity), pointer: null, selection: null });
		awareness.on('change', this.onChange);
	}

	get peers(): Peer[] {
		return this.#peers;
	}

	setIdentity(identity: Identity): void {
		this.awareness.setLocalStateField('user', userState(identity));
	}

	setPointer(pointer: LonLat | null): void {
		this.awareness.setLocalStateField('pointer', pointer);
	}

	setSelection(agentId: string | null): void {
		this.awareness.setLocalStateField('selection', agentId);
	}

	destroy(): void {
		this.awareness.off('change', this.onChange);
		this.awareness.destroy();
	}

	/**
	 * One entry per person: a person's other tabs, and the state their previous connection left
	 * until it times out, share their key. This person's own key is never a peer.
	 */
	private readPeers(): void {
		const byKey = new Map<string, Peer>();
		for (const [clientId, state] of this.awareness.getStates()) {
			if (clientId === this.awareness.clientID) continue;
			const peer = readPeer(clientId, state);
			if (!peer || peer.key === this.ownKey) continue;
			const other = byKey.get(peer.key);
			// Of one person's connections, show the one in use (with a pointer on the map).
			if (!other || (peer.pointer && !other.pointer)) byKey.set(peer.key, peer);
		}
		this.#peers = [...byKey.values()];
	}
}

function userState(identity: Identity) {
	return { name: identity.name, color: identity.color, key: identity.key, guest: identity.guest };
}

function readPeer(clientId: number, state: Record<string, unknown>): Peer | null {
	const user = state.user as { name?: unknown; color?: unknown; key?: unknown; guest?: unknown } | undefined;
	if (!user || typeof user.name !== 'string') return null;
	return {
		clientId,
		// A client that sends no key (an older page) is a person of its own.
		key: typeof user.key === 'string' ? user.key.slice(0, 64) : `client:${clientId}`,
		name: user.name.slice(0, 40),
		guest: user.guest !== false,
		color: typeof user.color === 'string' && /^#[0-9a-f]{6}$/i.test(user.color) ? user.color : '#555555',
		pointer: isValidLonLat(state.pointer) ? state.pointer : null,
		selection: typeof state.selection === 'string' ? state.selection.slice(0, 64) : null
	};
}
