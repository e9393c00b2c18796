/**
 * A small, dependency-free reader for the PDFs we make with pdfkit (standard fonts, WinAnsi):
 * inflates the content streams and collects the strings of the text operators (Tj, TJ), so a
 * test can check what a PDF says. Not a general PDF parser.
 */
import { inflateSync } from "node:zlib";

/** WinAnsi code points 0x80–0x9F that are not Latin-1. */
const WIN_ANSI: Record<number, string> = {
  128: "€",
  130: "‚",
  131: "ƒ",
  132: "„",
  133: "…",
  134: "†",
  135: "‡",
  136: "ˆ",
  137: "‰",
  138: "Š",
  139: "‹",
  140: "Œ",
  142: "Ž",
  145: "‘",
  146: "’",
  147: "“",
  148: "”",
  149: "•",
  150: "–",
  151: "—",
  152: "˜",
  153: "™",
  154: "š",
  155: "›",
  156: "œ",
  158: "ž",
  159: "Ÿ",
};

const decodeByte = (b: number) => WIN_ANSI[b] ?? String.fromCharCode(b);

/** The decompressed content of every stream in the file. */
export function pdfStreams(pdf: Buffer): string[] {
  const out: string[] = [];
  const raw = pdf.toString("latin1");
  const re = /<<(.*?)>>\s*stream\r?\n/gs;
  for (let m = re.exec(raw); m; m = re.exec(raw)) {
    const start = m.index + m[0].length;
    const end = raw.indexOf("endstream", start);
    if (end < 0) break;
    const bytes = pdf.subarray(start, end);
    if (/\/FlateDecode/.test(m[1]!)) {
      try {
        out.push(inflateSync(bytes).toString("latin1"));
      } catch {
        // A stream that is not complete deflate data (trailing newline): try without it.
        try {
          out.push(inflateSync(bytes.subarray(0, bytes.length - 1)).toString("latin1"));
        } catch {
          // not text
        }
      }
    } else {
      out.push(bytes.toString("latin1"));
    }
    re.lastIndex = end;
  }
  return out;
}

function decodeHex(hex: string): string {
  const clean = hex.replace(/\s+/g, "");
  let s = "";
  for (let i = 0; i + 1 < clean.length; i += 2)
    s += decodeByte(Number.parseInt(clean.slice(i, i + 2), 16));
  return s;
}

function decodeLiteral(lit: string): string {
  return lit
    .replace(/\\([nrtbf()\\]|[0-7]{1,3})/g, (_, e: string) => {
      if (/^[0-7]+$/.test(e)) return String.fromCharCode(Number.parseInt(e, 8));
      return ({ n: "\n", r: "\r", t: "\t", b: "\b", f: "\f" } as Record<string, string>)[e] ?? e;
    })
    .split("")
    .map((c) => decodeByte(c.charCodeAt(0)))
    .join("");
}

/** Text of a content stream: one line per text operator. */
function streamText(content: string): string[] {
  const lines: string[] = [];
  const re =
    /\[((?:<[0-9a-fA-F\s]*>|\((?:\\.|[^\\)])*\)|[-\d.\s])*)\]\s*TJ|<([0-9a-fA-F\s]*)>\s*Tj|\(((?:\\.|[^\\)])*)\)\s*Tj/g;
  for (let m = re.exec(content); m; m = re.exec(content)) {
    if (m[1] !== undefined) {
      let s = "";
      const part = /<([0-9a-fA-F\s]*)>|\(((?:\\.|[^\\)])*)\)/g;
      for (let p = part.exec(m[1]); p; p = part.exec(m[1]))
        s += p[1] !== undefined ? decodeHex(p[1]) : decodeLiteral(p[2]!);
      lines.push(s);
    } else if (m[2] !== undefined) lines.push(decodeHex(m[2]));
    else lines.push(decodeLiteral(m[3]!));
  }
  return lines;
}

/** All text shown in the PDF, in drawing order, one line per text operator. */
export function pdfTextLines(pdf: Buffer): string[] {
  return pdfStreams(pdf).flatMap(streamText);
}

/** All text as one string with whitespace collapsed (words wrapped over lines join with a space). */
export function pdfText(pdf: Buffer): string {
  return pdfTextLines(pdf).join(" ").replace(/\s+/g, " ").trim();
}

/** The body of every indirect object ("12 0 obj … endobj"), whitespace collapsed, by number. */
export function pdfObjects(
  pdf: Buffer,
  { collapse = true }: { collapse?: boolean } = {},
): Map<number, string> {
  const raw = pdf.toString("latin1");
  const out = new Map<number, string>();
  const re = /(?:^|[\r\n])(\d+) 0 obj\s*(.*?)\s*endobj/gs;
  for (let m = re.exec(raw); m; m = re.exec(raw)) {
    const body = m[2]!;
    const stream = body.indexOf("stream");
    const dict = stream >= 0 ? body.slice(0, stream) : body;
    out.set(Number(m[1]), collapse ? dict.replace(/\s+/g, " ").trim() : dict);
  }
  return out;
}

/** The document catalog with its direct references ("5 0 R") replaced by those objects. */
export function pdfCatalog(pdf: Buffer): string {
  const objects = pdfObjects(pdf);
  const catalog = [...objects.values()].find((o) => /\/Type \/Catalog\b/.test(o)) ?? "";
  return catalog.replace(/(\d+) 0 R/g, (ref, n: string) => objects.get(Number(n)) ?? ref);
}

/** A PDF text string "(…)" as JavaScript: PDFDocEncoding, or UTF-16BE after a byte order mark. */
export function decodePdfString(literal: string): string {
  const bytes = literal
    .replace(/^\(|\)$/g, "")
    .replace(/\\([0-7]{1,3}|.)/gs, (_, e: string) =>
      /^[0-7]+$/.test(e)
        ? String.fromCharCode(Number.parseInt(e, 8))
        : (({ n: "\n", r: "\r", t: "\t", b: "\b", f: "\f" } as Record<string, string>)[e] ?? e),
    );
  if (!bytes.startsWith("\xfe\xff")) return bytes;
  let s = "";
  for (let i = 2; i + 1 < bytes.length; i += 2) {
    s += String.fromCharCode((bytes.charCodeAt(i) << 8) | bytes.charCodeAt(i + 1));
  }
  return s;
}

/** The document title from the Info dictionary. */
export function pdfTitle(pdf: Buffer): string | undefined {
  const raw = pdf.toString("latin1");
  const info = /\/Info (\d+) 0 R/.exec(raw.slice(raw.lastIndexOf("trailer")));
  if (!info) return undefined;
  const objects = pdfObjects(pdf, { collapse: false });
  const title = /\/Title (?:(\d+) 0 R|(\((?:\\.|[^\\)])*\)))/s.exec(
    objects.get(Number(info[1])) ?? "",
  );
  if (!title) return undefined;
  const literal = title[2] ?? objects.get(Number(title[1])) ?? "";
  return decodePdfString(literal);
}
