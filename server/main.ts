/**
 * The HTTP server: plain `node:http` in front of the React Router server build.
 *
 * Per request: request id → security headers (CSP with a nonce) → static assets from memory →
 * cross-site request check and body limit for state-changing requests → React Router → a
 * compressed response → one structured log line. SIGTERM/SIGINT drain in-flight requests,
 * then close the database. See docs/ARCHITECTURE.md ("A request's path").
 */
import { randomBytes, randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { pathToFileURL } from "node:url";
import zlib from "node:zlib";
import { createRequestHandler, type ServerBuild } from "react-router";
import { isCrossSiteRequest } from "./csrf";
import { friendlyErrorPage } from "./error-page";
import { securityHeaders } from "./headers";
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
}

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

export async function main(): Promise<void> {
  const buildDir = path.resolve("build");
  const serverBuildPath = path.join(buildDir, "server/index.js");
  if (!existsSync(serverBuildPath)) {
    console.error(
      `No server build at ${serverBuildPath}: run "npm run build" (npm start does this).`,
    );
    process.exit(1);
  }
  const build = (await import(pathToFileURL(serverBuildPath).href)) as ServerBuild;
  const api = build.entry.module as unknown as RuntimeApi;

  let rt: Awaited<ReturnType<RuntimeApi["startRuntime"]>>;
  try {
    rt = await api.startRuntime();
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
  const { config, logger } = rt;
  const handle = createRequestHandler(build, "production");
  const statics = new StaticFiles(path.join(buildDir, "client"));
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

    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) {
      if (v === undefined || k.startsWith(":")) continue;
      if (Array.isArray(v)) for (const item of v) headers.append(k, item);
      else headers.set(k, v);
    }
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
    const encoding =
      response.body && !response.headers.has("content-encoding") && COMPRESSIBLE.test(contentType)
        ? pickEncoding(req)
        : undefined;
    if (!response.body || method === "HEAD") {
      res.end();
      return;
    }
    const source = Readable.fromWeb(response.body as import("node:stream/web").ReadableStream);
    if (encoding) {
      res.setHeader("Content-Encoding", encoding);
      res.setHeader("Vary", "Accept-Encoding");
      res.removeHeader("Content-Length");
      const compressor =
        encoding === "br"
          ? zlib.createBrotliCompress({ params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4 } })
          : zlib.createGzip({ level: 6 });
      await pipeline(source, compressor, res);
    } else {
      await pipeline(source, res);
    }
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
    logger.info({ port, url: `http://localhost:${port}` }, "SPOT 035 is listening");
  });
}

main().catch((e) => {
  console.error("SPOT 035 cannot start:", e);
  process.exit(1);
});
