/** Messages of the empty map's guide, in both languages. */
export const en = {
	'empty.title': 'This map is empty: start here',
	'empty.importTitle': 'Bring in the list you already keep',
	'empty.importBody': 'A CSV, Excel or GeoJSON file: Tejido places each row by its coordinates or its municipality.',
	'empty.import': 'Import a list',
	'empty.addTitle': 'Place the first agent',
	'empty.addBody': 'Then click (or tap) the map where it works.',
	'empty.add': 'Place an agent',
	'empty.inviteTitle': 'Invite your team',
	'empty.inviteBody': 'Everyone edits the same map live, and sees who else is here.',
	'empty.invite': 'Invite the team',
	'empty.readOnly': 'This map has no agents yet. Whatever the team adds will appear here at once.'
};

export const es: typeof en = {
	'empty.title': 'Este mapa está vacío: empiece aquí',
	'empty.importTitle': 'Traiga la lista que ya tiene',
	'empty.importBody': 'Un archivo CSV, Excel o GeoJSON: Tejido ubica cada fila por sus coordenadas o su municipio.',
	'empty.import': 'Importar una lista',
	'empty.addTitle': 'Ubique el primer agente',
	'empty.addBody': 'Luego haga clic (o toque) el mapa donde trabaja.',
	'empty.add': 'Ubicar un agente',
	'empty.inviteTitle': 'Invite a su equipo',
	'empty.inviteBody': 'Todos editan el mismo mapa en vivo y ven quién más está aquí.',
	'empty.invite': 'Invitar al equipo',
	'empty.readOnly': 'Este mapa aún no tiene agentes. Lo que el equipo agregue aparecerá aquí al instante.'
};
