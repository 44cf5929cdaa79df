/** Why the server closed the map's live connection for good (es must have every key of en). */
export const en = {
	'connection.signedOut': 'you were signed out (here or from another device). Sign in again to keep working.',
	'connection.revoked': 'your access ended (the share link was revoked or expired, or you were removed from the map). Ask the map’s owner.'
};

export const es: Record<keyof typeof en, string> = {
	'connection.signedOut': 'se cerró tu sesión (aquí o desde otro dispositivo). Vuelve a iniciar sesión para seguir trabajando.',
	'connection.revoked': 'tu acceso terminó (el enlace compartido se revocó o venció, o te retiraron del mapa). Pídeselo a quien administra el mapa.'
};
