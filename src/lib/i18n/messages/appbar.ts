/** Messages of the map's app bar, presence and the person's menu, in both languages. */
export const en = {
	'status.short.connecting': 'Connecting…',
	'status.short.connected': 'Live',
	'status.short.offline': 'Offline',
	'toolbar.more': 'More',
	'toolbar.pages': "The map's pages",
	'toolbar.addingTouch': 'Tap the map where the agent goes',
	'presence.guest': '{name} (guest)',
	'presence.everyone': 'Everyone here ({count})',
	'account.menu': 'Your menu: {name}',
	'account.page': 'My account',
	'account.guestNote': 'Guest with a share link',
	'sheet.resize': '{label}: change height'
};

export const es: typeof en = {
	'status.short.connecting': 'Conectando…',
	'status.short.connected': 'En vivo',
	'status.short.offline': 'Sin conexión',
	'toolbar.more': 'Más',
	'toolbar.pages': 'Páginas del mapa',
	'toolbar.addingTouch': 'Toque el mapa donde va el agente',
	'presence.guest': '{name} (invitado)',
	'presence.everyone': 'Todos aquí ({count})',
	'account.menu': 'Su menú: {name}',
	'account.page': 'Mi cuenta',
	'account.guestNote': 'Invitado con un enlace para compartir',
	'sheet.resize': '{label}: cambiar altura'
};
