/** Messages of "make a copy to edit" (a read-only map's copy), in both languages. */
export const en = {
	'copy.open': 'Copy to edit',
	'copy.openLong': 'Make a copy of this map that you own and can edit',
	'copy.title': 'Make a copy to edit',
	'copy.explain':
		'A new map of yours with everything this map holds now. Its members and share links are not copied, and changes to either map do not reach the other.',
	'copy.name': 'Name of the copy',
	'copy.defaultName': 'Copy of {name}',
	'copy.submit': 'Make the copy',
	'copy.busy': 'Making the copy…',
	'copy.cancel': 'Cancel',
	'copy.failed': 'The copy was not made: {error}'
};

export const es: typeof en = {
	'copy.open': 'Copiar para editar',
	'copy.openLong': 'Hacer una copia de este mapa que sea suya y pueda editar',
	'copy.title': 'Hacer una copia para editar',
	'copy.explain':
		'Un mapa nuevo suyo con todo lo que este mapa tiene ahora. Sus miembros y enlaces para compartir no se copian, y los cambios en un mapa no llegan al otro.',
	'copy.name': 'Nombre de la copia',
	'copy.defaultName': 'Copia de {name}',
	'copy.submit': 'Hacer la copia',
	'copy.busy': 'Haciendo la copia…',
	'copy.cancel': 'Cancelar',
	'copy.failed': 'No se hizo la copia: {error}'
};
