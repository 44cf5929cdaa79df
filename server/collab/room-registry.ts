/**
 * Opens each map's room once per process and closes it after the last connection has been
 * gone for a grace period, so a quick reload does not pay for a fresh load.
 */
import { log } from '../log.ts';
import type { DocumentStore } from '../store/document-store.ts';
import { CLOSE, Room, type RoomOptions } from './room.ts';
import type { Connection } from './protocol.ts';

export interface RegistryOptions extends RoomOptions {
	graceMs: number;
}

export class RoomRegistry {
	private readonly rooms = new Map<string, Room>();
	private readonly evictions = new Map<string, ReturnType<typeof setTimeout>>();
	/** Rooms being closed: a new room for the same map loads only after their last write. */
	private readonly closing = new Map<string, Promise<void>>();
	private readonly store: DocumentStore;
	private readonly options: RegistryOptions;

	constructor(store: DocumentStore, options: RegistryOptions) {
		this.store = store;
		this.options = options;
		options.fanout?.onReconnect(() => {
			for (const room of this.rooms.values()) {
				room.refresh().catch((error) => log('error', 'could not re-read a map after Redis reconnected', { map: room.mapId, error }));
			}
		});
	}

	get openRooms(): number {
		return this.rooms.size;
	}

	get(mapId: string): Room | undefined {
		return this.rooms.get(mapId);
	}

	/**
	 * Starts loading a map's room before its first connection: the map page asks for the map
	 * (and the caller's rights) a few hundred milliseconds before its websocket connects, and a
	 * large map takes seconds to load. Closed after the grace period if no one connects.
	 */
	prepare(mapId: string): void {
		const open = this.rooms.get(mapId);
		if (open) {
			// Already open with no one in it: its eviction starts again, or it might close
			// between this request and the connection that follows.
			if (this.evictions.has(mapId)) this.scheduleEviction(open);
			return;
		}
		const room = new Room(mapId, this.store, this.options, this.closing.get(mapId));
		this.rooms.set(mapId, room);
		void room.ready.then(() => {
			const unclaimed = room.connections.size === 0 && this.rooms.get(mapId) === room && !this.evictions.has(mapId);
			if (unclaimed) this.scheduleEviction(room);
		});
	}

	join(mapId: string, connection: Connection): Room {
		clearTimeout(this.evictions.get(mapId));
		this.evictions.delete(mapId);
		let room = this.rooms.get(mapId);
		if (!room) {
			room = new Room(mapId, this.store, this.options, this.closing.get(mapId));
			this.rooms.set(mapId, room);
		}
		room.join(connection);
		return room;
	}

	leave(room: Room, connection: Connection): void {
		room.leave(connection);
		if (room.connections.size > 0 || this.rooms.get(room.mapId) !== room) return;
		this.scheduleEviction(room);
	}

	/** A room that failed to load goes at once, so that the next connection tries afresh. */
	private scheduleEviction(room: Room): void {
		clearTimeout(this.evictions.get(room.mapId));
		this.evictions.set(
			room.mapId,
			setTimeout(() => void this.evict(room), room.isReady ? this.options.graceMs : 0)
		);
	}

	private async evict(room: Room): Promise<void> {
		this.evictions.delete(room.mapId);
		if (room.connections.size > 0) return;
		this.rooms.delete(room.mapId);
		const closed = room.close().finally(() => {
			if (this.closing.get(room.mapId) === closed) this.closing.delete(room.mapId);
		});
		this.closing.set(room.mapId, closed);
		await closed;
	}

	/**
	 * Closes the connections whose actor matches, e.g. after a role change or a revoked share
	 * link. Clients reconnect on their own and are authorised again with their new rights.
	 */
	disconnect(mapId: string, matches: (actor: string) => boolean, reason: string): void {
		this.options.fanout?.publish(mapId, { kind: 'access-changed', payload: new TextEncoder().encode(reason) });
		const room = this.rooms.get(mapId);
		if (!room) return;
		for (const connection of [...room.connections.keys()]) {
			if (!matches(connection.actor)) continue;
			this.leave(room, connection);
			connection.close(CLOSE.accessChanged, reason);
		}
	}

	/** Closes a map's room at once (the map is being deleted): everyone is disconnected. */
	async discard(mapId: string): Promise<void> {
		this.options.fanout?.publish(mapId, { kind: 'deleted', payload: new TextEncoder().encode('This map was deleted') });
		const room = this.rooms.get(mapId);
		if (!room) return;
		for (const connection of [...room.connections.keys()]) {
			room.leave(connection);
			connection.close(CLOSE.gone, 'This map was deleted');
		}
		clearTimeout(this.evictions.get(mapId));
		this.evictions.delete(mapId);
		this.rooms.delete(mapId);
		await room.close();
	}

	/** Closes every room, storing what is pending. */
	async closeAll(): Promise<void> {
		for (const timer of this.evictions.values()) clearTimeout(timer);
		this.evictions.clear();
		const rooms = [...this.rooms.values()];
		this.rooms.clear();
		await Promise.all([...rooms.map((room) => room.close()), ...this.closing.values()]);
	}
}
