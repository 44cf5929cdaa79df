/** Messages of the owners' targets (set through the server), in both languages. */
export const en = {
	'targets.loading': 'Loading the targets…',
	'targets.loadFailed': 'The targets could not be loaded.',
	'targets.retry': 'Try again',
	'targets.saving': 'Saving…',
	'targets.deleting': 'Deleting…',
	'targets.added': 'Target «{label}» added.',
	'targets.deleted': 'Target «{label}» deleted.',
	'targets.error.label': 'Give the target a name (up to 200 characters).',
	'targets.error.goal': 'Write the goal as a whole number from 1 to 1,000,000.',
	'targets.error.from': 'The start date must be on or before the end date, or left empty.',
	'targets.error.until': 'Choose the date by which the goal should be reached.',
	'targets.error.kinds': 'Tick at least one kind of interaction to count.',
	'targets.error.forbidden': 'Only the map’s owners can change its targets. Reload the page if your role has just changed.',
	'targets.error.gone': 'Someone else already deleted this target. The list has been refreshed.',
	'targets.error.archived': 'This map is archived, so its targets cannot change. Restore the map first.',
	'targets.error.tooMany': 'This map already has the most targets it can keep. Delete one you no longer report on first.',
	'targets.error.offline': 'The server could not be reached. Check your connection and try again.',
	'targets.error.other': 'The target could not be saved: {message}'
} as const;

export const es: Record<keyof typeof en, string> = {
	'targets.loading': 'Cargando las metas…',
	'targets.loadFailed': 'No se pudieron cargar las metas.',
	'targets.retry': 'Reintentar',
	'targets.saving': 'Guardando…',
	'targets.deleting': 'Eliminando…',
	'targets.added': 'Meta «{label}» agregada.',
	'targets.deleted': 'Meta «{label}» eliminada.',
	'targets.error.label': 'Dé un nombre a la meta (hasta 200 caracteres).',
	'targets.error.goal': 'Escriba la meta como un número entero de 1 a 1.000.000.',
	'targets.error.from': 'La fecha de inicio debe ser igual o anterior a la de fin, o quedar vacía.',
	'targets.error.until': 'Elija la fecha en la que se debe alcanzar la meta.',
	'targets.error.kinds': 'Marque al menos un tipo de interacción para contar.',
	'targets.error.forbidden': 'Solo los propietarios del mapa pueden cambiar sus metas. Recargue la página si su rol acaba de cambiar.',
	'targets.error.gone': 'Otra persona ya eliminó esta meta. La lista se actualizó.',
	'targets.error.archived': 'Este mapa está archivado, así que sus metas no pueden cambiar. Restaure el mapa primero.',
	'targets.error.tooMany': 'Este mapa ya tiene todas las metas que puede guardar. Elimine primero una que ya no reporte.',
	'targets.error.offline': 'No se pudo contactar al servidor. Revise su conexión e inténtelo de nuevo.',
	'targets.error.other': 'No se pudo guardar la meta: {message}'
};
