/**
 * Messages of email delivery, in both languages (es must have every key of en): the
 * password-reset pages, the invitation's email field, and the emails themselves (rendered on
 * the server by server/mail/messages.ts).
 */
export const en = {
	'mail.forgot': 'Forgot your password?',
	'mail.resetTitle': 'Set a new password',
	'mail.resetLead': 'Enter the email of your account. We send it a link to set a new password, which works once, for one hour.',
	'mail.resetSend': 'Send the link',
	'mail.resetSent': 'If {email} belongs to an account, a link to set a new password is on its way. Check your inbox (and the spam folder); the link works once, for one hour.',
	'mail.resetOff': 'Email is not set up on this server, so Tejido cannot send you a link. Ask an administrator of this Tejido to help you get back into your account.',
	'mail.backToSignIn': 'Back to sign in',
	'mail.checking': 'Checking the link…',
	'mail.newPassword': 'New password',
	'mail.setPassword': 'Save the new password',
	'mail.resetDone': 'Your password was changed, and every session was signed out. Sign in with the new password.',
	'mail.resetInvalid': 'This link is not valid, was already used, or has expired. Ask for a new one.',
	'mail.askAgain': 'Ask for a new link',
	'mail.inviteEmail': 'Email (optional)',
	'mail.inviteEmailHint': 'With an email, Tejido also sends the link there. It is shown here to copy either way.',
	'mail.invitationSent': 'The invitation is on its way to {email}.',

	'mail.reset.subject': 'Set a new password for Tejido',
	'mail.reset.greeting': 'Hello {name},',
	'mail.reset.body': 'someone, probably you, asked to set a new password for your Tejido account. Open this link to choose one. It works once, for one hour:',
	'mail.reset.action': 'Set a new password',
	'mail.reset.ignore': 'If you did not ask for this, ignore this email: your password stays as it is.',
	'mail.invitation.subject': '{inviter} invites you to “{map}” on Tejido',
	'mail.invitation.body': '{inviter} invites you to the map “{map}” on Tejido as {role}. Open this link to accept; you will be asked to sign in or create an account. It works once, and expires in {days} days:',
	'mail.invitation.action': 'Accept the invitation',
	'mail.invitation.ignore': 'If you do not know {inviter}, ignore this email: nothing happens without the link.',
	'mail.footer': 'Sent by Tejido because of the request described above. No other emails follow from it.'
} as const;

export const es: Record<keyof typeof en, string> = {
	'mail.forgot': '¿Olvidó su contraseña?',
	'mail.resetTitle': 'Elegir una contraseña nueva',
	'mail.resetLead': 'Escriba el correo de su cuenta. Le enviamos un enlace para elegir una contraseña nueva, que sirve una vez, durante una hora.',
	'mail.resetSend': 'Enviar el enlace',
	'mail.resetSent': 'Si {email} pertenece a una cuenta, le llegará un enlace para elegir una contraseña nueva. Revise su bandeja de entrada (y la de correo no deseado); el enlace sirve una vez, durante una hora.',
	'mail.resetOff': 'El correo no está configurado en este servidor, así que Tejido no puede enviarle un enlace. Pida ayuda a un administrador de este Tejido para volver a entrar en su cuenta.',
	'mail.backToSignIn': 'Volver a iniciar sesión',
	'mail.checking': 'Comprobando el enlace…',
	'mail.newPassword': 'Contraseña nueva',
	'mail.setPassword': 'Guardar la contraseña nueva',
	'mail.resetDone': 'Su contraseña cambió y se cerraron todas las sesiones. Inicie sesión con la contraseña nueva.',
	'mail.resetInvalid': 'Este enlace no es válido, ya se usó o caducó. Pida uno nuevo.',
	'mail.askAgain': 'Pedir un enlace nuevo',
	'mail.inviteEmail': 'Correo electrónico (opcional)',
	'mail.inviteEmailHint': 'Con un correo, Tejido también envía el enlace allí. En todo caso se muestra aquí para copiarlo.',
	'mail.invitationSent': 'La invitación va en camino a {email}.',

	'mail.reset.subject': 'Elija una contraseña nueva para Tejido',
	'mail.reset.greeting': 'Hola, {name}:',
	'mail.reset.body': 'alguien, probablemente usted, pidió elegir una contraseña nueva para su cuenta de Tejido. Abra este enlace para elegirla. Sirve una vez, durante una hora:',
	'mail.reset.action': 'Elegir una contraseña nueva',
	'mail.reset.ignore': 'Si no lo pidió, ignore este correo: su contraseña sigue igual.',
	'mail.invitation.subject': '{inviter} le invita a «{map}» en Tejido',
	'mail.invitation.body': '{inviter} le invita al mapa «{map}» en Tejido como {role}. Abra este enlace para aceptar; se le pedirá iniciar sesión o crear una cuenta. Sirve una vez y caduca en {days} días:',
	'mail.invitation.action': 'Aceptar la invitación',
	'mail.invitation.ignore': 'Si no conoce a {inviter}, ignore este correo: nada ocurre sin el enlace.',
	'mail.footer': 'Enviado por Tejido a raíz de la solicitud descrita arriba. No le seguirán otros correos por ella.'
};
