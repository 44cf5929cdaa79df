/** The port of the SMTP server an e2e test starts to read Tejido's email (1000 above the app's). */
export const E2E_SMTP_PORT = Number(process.env.E2E_SMTP_PORT ?? Number(process.env.E2E_PORT ?? 3100) + 1000);
