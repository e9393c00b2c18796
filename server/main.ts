/**
 * The HTTP server: plain `node:http` in front of the React Router server build.
 *
 * Per request: request id → security headers (CSP with a nonce) → static assets from memory →
 * cross-site request check and body limit for state-changing requests → React Router → a
 * compressed response → one structured log line. SIGTERM/SIGINT drain in-flight requests,
 * then close the database. See docs/ARCHITECTURE.md ("A request's path").
 */
import cluster, { type Worker } from "node:cluster";
import { randomBytes, randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { pathToFileURL } from "node:url";
import zlib from "node:zlib";
import { createRequestHandler, type ServerBuild } from "react-router";
import { isCrossSiteRequest } from "./csrf";
import { friendlyErrorPage } from "./error-page";
import { securityHeaders } from "./headers";
import { PageCache } from "./page-cache";
import { StaticFiles } from "./static";

interface RuntimeApi {
  startRuntime(options?: { worker?: boolean }): Promise<{
    config: {
      port: number;
      host: string;
      https: boolean;
      publicUrl: string;
      bodyLimitBytes: number;
      trustProxy: boolean;
    };
    logger: import("pino").Logger;
  }>;
  stopRuntime(): Promise<void>;
  autosaveAnswer(
    request: Request,
    scanId: string,
    form: URLSearchParams,
  ): Promise<{ status: number; body: unknown }>;
}

/** The scan's autosave (app/routes/scan-answer.ts), answered without React Router (below). */
/** Headers about the body, left out of a request that is passed on without it. */
const BODY_HEADERS = new Set(["content-length", "transfer-encoding", "connection"]);

/** The request's headers as a fetch `Headers`, without those named in `skip`. */
function headersOf(req: IncomingMessage, skip?: ReadonlySet<string>): Headers {
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) {
    if (v === undefined || k.startsWith(":") || skip?.has(k)) continue;
    if (Array.isArray(v)) for (const item of v) headers.append(k, item);
    else headers.set(k, v);
  }
  return headers;
}
const AUTOSAVE_PATH = /^\/scan\/([0-9a-f-]{36})\/antwoord$/;

const COMPRESSIBLE = /^(text\/|application\/(json|javascript|xml|manifest\+json)|image\/svg\+xml)/;
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

class BodyTooLarge extends Error {}

/** Oversized uploads up to this size are drained before the 413 (see below). */
const DRAIN_LIMIT_BYTES = 16 * 1024 * 1024;

async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers["content-length"] ?? "0");
  if (declared > limit) throw new BodyTooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new BodyTooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

const FORM_TYPES = /^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i;

async function isReadableForm(contentType: string | undefined, body: Buffer): Promise<boolean> {
  if (!contentType || !FORM_TYPES.test(contentType)) return false;
  try {
    await new Request("http://localhost/", {
      method: "POST",
      headers: { "content-type": contentType },
      body: new Uint8Array(body) as Uint8Array<ArrayBuffer>,
    }).formData();
    return true;
  } catch {
    return false;
  }
}

/** Anonymous pages are kept this long (server/page-cache.ts, docs/decisions/010). */
const PAGE_CACHE_MS = 10_000;
/** Bodies up to this size are compressed in one go on the main thread (about 1 ms per 30 kB). */
const SYNC_COMPRESS_LIMIT = 1024 * 1024;

/**
 * Compress a whole body. One call per body instead of a compression stream: a brotli stream
 * allocates its full window and hash tables per response, which cost more than rendering the
 * page; a window sized to the body does not.
 */
function compressBody(body: Buffer, encoding: "br" | "gzip"): Buffer | Promise<Buffer> {
  const lgwin = Math.min(22, Math.max(10, Math.ceil(Math.log2(body.length + 1))));
  const brOptions = {
    params: {
      [zlib.constants.BROTLI_PARAM_QUALITY]: 4,
      [zlib.constants.BROTLI_PARAM_LGWIN]: lgwin,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length,
    },
  };
  if (body.length <= SYNC_COMPRESS_LIMIT) {
    return encoding === "br"
      ? zlib.brotliCompressSync(body, brOptions)
      : zlib.gzipSync(body, { level: 6 });
  }
  return new Promise((resolve, reject) => {
    const done = (err: Error | null, out: Buffer) => (err ? reject(err) : resolve(out));
    if (encoding === "br") zlib.brotliCompress(body, brOptions, done);
    else zlib.gzip(body, { level: 6 }, done);
  });
}

function pickEncoding(req: IncomingMessage): "br" | "gzip" | undefined {
  const accept = String(req.headers["accept-encoding"] ?? "");
  if (/\bbr\b/.test(accept)) return "br";
  if (/\bgzip\b/.test(accept)) return "gzip";
  return undefined;
}

/** The request's own URL (its Host), so redirects stay on the address the visitor used. */
function requestUrl(req: IncomingMessage, config: { publicUrl: string; trustProxy: boolean }): URL {
  const forwardedProto = config.trustProxy
    ? String(req.headers["x-forwarded-proto"] ?? "").split(",")[0]
    : "";
  // This server speaks plain HTTP only: an https PUBLIC_URL means TLS ends in front of it, so
  // visitors' forms come from https://… (React Router rejects an action whose Origin differs
  // from the request URL's origin).
  const proto =
    forwardedProto === "https" || forwardedProto === "http"
      ? forwardedProto
      : new URL(config.publicUrl).protocol.slice(0, -1);
  const host = req.headers.host;
  try {
    if (host && /^[\w.-]+(:\d+)?$|^\[[\d:a-f]+\](:\d+)?$/i.test(host))
      return new URL(req.url ?? "/", `${proto}://${host}`);
  } catch {
    // fall through to the configured public URL
  }
  return new URL(req.url ?? "/", config.publicUrl);
}

const buildDir = path.resolve("build");

async function loadBuild(): Promise<{ build: ServerBuild; api: RuntimeApi }> {
  const serverBuildPath = path.join(buildDir, "server/index.js");
  if (!existsSync(serverBuildPath)) {
    console.error(
      `No server build at ${serverBuildPath}: run "npm run build" (npm start does this).`,
    );
    process.exit(1);
  }
  const build = (await import(pathToFileURL(serverBuildPath).href)) as ServerBuild;
  return { build, api: build.entry.module as unknown as RuntimeApi };
}

async function startOrExit(
  api: RuntimeApi,
  options: { worker?: boolean } = {},
): Promise<Awaited<ReturnType<RuntimeApi["startRuntime"]>>> {
  try {
    return await api.startRuntime(options);
  } catch (e) {
    // Configuration and database problems: one clear line, no stack trace.
    const name = e instanceof Error ? e.name : "";
    const message = e instanceof Error ? e.message : String(e);
    if (name === "ConfigError" || name === "StartupError") {
      console.error(`SPOT 035 cannot start: ${message}`);
    } else {
      console.error("SPOT 035 cannot start:", e);
    }
    process.exit(1);
  }
}

/**
 * `WEB_CONCURRENCY`: how many server processes share the port (node:cluster). Unset or 1: this
 * process serves. `auto`: one per CPU. Each process renders pages on its own core; they share
 * the database (SQLite in WAL mode or PostgreSQL), sessions, rate limits and the job queue.
 */
function processCount(raw = process.env.WEB_CONCURRENCY): number {
  if (raw === undefined || raw.trim() === "") return 1;
  if (raw.trim() === "auto") return Math.max(1, os.availableParallelism());
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 64) {
    console.error(
      `SPOT 035 cannot start: WEB_CONCURRENCY must be "auto" or 1 to 64, not "${raw}".`,
    );
    process.exit(1);
  }
  return n;
}

/**
 * The primary of a cluster: prepares the database once (migrations, catalogue, demo), then
 * starts the server processes, starts a new one when one dies, and passes SIGTERM/SIGINT on.
 */
async function primary(count: number): Promise<void> {
  const { api } = await loadBuild();
  const rt = await startOrExit(api, { worker: false });
  const { logger } = rt;
  const port = rt.config.port;
  await api.stopRuntime();

  // Each process accepts connections itself (the kernel spreads them) instead of the primary
  // handing every connection over: with hand-over, a connection handed to a process that has
  // just died is never answered.
  cluster.schedulingPolicy = cluster.SCHED_NONE;
  let stopping = false;
  const recentDeaths: number[] = [];
  const listening = new Set<number>();
  const fork = () => {
    const w: Worker = cluster.fork();
    w.on("listening", (address) => {
      listening.add(w.id);
      if (listening.size === count) {
        logger.info(
          { port: address.port, url: `http://localhost:${address.port}`, processes: count },
          "SPOT 035 is listening",
        );
      }
    });
  };
  cluster.on("exit", (w, code, signal) => {
    listening.delete(w.id);
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) {
        logger.info("stopped");
        logger.flush?.();
        process.exit(0);
      }
      return;
    }
    const now = Date.now();
    recentDeaths.push(now);
    while (recentDeaths.length && recentDeaths[0]! < now - 60_000) recentDeaths.shift();
    logger.error({ process: w.process.pid, code, signal }, "server process died: starting another");
    if (recentDeaths.length > 5) {
      logger.error("more than 5 server processes died within a minute: stopping");
      logger.flush?.();
      process.exit(1);
    }
    setTimeout(fork, 500).unref();
  });
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down: stopping the server processes");
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill("SIGTERM");
    setTimeout(() => process.exit(0), 20_000).unref();
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
  logger.info({ processes: count, port }, "starting server processes");
  for (let i = 0; i < count; i++) fork();
}

export async function main(): Promise<void> {
  const { build, api } = await loadBuild();
  const rt = await startOrExit(api);
  const { config, logger } = rt;
  const handle = createRequestHandler(build, "production");
  const statics = new StaticFiles(path.join(buildDir, "client"));
  const pages = new PageCache(PAGE_CACHE_MS);
  let inFlight = 0;
  let draining = false;

  async function handleRequest(req: IncomingMessage, res: ServerResponse, requestId: string) {
    const method = req.method ?? "GET";
    const url = requestUrl(req, config);
    const nonce = randomBytes(16).toString("base64");
    for (const [k, v] of Object.entries(securityHeaders({ nonce, https: config.https }))) {
      res.setHeader(k, v);
    }
    res.setHeader("X-Request-Id", requestId);

    if ((method === "GET" || method === "HEAD") && statics.serve(req, res, url.pathname)) return;

    // An anonymous page rendered a moment ago: the same page with this response's nonce.
    const cacheKey = pages.keyFor(req, url);
    const cached = cacheKey ? pages.get(cacheKey) : undefined;
    if (cached) {
      res.statusCode = cached.status;
      for (const [k, v] of cached.headers) res.setHeader(k, v);
      await sendBody(
        req,
        res,
        Buffer.from(PageCache.render(cached, nonce, requestId)),
        method,
        true,
      );
      return;
    }

    let body: Buffer | undefined;
    if (!SAFE_METHODS.has(method)) {
      if (isCrossSiteRequest(req.headers, config.publicUrl, req.headers.host)) {
        res.writeHead(403, {
          "Content-Type": "text/html; charset=utf-8",
          "Cache-Control": "no-store",
        });
        res.end(friendlyErrorPage(403, requestId));
        return;
      }
      try {
        body = await readBody(req, config.bodyLimitBytes);
      } catch (e) {
        if (e instanceof BodyTooLarge) {
          const send = () => {
            res.writeHead(413, { "Content-Type": "text/html; charset=utf-8", Connection: "close" });
            res.end(friendlyErrorPage(413, requestId));
          };
          // A moderately large upload is read to its end and discarded first, so the sender
          // gets to read the 413 instead of a broken pipe; a huge one is cut off at once.
          const declared = Number(req.headers["content-length"] ?? "0");
          if (
            !req.destroyed &&
            !req.readableEnded &&
            declared > 0 &&
            declared <= DRAIN_LIMIT_BYTES
          ) {
            req.once("end", send);
            req.once("error", () => res.destroy());
            req.resume();
          } else {
            send();
            req.resume();
          }
          return;
        }
        throw e;
      }
    }

    // The most frequent request of all, an answer's autosave, takes a short path: the same
    // function as its route (policy included), without React Router's request pipeline.
    const autosave = method === "POST" ? AUTOSAVE_PATH.exec(url.pathname) : null;
    if (autosave) {
      const json = (status: number, value: unknown) => {
        res.writeHead(status, {
          "Content-Type": "application/json; charset=utf-8",
          "Cache-Control": "no-store",
        });
        res.end(JSON.stringify(value));
      };
      if (!/^application\/x-www-form-urlencoded\b/i.test(req.headers["content-type"] ?? "")) {
        json(400, { saved: false, error: null });
        return;
      }
      const form = new URLSearchParams(body?.toString("utf8") ?? "");
      const result = await api.autosaveAnswer(
        new Request(url, { method: "POST", headers: headersOf(req, BODY_HEADERS) }),
        autosave[1]!,
        form,
      );
      json(result.status, result.body);
      return;
    }

    // Every state-changing request is a form (urlencoded or multipart): anything else, or a
    // form that cannot be parsed, is answered here with 400 instead of reaching an action.
    if (body && body.length > 0 && !(await isReadableForm(req.headers["content-type"], body))) {
      res.writeHead(400, {
        "Content-Type": "text/html; charset=utf-8",
        "Cache-Control": "no-store",
      });
      res.end(friendlyErrorPage(400, requestId));
      return;
    }

    const headers = headersOf(req);
    // A state-changing request without a body is an empty form (actions read it as one).
    if (!SAFE_METHODS.has(method) && (!body || body.length === 0)) {
      headers.set("content-type", "application/x-www-form-urlencoded");
    }
    const controller = new AbortController();
    res.on("close", () => {
      if (!res.writableFinished) controller.abort();
    });
    const request = new Request(url, {
      method,
      headers,
      body: body && body.length > 0 ? (new Uint8Array(body) as Uint8Array<ArrayBuffer>) : undefined,
      signal: controller.signal,
    });
    const clientIp =
      (config.trustProxy
        ? String(req.headers["x-forwarded-for"] ?? "")
            .split(",")[0]
            ?.trim()
        : "") ||
      req.socket.remoteAddress ||
      "";
    const response = await handle(request, { requestId, cspNonce: nonce, clientIp });

    res.statusCode = response.status;
    res.statusMessage = response.statusText;
    const setCookies = response.headers.getSetCookie();
    for (const [k, v] of response.headers) {
      if (k === "set-cookie") continue;
      res.setHeader(k, v);
    }
    if (setCookies.length) res.setHeader("Set-Cookie", setCookies);
    const contentType = response.headers.get("content-type") ?? "";
    const compressible =
      !response.headers.has("content-encoding") && COMPRESSIBLE.test(contentType);
    if (!response.body || (method === "HEAD" && !cacheKey)) {
      res.end();
      return;
    }
    if (!compressible) {
      // Files (PDFs) stream as they are.
      const source = Readable.fromWeb(response.body as import("node:stream/web").ReadableStream);
      await pipeline(source, res);
      return;
    }
    // Pages are rendered whole before they are sent (app/entry.server.tsx): read the body at
    // once, keep it when it is an anonymous page, and compress it in one go.
    const rendered = Buffer.from(await response.arrayBuffer());
    if (cacheKey) pages.put(cacheKey, response, rendered.toString("utf8"), { nonce, requestId });
    await sendBody(req, res, rendered, method, true);
  }

  async function sendBody(
    req: IncomingMessage,
    res: ServerResponse,
    body: Buffer,
    method: string,
    compressible: boolean,
  ) {
    const encoding = compressible && body.length > 0 ? pickEncoding(req) : undefined;
    let out = body;
    if (encoding) {
      out = await compressBody(body, encoding);
      res.setHeader("Content-Encoding", encoding);
      res.setHeader("Vary", "Accept-Encoding");
    }
    res.setHeader("Content-Length", out.length);
    res.end(method === "HEAD" ? undefined : out);
  }

  const server = http.createServer(
    { requestTimeout: 60_000, headersTimeout: 20_000 },
    (req, res) => {
      const started = process.hrtime.bigint();
      const incoming = req.headers["x-request-id"];
      const requestId =
        config.trustProxy && typeof incoming === "string" && /^[\w-]{1,100}$/.test(incoming)
          ? incoming
          : randomUUID();
      inFlight++;
      if (draining) res.setHeader("Connection", "close");
      res.on("close", () => {
        inFlight--;
        const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
        logger.info(
          {
            requestId,
            method: req.method,
            // The path only: query strings may carry tokens.
            path: (req.url ?? "/").split("?")[0],
            status: res.statusCode,
            durationMs: Math.round(durationMs * 10) / 10,
          },
          "request",
        );
        if (draining && inFlight === 0) drained?.();
      });
      handleRequest(req, res, requestId).catch((err: unknown) => {
        if (err instanceof Error && err.name === "AbortError") return;
        logger.error({ requestId, err }, "unhandled error");
        if (!res.headersSent) {
          res.writeHead(500, { "Content-Type": "text/html; charset=utf-8" });
          res.end(friendlyErrorPage(500, requestId));
        } else {
          res.destroy();
        }
      });
    },
  );
  server.keepAliveTimeout = 5_000;

  let drained: (() => void) | undefined;
  async function shutdown(signal: string) {
    if (draining) return;
    draining = true;
    logger.info({ signal, inFlight }, "shutting down: draining requests");
    server.close();
    server.closeIdleConnections();
    if (inFlight > 0) {
      await Promise.race([
        new Promise<void>((resolve) => {
          drained = resolve;
        }),
        new Promise((resolve) => setTimeout(resolve, 10_000).unref()),
      ]);
    }
    server.closeAllConnections();
    await api.stopRuntime();
    logger.info("stopped");
    logger.flush?.();
    process.exit(0);
  }
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));

  server.on("error", (e: NodeJS.ErrnoException) => {
    console.error(
      e.code === "EADDRINUSE"
        ? `SPOT 035 cannot start: port ${config.port} is in use (set PORT to another port).`
        : `SPOT 035 cannot start: ${e.message}`,
    );
    process.exit(1);
  });
  server.listen(config.port, config.host, () => {
    const address = server.address();
    const port = typeof address === "object" && address ? address.port : config.port;
    // In a cluster the primary says it once all server processes listen.
    if (cluster.isWorker) logger.info({ port }, "server process listening");
    else logger.info({ port, url: `http://localhost:${port}` }, "SPOT 035 is listening");
  });
}

const count = cluster.isPrimary ? processCount() : 1;
(count > 1 ? primary(count) : main()).catch((e) => {
  console.error("SPOT 035 cannot start:", e);
  process.exit(1);
});
