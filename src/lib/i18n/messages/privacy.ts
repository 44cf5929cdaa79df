/** Messages about personal data (who sees contacts), in both languages (es must have every key of en). */
export const en = {
	'privacy.title': 'Personal data',
	'privacy.explain':
		'Share links, and the files exported through them, never receive an agent’s contact. Mark other fields as personal to keep them from share links too. Viewers see today’s values but not earlier ones in an agent’s versions.',
	'privacy.field.address': 'Address',
	'privacy.field.website': 'Website',
	'privacy.field.description': 'Description',
	'privacy.saved': 'Saved. Share links open the map without these fields from now on.',
};

export const es: typeof en = {
	'privacy.title': 'Datos personales',
	'privacy.explain':
		'Los enlaces compartidos, y los archivos que se exportan con ellos, nunca reciben el contacto de un actor. Marca otros campos como personales para ocultarlos también en los enlaces compartidos. Quien solo puede ver el mapa ve los valores actuales, pero no los anteriores en las versiones de un actor.',
	'privacy.field.address': 'Dirección',
	'privacy.field.website': 'Sitio web',
	'privacy.field.description': 'Descripción',
	'privacy.saved': 'Guardado. Desde ahora los enlaces compartidos abren el mapa sin estos campos.',
};
