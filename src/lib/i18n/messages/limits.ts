/** Messages of the server's limits on a map, in both languages (es must have every key of en). */
export const en = {
	'limits.mapFull': 'This map is full: your latest changes were not saved',
	'limits.mapFullLong':
		'This map reached its size limit, so the server refused your latest changes and this page stopped sending. Ask the map’s owner to remove content or to raise the limit (MAX_MAP_BYTES).'
};

export const es: typeof en = {
	'limits.mapFull': 'Este mapa está lleno: tus últimos cambios no se guardaron',
	'limits.mapFullLong':
		'Este mapa llegó a su límite de tamaño, así que el servidor rechazó tus últimos cambios y esta página dejó de enviar. Pide a quien administra el mapa que quite contenido o que suba el límite (MAX_MAP_BYTES).'
};
