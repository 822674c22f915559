import { db } from "./db.server";
import { env } from "./env.server";
import { log } from "./log.server";

/**
 * Outgoing mail for citizens (registration links). With the embedded provider it lands in the
 * local mailbox like sign-in links; no SMTP transport is configured otherwise, so it is only logged.
 */
export async function sendMail(message: { to: string; subject: string; body: string; link?: string }) {
  if (env().authProvider === "embedded") {
    await db().asService((tx) =>
      tx.query("insert into auth.mailbox (to_email, subject, body, link) values ($1, $2, $3, $4)", [
        message.to,
        message.subject,
        message.body,
        message.link ?? null,
      ]),
    );
    return;
  }
  log.warn("mail not sent: no mail transport configured", { subject: message.subject });
}
