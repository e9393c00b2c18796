/**
 * Two app instances on one PostgreSQL database, behind no sticky sessions: each request may
 * go to either. A session made on one is a session on the other (and a log-out on one ends it
 * on both); a scan started on one is answered on the other; and scheduled mail — the scan
 * resume reminders — is sent exactly once although both instances run job workers that poll
 * every 20 ms. Mail goes to a real SMTP sink.
 */
import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import {
  DEMO_PASSWORD,
  demoEmail,
  getPage,
  logIn,
  pageText,
  postForm,
  setCookies,
} from "../support/accounts";
import { createPostgresDatabase } from "../support/db";
import { jsonLogs } from "../support/http";
import { describePostgres } from "../support/postgres-admin";
import { startServer, type TestServer } from "../support/server";
import { type SmtpSink, startSmtpSink } from "../support/smtp-sink";
import { SCALE, sleep } from "./support";

/** Scans saved for later (each gets a resume mail now and a reminder "three days" later). */
const REMINDERS = Math.min(25, 10 * SCALE);

describePostgres("two instances on one PostgreSQL database", () => {
  let database: Awaited<ReturnType<typeof createPostgresDatabase>>;
  let sink: SmtpSink;
  let a: TestServer;
  let b: TestServer;
  let client: pg.Client;

  beforeAll(async () => {
    database = await createPostgresDatabase();
    sink = await startSmtpSink();
    const env = { DATABASE_URL: database.url, SMTP_URL: sink.url, JOB_POLL_MS: "20" };
    // One after the other: the first migrates and creates the demo content.
    a = await startServer(env);
    b = await startServer(env);
    client = new pg.Client({ connectionString: database.url });
    await client.connect();
  });

  afterAll(async () => {
    await client?.end();
    const codes = [await a?.stop(), await b?.stop()];
    await sink?.close();
    await database?.drop();
    expect(codes).toEqual([0, 0]);
  });

  it("a session made on one instance works on the other; a log-out on one ends it on both", async () => {
    const email = demoEmail("entrepreneur");
    const cookie = await logIn(a, email, DEMO_PASSWORD);
    for (const server of [a, b]) {
      const account = await getPage(server, "/account", { cookie });
      expect(account.status, server.url).toBe(200);
      expect(pageText(account.text)).toContain(email);
      // Without the cookie it is the log-in page: the cookie is what makes the difference.
      expect((await getPage(server, "/account")).status).toBe(302);
    }
    const out = await postForm(b, "/uitloggen", {}, { cookie });
    expect(out.status).toBe(303);
    for (const server of [a, b]) {
      const res = await getPage(server, "/account", { cookie });
      expect(res.status, `after the log-out on B, at ${server.url}`).toBe(302);
      expect(res.headers.location).toBe("/inloggen?terug=%2Faccount");
    }
    // And the other way round.
    const again = await logIn(b, demoEmail("coordinator"), DEMO_PASSWORD);
    expect((await getPage(a, "/beheer/aanvragen", { cookie: again })).status).toBe(200);
  });

  it("a scan started on one instance is answered on the other", async () => {
    const start = await postForm(a, "/scan", { instrument: "quickscan" });
    expect(start.status).toBe(303);
    const id = /^\/scan\/([0-9a-f-]{36})\//.exec(String(start.headers.location))![1]!;
    const owner = setCookies(start).find((c) => c.name === "spot_scans")!;
    const cookie = `spot_scans=${owner.value}`;
    const save = await postForm(
      b,
      `/scan/${id}/vraag/1`,
      { question: "worry", intent: "next", worry: "staff" },
      { cookie },
    );
    expect(save.status).toBe(303);
    const page = await getPage(a, `/scan/${id}/vraag/1`, { cookie });
    expect(page.status).toBe(200);
    expect(page.text).toMatch(/value="staff"[^>]*checked|checked[^>]*value="staff"/);
  });

  it(`sends each of ${REMINDERS} scheduled reminders exactly once with both workers polling`, async () => {
    const addresses: string[] = [];
    for (let i = 0; i < REMINDERS; i++) {
      // Start on one instance, save for later on the other.
      const [first, second] = i % 2 === 0 ? [a, b] : [b, a];
      const start = await postForm(first, "/scan", { instrument: "quickscan" });
      expect(start.status).toBe(303);
      const id = /^\/scan\/([0-9a-f-]{36})\//.exec(String(start.headers.location))![1]!;
      const cookie = `spot_scans=${setCookies(start).find((c) => c.name === "spot_scans")!.value}`;
      const email = `herinnering-${i}@example.org`;
      const saved = await postForm(second, `/scan/${id}/bewaren`, { email }, { cookie });
      expect(saved.status, pageText(saved.text).slice(0, 300)).toBe(200);
      addresses.push(email);
    }
    // The resume links arrive at once; the reminders are due in three days.
    for (const to of addresses) await sink.waitForMail(to);
    const reminders = await client.query<{ id: string; run_at: string; status: string }>(
      "select id, run_at, status from jobs where kind = 'scan.reminder'",
    );
    expect(reminders.rows).toHaveLength(REMINDERS);
    for (const r of reminders.rows) {
      expect(r.status).toBe("queued");
      expect(new Date(r.run_at).getTime()).toBeGreaterThan(Date.now() + 2 * 86_400_000);
    }

    // Three days pass: all reminders fall due at the same moment, for both workers.
    await client.query("update jobs set run_at = $1 where kind = 'scan.reminder'", [
      new Date(Date.now() - 1000).toISOString(),
    ]);
    const deadline = Date.now() + 30_000;
    for (;;) {
      const open = await client.query(
        "select count(*)::int as n from jobs where status <> 'done' and kind in ('scan.reminder', 'mail.send')",
      );
      const arrived = sink.messages.filter((m) => /nog niet af/.test(m.subject)).length;
      if (open.rows[0].n === 0 && arrived >= REMINDERS) break;
      if (Date.now() > deadline) {
        throw new Error(`reminders not all sent: ${open.rows[0].n} jobs open, ${arrived} arrived`);
      }
      await sleep(50);
    }
    // Give any duplicate the time to show up: many more poll rounds of both workers.
    await sleep(1000);

    for (const to of addresses) {
      const mails = sink.messages.filter((m) => m.to.includes(to)).map((m) => m.subject);
      expect(mails.sort(), to).toEqual([
        "Ga verder met je SPOT quickscan",
        "Je SPOT quickscan is nog niet af",
      ]);
    }
    const outbox = await client.query<{ template: string; status: string; n: number }>(
      "select template, status, count(*)::int as n from mail_outbox where to_address like 'herinnering-%' group by template, status order by template",
    );
    expect(outbox.rows).toEqual([
      { template: "scanReminder", status: "sent", n: REMINDERS },
      { template: "scanResume", status: "sent", n: REMINDERS },
    ]);
    const jobs = await client.query<{ kind: string; attempts: number; n: number }>(
      "select kind, attempts, count(*)::int as n from jobs where kind in ('scan.reminder', 'mail.send') group by kind, attempts order by kind",
    );
    // Each job was claimed once (a second claim would count a second attempt).
    for (const row of jobs.rows) expect(row.attempts, row.kind).toBe(1);

    // Both workers took part, and no job was done by both.
    const doneBy = (s: TestServer) =>
      jsonLogs(s.logs)
        .filter((l) => l.msg === "job done")
        .map((l) => String(l.jobId));
    const byA = doneBy(a);
    const byB = doneBy(b);
    expect(
      byA.filter((id) => byB.includes(id)),
      "jobs done by both instances",
    ).toEqual([]);
    expect(byA.length, "jobs done by A").toBeGreaterThan(0);
    expect(byB.length, "jobs done by B").toBeGreaterThan(0);
    console.info(`two instances: ${byA.length} jobs done by A, ${byB.length} by B`);
  });
});
