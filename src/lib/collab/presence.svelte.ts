/**
 * Presence over Yjs awareness: who else is on the map, where their pointer is and what they
 * have selected. Awareness states come from peers, so each field is checked before use.
 */
import type { Awareness } from 'y-protocols/awareness';
import { isValidLonLat, type LonLat } from '#lib/model/index.ts';
import type { Identity } from './identity.ts';

export interface Peer {
	clientId: number;
	name: string;
	color: string;
	pointer: LonLat | null;
	selection: string | null;
}

export class Presence {
	private readonly awareness: Awareness;
	#peers = $state.raw<Peer[]>([]);
	private readonly onChange = () => this.readPeers();

	constructor(awareness: Awareness, identity: Identity) {
		this.awareness = awareness;
		awareness.setLocalState({ user: { name: identity.name, color: identity.color }, pointer: null, selection: null });
		awareness.on('change', this.onChange);
	}

	get peers(): Peer[] {
		return this.#peers;
	}

	setIdentity(identity: Identity): void {
		this.awareness.setLocalStateField('user', { name: identity.name, color: identity.color });
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

	private readPeers(): void {
		const peers: Peer[] = [];
		for (const [clientId, state] of this.awareness.getStates()) {
			if (clientId === this.awareness.clientID) continue;
			const peer = readPeer(clientId, state);
			if (peer) peers.push(peer);
		}
		this.#peers = peers;
	}
}

function readPeer(clientId: number, state: Record<string, unknown>): Peer | null {
	const user = state.user as { name?: unknown; color?: unknown } | undefined;
	if (!user || typeof user.name !== 'string') return null;
	return {
		clientId,
		name: user.name.slice(0, 40),
		color: typeof user.color === 'string' && /^#[0-9a-f]{6}$/i.test(user.color) ? user.color : '#555555',
		pointer: isValidLonLat(state.pointer) ? state.pointer : null,
		selection: typeof state.selection === 'string' ? state.selection.slice(0, 64) : null
	};
}
