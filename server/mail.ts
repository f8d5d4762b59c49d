export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

/** Pluggable mail transport; add SMTP by implementing `send`. */
export interface Mailer {
  send(message: MailMessage): Promise<void>;
}

/** Development transport: writes the message to the log (so a reset link can be copied). */
export const logMailer = (log: { info(details: object, message: string): void }): Mailer => ({
  async send(message) {
    log.info({ mail: message }, `mail to ${message.to}: ${message.subject}`);
  },
});

export const noMailer: Mailer = { async send() {} };

/** SMTP transport (nodemailer), e.g. `SMTP_URL=smtps://user:password@smtp.example.org:465`. */
export async function smtpMailer(url: string, from: string): Promise<Mailer> {
  const { createTransport } = await import("nodemailer");
  const transport = createTransport(url);
  return {
    async send(message) {
      await transport.sendMail({ from, to: message.to, subject: message.subject, text: message.text });
    },
  };
}

/** The transport the configuration names. */
export async function mailerFor(
  env: { MAIL_TRANSPORT: string; SMTP_URL?: string; MAIL_FROM: string },
  log: { info(details: object, message: string): void },
): Promise<Mailer> {
  if (env.MAIL_TRANSPORT === "smtp") return smtpMailer(env.SMTP_URL!, env.MAIL_FROM);
  if (env.MAIL_TRANSPORT === "log") return logMailer(log);
  return noMailer;
}

/** Test transport: keeps messages in memory. */
export function memoryMailer(): Mailer & { sent: MailMessage[] } {
  const sent: MailMessage[] = [];
  return {
    sent,
    async send(message) {
      sent.push(message);
    },
  };
}
