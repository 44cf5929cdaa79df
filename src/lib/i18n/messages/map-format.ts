/** Why a map stored in a format this version does not open is refused (es must have every key of en). */
export const en = {
	'mapFormat.older': 'it is stored in an older format that this version of Tejido does not open. Nothing was changed; tell the server’s operator.',
	'mapFormat.newer': 'it is stored in a newer format than this version of Tejido. Reload the page to get the new version.'
};

export const es: Record<keyof typeof en, string> = {
	'mapFormat.older': 'usa un formato antiguo que esta versión de Tejido no abre. No se cambió nada; avisa a quien administra el servidor.',
	'mapFormat.newer': 'usa un formato más reciente que esta versión de Tejido. Recarga la página para usar la versión nueva.'
};
