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
