/**
 * Static files from the client build, served from memory. Only files that exist in the build
 * folder at start-up can be served (no path is ever joined from the URL). Fingerprinted
 * files under /assets/ are cached for a year; compressed copies are made once, on first use.
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import path from "node:path";
import zlib from "node:zlib";

const TYPES: Record<string, string> = {
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".webp": "image/webp",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".json": "application/json",
  ".txt": "text/plain; charset=utf-8",
  ".webmanifest": "application/manifest+json",
};
const COMPRESS = new Set([".js", ".mjs", ".css", ".svg", ".json", ".txt", ".webmanifest"]);

interface Entry {
  file: string;
  type: string;
  etag: string;
  body?: Buffer;
  br?: Buffer;
  gzip?: Buffer;
  immutable: boolean;
  compressible: boolean;
}

export class StaticFiles {
  private readonly files = new Map<string, Entry>();

  constructor(root: string) {
    const walk = (dir: string) => {
      let names: string[] = [];
      try {
        names = readdirSync(dir);
      } catch {
        return;
      }
      for (const name of names) {
        const full = path.join(dir, name);
        const st = statSync(full);
        if (st.isDirectory()) walk(full);
        else {
          const urlPath = `/${path.relative(root, full).split(path.sep).join("/")}`;
          const ext = path.extname(name).toLowerCase();
          this.files.set(urlPath, {
            file: full,
            type: TYPES[ext] ?? "application/octet-stream",
            etag: "",
            immutable: urlPath.startsWith("/assets/"),
            compressible: COMPRESS.has(ext),
          });
        }
      }
    };
    walk(root);
  }

  /** Serve the file if there is one at this path; returns false to let the app answer. */
  serve(req: IncomingMessage, res: ServerResponse, pathname: string): boolean {
    const entry = this.files.get(pathname);
    if (!entry) return false;
    if (!entry.body) {
      entry.body = readFileSync(entry.file);
      entry.etag = `"${createHash("sha1").update(entry.body).digest("base64url").slice(0, 16)}"`;
    }
    res.setHeader("Content-Type", entry.type);
    res.setHeader(
      "Cache-Control",
      entry.immutable ? "public, max-age=31536000, immutable" : "public, max-age=3600",
    );
    res.setHeader("ETag", entry.etag);
    if (req.headers["if-none-match"] === entry.etag) {
      res.statusCode = 304;
      res.end();
      return true;
    }
    let body = entry.body;
    if (entry.compressible && body.length > 512) {
      const accept = String(req.headers["accept-encoding"] ?? "");
      res.setHeader("Vary", "Accept-Encoding");
      if (/\bbr\b/.test(accept)) {
        entry.br ??= zlib.brotliCompressSync(body, {
          params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 },
        });
        body = entry.br;
        res.setHeader("Content-Encoding", "br");
      } else if (/\bgzip\b/.test(accept)) {
        entry.gzip ??= zlib.gzipSync(body, { level: 9 });
        body = entry.gzip;
        res.setHeader("Content-Encoding", "gzip");
      }
    }
    res.setHeader("Content-Length", body.length);
    res.statusCode = 200;
    res.end(req.method === "HEAD" ? undefined : body);
    return true;
  }
}
