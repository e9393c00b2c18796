/**
 * Shared by the resilience tests (tests/resilience): scan-takers that autosave answers over
 * HTTP exactly as the scan page's fetcher does, and remember which saves were acknowledged;
 * reading answers back from SQLite or PostgreSQL; a fixed free port (so a killed server can be
 * restarted where its clients expect it); the size of the run (RESILIENCE_SCALE).
 */
import { readFileSync } from "node:fs";
import http from "node:http";
import net from "node:net";
import Database from "better-sqlite3";
import pg from "pg";
import { sqliteFileFromUrl } from "~/db/database.server";

/**
 * How big a run is. 1 (the default, also in CI) fits `npm test`; a larger number multiplies
 * the amount of work per phase (answers saved between two crashes, backup load, payloads),
 * e.g. `RESILIENCE_SCALE=5 npm run test:resilience` for a long local run.
 */
export const SCALE = Math.max(1, Number(process.env.RESILIENCE_SCALE ?? "1") || 1);

/** How many scan-takers autosave at the same time (RESILIENCE_CLIENTS overrides). */
export const CLIENTS = Math.max(1, Number(process.env.RESILIENCE_CLIENTS ?? "200") || 200);

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A port that is free now, for a server that must come back on the same address. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

/**
 * One HTTP request. Resolves only when the whole response has been received; rejects on any
 * connection problem (refused, reset, cut off half-way) or after `timeoutMs`.
 */
export function request(
  url: string,
  options: {
    method?: string;
    headers?: Record<string, string>;
    body?: string | Buffer;
    agent?: http.Agent | false;
    timeoutMs?: number;
  } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const body = options.body;
    const req = http.request(
      {
        host: u.hostname,
        port: u.port,
        path: url.slice(u.origin.length) || "/",
        method: options.method ?? "GET",
        headers: {
          ...options.headers,
          ...(body !== undefined ? { "Content-Length": String(Buffer.byteLength(body)) } : {}),
        },
        agent: options.agent ?? false,
      },
      (res) => {
        const parts: Buffer[] = [];
        res.on("data", (c: Buffer) => parts.push(c));
        res.on("end", () => {
          if (!res.complete) {
            reject(new Error("response cut off"));
            return;
          }
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text: Buffer.concat(parts).toString("utf8"),
          });
        });
        res.on("error", reject);
        res.on("aborted", () => reject(new Error("response aborted")));
      },
    );
    req.setTimeout(options.timeoutMs ?? 15_000, () => req.destroy(new Error("timed out")));
    req.on("error", reject);
    req.end(body);
  });
}

// ---------------------------------------------------------------------------------------------
// The quickscan, as data: a valid answer for each question, different per scan-taker.

interface InstrumentQuestion {
  id: string;
  type: string;
  options?: { id: string; exclusive?: boolean }[];
  min?: number;
  max?: number;
}

const QUICKSCAN = JSON.parse(
  readFileSync(new URL("../../instruments/quickscan/v1.json", import.meta.url), "utf8"),
) as { sections: { questions: InstrumentQuestion[] }[] };

export const QUICKSCAN_QUESTIONS = QUICKSCAN.sections.flatMap((s) => s.questions);

/** A valid answer to a quickscan question: the form fields and the value as stored. */
export function answerFor(
  q: InstrumentQuestion,
  seed: number,
): { fields: [string, string][]; stored: unknown } {
  switch (q.type) {
    case "single": {
      const o = q.options![seed % q.options!.length]!;
      return { fields: [[q.id, o.id]], stored: o.id };
    }
    case "multi": {
      const plain = q.options!.filter((o) => !o.exclusive);
      const a = plain[seed % plain.length]!.id;
      const b = plain[(seed + 1) % plain.length]!.id;
      const chosen = seed % 3 === 0 ? [a] : [a, b];
      // Stored in the instrument's option order.
      const stored = plain.map((o) => o.id).filter((id) => chosen.includes(id));
      return { fields: chosen.map((id) => [q.id, id]), stored };
    }
    case "scale":
    case "number": {
      const min = q.min ?? 1;
      const max = q.max ?? 5;
      const v = min + (seed % (max - min + 1));
      return { fields: [[q.id, String(v)]], stored: v };
    }
    case "text": {
      const text = `Antwoord ${seed}: één zin met “tekens” & meer.`;
      return { fields: [[q.id, text]], stored: text };
    }
    default:
      throw new Error(`no answer generator for question type ${q.type}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Scan-takers.

export interface Ack {
  responseId: string;
  questionId: string;
  value: unknown;
}

export interface LoadStats {
  /** Every save the server acknowledged (a 200 with saved:true, fully received). */
  acks: Ack[];
  /** Scans whose start was acknowledged (303 with the owner cookie, fully received). */
  started: string[];
  /** Requests that failed at the connection level (server down, cut off): retried. */
  connectionErrors: number;
  /**
   * 5xx answers: not acknowledged, so retried as the scan page does (under overload a request
   * can wait too long for a database connection). Counted and reported, and a sample kept.
   */
  serverErrors: number;
  serverErrorSample: string[];
  /** Other answers that are not an acknowledgement (e.g. a 404: must stay empty). */
  unexpected: string[];
  /** Requests on their way now. */
  inFlight: number;
}

export interface ScanLoad {
  stats: LoadStats;
  /** Resolves when `acks.length` reaches at least `n`. */
  waitForAcks(n: number, timeoutMs?: number): Promise<void>;
  /** The owner cookie ("spot_scans=…") of a scan this load started. */
  cookieOf(responseId: string): string | undefined;
  /** Stop every client after its current request; resolves when all have stopped. */
  stop(): Promise<void>;
}

/**
 * `clients` anonymous scan-takers against `baseUrl()` (read on every request, so a restarted
 * server may move). Each starts a quickscan, autosaves every question once (the request the
 * scan page makes: POST /scan/:id/antwoord, answered by the server's short path), then starts the
 * next scan. A request that fails (server killed, not up yet) is retried with the same answer
 * after a short pause, so an acknowledged answer is never overwritten by a different one.
 */
export function startScanLoad(baseUrl: () => string, clients: number): ScanLoad {
  const stats: LoadStats = {
    acks: [],
    started: [],
    connectionErrors: 0,
    serverErrors: 0,
    serverErrorSample: [],
    unexpected: [],
    inFlight: 0,
  };
  let stopping = false;
  const cookies = new Map<string, string>();
  const agent = new http.Agent({ keepAlive: true, maxSockets: clients + 10 });

  /** Note an answer that is not an acknowledgement; the request is then retried. */
  function notAcknowledged(what: string, res: Reply): "retry" {
    const line = `${what}: ${res.status} ${res.text.slice(0, 200)}`;
    if (res.status >= 500) {
      stats.serverErrors++;
      if (stats.serverErrorSample.length < 5) stats.serverErrorSample.push(line);
    } else stats.unexpected.push(line);
    return "retry";
  }

  async function attempt<T>(fn: () => Promise<T | "retry">): Promise<T | undefined> {
    for (;;) {
      if (stopping) return undefined;
      stats.inFlight++;
      try {
        const out = await fn();
        if (out !== "retry") return out;
      } catch {
        stats.connectionErrors++;
      } finally {
        stats.inFlight--;
      }
      await sleep(50 + Math.random() * 100);
    }
  }

  async function client(n: number) {
    let seed = n * 7919;
    while (!stopping) {
      const scan = await attempt(async () => {
        const base = baseUrl();
        const res = await request(`${base}/scan`, {
          method: "POST",
          agent,
          headers: {
            "Content-Type": "application/x-www-form-urlencoded",
            Origin: base,
            "Sec-Fetch-Site": "same-origin",
          },
          body: "instrument=quickscan",
        });
        const id = /^\/scan\/([0-9a-f-]{36})\/vraag\/1$/.exec(String(res.headers.location))?.[1];
        const owner = (res.headers["set-cookie"] ?? [])
          .map((c) => c.split(";")[0]!)
          .find((c) => c.startsWith("spot_scans="));
        if (res.status !== 303 || !id || !owner) return notAcknowledged("start", res);
        stats.started.push(id);
        cookies.set(id, owner);
        return { id, cookie: owner };
      });
      if (!scan) return;
      for (const q of QUICKSCAN_QUESTIONS) {
        seed++;
        const answer = answerFor(q, seed);
        const body = new URLSearchParams([
          ["question", q.id],
          ["intent", "autosave"],
          ...answer.fields,
        ]).toString();
        const ok = await attempt(async () => {
          const base = baseUrl();
          const res = await request(`${base}/scan/${scan.id}/antwoord`, {
            method: "POST",
            agent,
            headers: {
              "Content-Type": "application/x-www-form-urlencoded",
              Origin: base,
              "Sec-Fetch-Site": "same-origin",
              Cookie: scan.cookie,
            },
            body,
          });
          if (res.status === 200 && /"saved":true/.test(res.text)) return true;
          return notAcknowledged(`autosave ${scan.id} ${q.id}`, res);
        });
        if (!ok) return;
        stats.acks.push({ responseId: scan.id, questionId: q.id, value: answer.stored });
      }
    }
  }

  const running = Promise.all(Array.from({ length: clients }, (_, n) => client(n)));
  return {
    stats,
    async waitForAcks(n, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      while (stats.acks.length < n) {
        if (Date.now() > deadline) {
          throw new Error(
            `only ${stats.acks.length} of ${n} saves acknowledged within ${timeoutMs} ms; unexpected answers: ${stats.unexpected.slice(0, 5).join(" | ")}`,
          );
        }
        await sleep(20);
      }
    },
    cookieOf: (id) => cookies.get(id),
    async stop() {
      stopping = true;
      await running;
      agent.destroy();
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Reading answers back.

export type StoredAnswers = Map<string, unknown>;
const key = (responseId: string, questionId: string) => `${responseId}|${questionId}`;

/** Every row of scan_answers, keyed "responseId|questionId", values parsed. */
export async function readAnswers(databaseUrl: string): Promise<StoredAnswers> {
  const rows = await queryRows<{ response_id: string; question_id: string; value: string }>(
    databaseUrl,
    "select response_id, question_id, value from scan_answers",
  );
  return new Map(rows.map((r) => [key(r.response_id, r.question_id), JSON.parse(r.value)]));
}

/** Rows of a query on either database (SQLite opened read-only). */
export async function queryRows<T>(databaseUrl: string, text: string): Promise<T[]> {
  if (databaseUrl.startsWith("file:")) {
    const db = new Database(sqliteFileFromUrl(databaseUrl), {
      readonly: true,
      fileMustExist: true,
    });
    try {
      return db.prepare(text).all() as T[];
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query(text)).rows as T[];
  } finally {
    await client.end();
  }
}

/** The acknowledged answers that are missing or different in `stored` (described). */
export function lostAnswers(acks: Ack[], stored: StoredAnswers): string[] {
  const lost: string[] = [];
  for (const a of acks) {
    const k = key(a.responseId, a.questionId);
    if (!stored.has(k)) lost.push(`${k}: missing`);
    else if (JSON.stringify(stored.get(k)) !== JSON.stringify(a.value)) {
      lost.push(`${k}: ${JSON.stringify(stored.get(k))} instead of ${JSON.stringify(a.value)}`);
    }
  }
  return lost;
}
