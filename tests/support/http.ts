/**
 * Helpers for HTTP tests of the real server process (tests/server): raw requests with full
 * control over headers and body framing, waiting for log lines, spawning `node build/main.js`
 * for start-up checks. PostgreSQL helpers are in ./postgres-admin.ts.
 */
import { spawn } from "node:child_process";
import http, { type IncomingHttpHeaders } from "node:http";
import net from "node:net";

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  /** The body exactly as sent (not decompressed). */
  raw: Buffer;
  /** The body as text (not decompressed). */
  text: string;
}

export interface RawRequestOptions {
  method?: string;
  headers?: Record<string, string>;
  /** The body; sent with Content-Length unless `chunks` is used. */
  body?: string | Buffer;
  /** Sent with Transfer-Encoding: chunked, one write per chunk. */
  chunks?: (string | Buffer)[];
}

/** One request on its own connection (no pooling, no automatic decompression). */
export function rawRequest(url: string, options: RawRequestOptions = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    let settled = false;
    // The path is sent as written (no dot-segment normalisation), for path traversal checks.
    const u = new URL(url);
    const req = http.request(
      {
        host: u.hostname,
        port: u.port,
        path: url.slice(u.origin.length) || "/",
        method: options.method ?? "GET",
        headers: options.headers,
        agent: false,
      },
      (res) => {
        const parts: Buffer[] = [];
        res.on("data", (c: Buffer) => parts.push(c));
        res.on("end", () => {
          settled = true;
          const raw = Buffer.concat(parts);
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            raw,
            text: raw.toString("utf8"),
          });
        });
        res.on("error", (e) => {
          if (!settled) reject(e);
        });
      },
    );
    // The server may answer (413, 403) and close before the whole body is written: the write
    // errors that follow are expected; only a request without a response is a failure.
    req.on("error", (e) => {
      if (!settled) setTimeout(() => !settled && reject(e), 500);
    });
    // Node sends no Content-Length for a DELETE body by itself: always declare it.
    if (options.body !== undefined && !req.hasHeader("content-length")) {
      req.setHeader("Content-Length", Buffer.byteLength(options.body));
    }
    if (options.chunks) {
      for (const c of options.chunks) req.write(c);
      req.end();
    } else {
      req.end(options.body);
    }
  });
}

/** The parsed JSON log lines of a server (non-JSON lines are skipped). */
export function jsonLogs(logs: string[]): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const line of logs) {
    for (const part of line.split("\n")) {
      if (!part.startsWith("{")) continue;
      try {
        out.push(JSON.parse(part) as Record<string, unknown>);
      } catch {
        // not a log line
      }
    }
  }
  return out;
}

/** Wait until a log line matches (logs are written after the response, asynchronously). */
export async function waitForLog(
  logs: string[],
  match: (entry: Record<string, unknown>) => boolean,
  timeoutMs = 5000,
): Promise<Record<string, unknown>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = jsonLogs(logs).find(match);
    if (found) return found;
    if (Date.now() > deadline) {
      throw new Error(`no matching log line within ${timeoutMs} ms:\n${logs.join("\n")}`);
    }
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Resolves true when a TCP connection to the port is accepted, false when refused. */
export function canConnect(port: number, host = "127.0.0.1"): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

export interface ExitResult {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Run `node build/main.js` with exactly this environment (plus PATH) until it exits. */
export function runServerToExit(env: Record<string, string>, timeoutMs = 20_000) {
  const started = Date.now();
  const child = spawn(process.execPath, ["build/main.js"], {
    cwd: process.cwd(),
    env: {
      PATH: process.env.PATH ?? "",
      NODE_ENV: "production",
      HOST: "127.0.0.1",
      PORT: "0",
      LOG_LEVEL: "info",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (c: Buffer) => {
    stdout += c.toString();
  });
  child.stderr.on("data", (c: Buffer) => {
    stderr += c.toString();
  });
  return new Promise<ExitResult>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`still running after ${timeoutMs} ms:\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: Date.now() - started });
    });
  });
}
