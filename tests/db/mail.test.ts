import type { AddressInfo } from "node:net";
import type { Transporter } from "nodemailer";
import { SMTPServer, type SMTPServerSession } from "smtp-server";
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import type { DB } from "~/db/database.server";
import type { MailRecord } from "~/db/schema";
import { createLogger } from "~/logger.server";
import { JobWorker } from "~/modules/jobs/queue.server";
import {
  createTransport,
  MAIL_JOB,
  type MailSettings,
  mailJobHandler,
  type OutgoingMail,
  queueMail,
} from "~/modules/mail/mail.server";
import { describeEachDialect } from "../support/db";

const logger = createLogger("silent");
const FROM = "SPOT 035 <noreply@spot035.nl>";

interface Received {
  from: string;
  to: string[];
  raw: string;
}

/** A real SMTP server on a free local port, in this process. */
async function startSmtp(options: { reject?: string } = {}) {
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onRcptTo(_address, _session, callback) {
      if (options.reject) {
        const error = new Error(options.reject) as Error & { responseCode: number };
        error.responseCode = 550;
        return callback(error);
      }
      callback();
    },
    onData(stream, session: SMTPServerSession, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString("utf8"),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    received,
    url: `smtp://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Header value and decoded body of a simple message. */
function parseMessage(raw: string): { header(name: string): string | undefined; text: string } {
  const split = raw.indexOf("\r\n\r\n");
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, " ");
  let body = raw.slice(split + 4);
  const header = (name: string) =>
    new RegExp(`^${name}:\\s*(.*)$`, "im").exec(head)?.[1]?.trim() ?? undefined;
  if (/quoted-printable/i.test(header("Content-Transfer-Encoding") ?? "")) {
    body = Buffer.from(
      body
        .replace(/=\r\n/g, "")
        .replace(/=([0-9A-F]{2})/gi, (_, h: string) => String.fromCharCode(Number.parseInt(h, 16))),
      "latin1",
    ).toString("utf8");
  }
  return { header, text: body.replace(/\r\n/g, "\n").trim() };
}

const message = (overrides: Partial<OutgoingMail> = {}): OutgoingMail => ({
  to: "ondernemer@example.nl",
  subject: "Your scan results",
  text: "Beste ondernemer,\n\nJe digitale scan is klaar: https://spot035.example.nl/scan/abc\n\nGroeten, het team van SPOT 035 (café Media Park)",
  template: "scan-result",
  ...overrides,
});

async function outbox(db: DB, id: string): Promise<MailRecord> {
  return db.selectFrom("mail_outbox").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
}

describeEachDialect("mail", (get) => {
  beforeEach(async () => {
    const { db } = get().handle;
    await db.deleteFrom("jobs").execute();
    await db.deleteFrom("mail_outbox").execute();
  });

  it("without SMTP a message is kept in the outbox and no job is made", async () => {
    const { db } = get().handle;
    const id = await queueMail(db, { from: FROM }, message(), logger);
    const row = await outbox(db, id);
    expect(row.status).toBe("kept");
    expect(row.to_address).toBe("ondernemer@example.nl");
    expect(row.subject).toBe("Your scan results");
    expect(row.text_body).toContain("https://spot035.example.nl/scan/abc");
    expect(row.template).toBe("scan-result");
    expect(row.sent_at).toBeNull();
    expect(await db.selectFrom("jobs").selectAll().execute()).toEqual([]);
  });

  it("with SMTP a message is queued with one send job", async () => {
    const { db } = get().handle;
    const id = await queueMail(db, { from: FROM, smtpUrl: "smtp://127.0.0.1:2525" }, message());
    expect((await outbox(db, id)).status).toBe("queued");
    const jobs = await db.selectFrom("jobs").selectAll().execute();
    expect(jobs).toHaveLength(1);
    expect(jobs[0]!.kind).toBe(MAIL_JOB);
    expect(JSON.parse(jobs[0]!.payload)).toEqual({ mailId: id });
    expect(jobs[0]!.status).toBe("queued");
  });

  it("a message queued in a transaction that is rolled back leaves no trace", async () => {
    const { db } = get().handle;
    await expect(
      db.transaction().execute(async (tx) => {
        await queueMail(tx, { from: FROM, smtpUrl: "smtp://127.0.0.1:2525" }, message());
        throw new Error("the change that caused the mail failed");
      }),
    ).rejects.toThrow("the change that caused the mail failed");
    expect(await db.selectFrom("mail_outbox").selectAll().execute()).toEqual([]);
    expect(await db.selectFrom("jobs").selectAll().execute()).toEqual([]);
  });

  describeSmtp(get);
});

function describeSmtp(get: () => { handle: { db: DB } }) {
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let rejecting: Awaited<ReturnType<typeof startSmtp>>;
  const transports: Transporter[] = [];
  beforeAll(async () => {
    smtp = await startSmtp();
    rejecting = await startSmtp({ reject: "Mailbox unavailable" });
  });
  afterAll(async () => {
    for (const t of transports) t.close();
    await smtp?.close();
    await rejecting?.close();
  });

  function mailWorker(db: DB, settings: MailSettings) {
    const transport = createTransport(settings.smtpUrl!);
    transports.push(transport);
    const handler = mailJobHandler(db, settings, transport);
    return {
      handler,
      worker: new JobWorker({ db, handlers: { [MAIL_JOB]: handler }, logger, workerId: "mailer" }),
    };
  }

  it("the mail job delivers the message over SMTP and marks it sent", async () => {
    const { db } = get().handle;
    const settings = { from: FROM, smtpUrl: smtp.url };
    const before = smtp.received.length;
    const id = await queueMail(db, settings, message({ to: "info@bakkerij.example.nl" }));
    const { worker } = mailWorker(db, settings);

    expect(await worker.runDue()).toBe(1);

    expect(smtp.received).toHaveLength(before + 1);
    const got = smtp.received.at(-1)!;
    expect(got.to).toEqual(["info@bakkerij.example.nl"]);
    expect(got.from).toBe("noreply@spot035.nl");
    const parsed = parseMessage(got.raw);
    expect(parsed.header("Subject")).toBe("Your scan results");
    expect(parsed.header("To")).toContain("info@bakkerij.example.nl");
    expect(parsed.header("From")).toContain("noreply@spot035.nl");
    expect(parsed.text).toContain("Je digitale scan is klaar: https://spot035.example.nl/scan/abc");
    expect(parsed.text).toContain("café Media Park");

    const row = await outbox(db, id);
    expect(row.status).toBe("sent");
    expect(row.message_id).toBeTruthy();
    expect(parsed.header("Message-ID")).toBe(row.message_id);
    expect(row.sent_at).not.toBeNull();
    expect(row.error).toBeNull();
    const job = await db.selectFrom("jobs").selectAll().executeTakeFirstOrThrow();
    expect(job.status).toBe("done");
  });

  it("sends the HTML version along with the text", async () => {
    const { db } = get().handle;
    const settings = { from: FROM, smtpUrl: smtp.url };
    await queueMail(
      db,
      settings,
      message({ subject: "Welcome", html: "<p>Welcome to <strong>SPOT 035</strong></p>" }),
    );
    const { worker } = mailWorker(db, settings);
    await worker.runDue();
    const raw = smtp.received.at(-1)!.raw;
    expect(raw).toMatch(/multipart\/alternative/);
    expect(raw).toContain("text/html");
    expect(raw).toContain("<strong>SPOT 035</strong>");
  });

  it("a message already sent is not sent again when its job runs twice", async () => {
    const { db } = get().handle;
    const settings = { from: FROM, smtpUrl: smtp.url };
    const id = await queueMail(db, settings, message({ subject: "Only once" }));
    const { worker, handler } = mailWorker(db, settings);
    await worker.runDue();
    const count = smtp.received.length;
    const job = await db.selectFrom("jobs").selectAll().executeTakeFirstOrThrow();
    await handler({ mailId: id }, job);
    expect(smtp.received).toHaveLength(count);
    expect(smtp.received.filter((r) => r.raw.includes("Subject: Only once"))).toHaveLength(1);
  });

  it("a refused message is retried, keeps the error, and fails after the last attempt", async () => {
    const { db } = get().handle;
    const settings = { from: FROM, smtpUrl: rejecting.url };
    const id = await queueMail(db, settings, message());
    const { worker } = mailWorker(db, settings);

    expect(await worker.runDue()).toBe(1);
    let row = await outbox(db, id);
    expect(row.status).toBe("queued");
    expect(row.error).toContain("Mailbox unavailable");
    let job = await db.selectFrom("jobs").selectAll().executeTakeFirstOrThrow();
    expect(job.status).toBe("queued");
    expect(job.attempts).toBe(1);
    expect(job.last_error).toContain("Mailbox unavailable");
    expect(Date.parse(job.run_at)).toBeGreaterThan(Date.now());

    // Let time pass until each retry is due, up to the last attempt.
    while (job.status === "queued") {
      expect(await worker.runDue(() => new Date(Date.parse(job.run_at) + 1))).toBe(1);
      job = await db.selectFrom("jobs").selectAll().executeTakeFirstOrThrow();
    }
    expect(job.status).toBe("failed");
    expect(job.attempts).toBe(job.max_attempts);
    row = await outbox(db, id);
    expect(row.status).toBe("failed");
    expect(row.error).toContain("Mailbox unavailable");
    expect(row.sent_at).toBeNull();
    expect(rejecting.received).toEqual([]);
  });
}
