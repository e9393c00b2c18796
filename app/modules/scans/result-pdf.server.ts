/**
 * The scan result as a printable, accessible PDF (A4): a tagged PDF 1.7 with title, language
 * and a logical structure (headings, paragraphs, lists, a table with header cells, a figure
 * with alternative text), built with pdfkit. Header and footer are marked as artifacts, so
 * screen readers skip them. Everything shown comes from buildResult() (the same as the page).
 *
 * Text uses the PDF standard font Helvetica (WinAnsi encoding): Dutch accents, "€" and "–"
 * are in it; characters that are not are replaced by a close equivalent (winAnsiSafe).
 */
import PDFDocument from "pdfkit";
import { formatDate, formatNumber, isoDay } from "~/i18n/format";
import { getT, type Lang } from "~/i18n/i18n";
import type { ScanResult } from "./result.server";

export interface PdfBranding {
  /** "SPOT 035" */
  siteName: string;
  /** "Gooi en Vechtstreek" */
  regionName: string;
  /** The address people use, without a trailing slash ("https://spot035.nl"). */
  publicUrl: string;
}

export interface ResultPdfOptions {
  lang: Lang;
  branding: PdfBranding;
  /** The smallest comparison group (to explain why there is no comparison). */
  minGroup: number;
}

const COLOR = {
  brand: "#0b4f6c",
  brandDark: "#073447",
  text: "#1c1c1c",
  muted: "#4d4d4d",
  track: "#e6ecef",
  box: "#eef3f6",
  rule: "#c5ccd1",
  group: "#8a5a00",
  previous: "#5a2d82",
  white: "#ffffff",
} as const;

const FONT = { regular: "Helvetica", bold: "Helvetica-Bold" } as const;

const PAGE = { margins: { top: 80, bottom: 66, left: 56, right: 56 } } as const;

/** Unicode characters of the WinAnsi code points 0x80–0x9F (the rest is Latin-1). */
const WIN_ANSI_EXTRA = new Set("€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ");
const REPLACEMENTS: Record<string, string> = {
  "\u2009": " ",
  "\u202f": " ",
  "\u2007": " ",
  "\u2010": "-",
  "\u2011": "-",
  "\u2212": "-",
  "→": "->",
  "←": "<-",
  "≥": ">=",
  "≤": "<=",
  "≈": "~",
  "✓": "v",
};

/** Text the standard PDF fonts can show: WinAnsi characters only. */
export function winAnsiSafe(text: string): string {
  let out = "";
  for (const ch of text.normalize("NFC")) {
    const code = ch.codePointAt(0)!;
    if (
      code === 10 ||
      (code >= 0x20 && code < 0x7f) ||
      (code >= 0xa0 && code <= 0xff) ||
      WIN_ANSI_EXTRA.has(ch)
    )
      out += ch;
    else out += REPLACEMENTS[ch] ?? (code < 0x20 ? " " : "?");
  }
  return out;
}

/** The download's file name: spot035-quickscan-2026-05-03.pdf */
export function resultPdfFilename(
  result: Pick<ScanResult, "instrumentId" | "completedAt">,
  siteName: string,
): string {
  const slug = (s: string) =>
    s
      .toLowerCase()
      .normalize("NFKD")
      .replace(/[^a-z0-9-]+/g, "");
  return `${slug(siteName) || "scan"}-${slug(result.instrumentId)}-${isoDay(result.completedAt)}.pdf`;
}

type Doc = PDFKit.PDFDocument;
type Struct = PDFKit.PDFStructureElement;

interface TextStyle {
  font: string;
  size: number;
  color: string;
  /** Space after the block, in points. */
  after: number;
  x?: number;
  width?: number;
  link?: string;
}

export function buildResultPdf(
  r: ScanResult,
  { lang, branding, minGroup }: ResultPdfOptions,
): Promise<Buffer> {
  const t = getT(lang);
  const tx = (key: string, values?: Record<string, unknown>) => winAnsiSafe(String(t(key, values)));
  const safe = winAnsiSafe;
  const one = (n: number) => formatNumber(n, lang, 1);
  const site = safe(branding.siteName);
  const base = branding.publicUrl.replace(/\/+$/, "");

  const doc: Doc = new PDFDocument({
    size: "A4",
    margins: PAGE.margins,
    bufferPages: true,
    tagged: true,
    pdfVersion: "1.7",
    lang: lang === "nl" ? "nl-NL" : "en-GB",
    displayTitle: true,
    info: {
      Title: tx("resultPdf.documentTitle", { scan: r.title }),
      Author: site,
      Subject: tx("resultPdf.subject", { scan: r.title, site: branding.siteName }),
      Creator: site,
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("data", (c: Uint8Array) => chunks.push(Buffer.from(c)));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });

  const left = PAGE.margins.left;
  const width = doc.page.width - PAGE.margins.left - PAGE.margins.right;

  const style = (s: Partial<TextStyle> = {}): TextStyle => ({
    font: FONT.regular,
    size: 10.5,
    color: COLOR.text,
    after: 6,
    ...s,
  });
  const heightOf = (text: string, s: TextStyle) =>
    doc
      .font(s.font)
      .fontSize(s.size)
      .heightOfString(text, { width: s.width ?? width }) + s.after;
  /** Start a new page when less than `h` points are left on this one. */
  const ensureSpace = (h: number) => {
    if (doc.y + h > doc.page.maxY()) doc.addPage();
  };
  /** One tagged block of text (P, H1…H3, Caption, …) under `parent`. */
  const block = (parent: Struct, tag: string, text: string, s: TextStyle) => {
    parent.add(
      doc.struct(tag, {}, () => {
        doc
          .font(s.font)
          .fontSize(s.size)
          .fillColor(s.color)
          .text(text, s.x ?? left, doc.y, {
            width: s.width ?? width,
            ...(s.link ? { link: s.link, underline: true } : {}),
          });
      }),
    );
    doc.y += s.after;
    doc.x = left;
  };
  /** Drawing that carries no meaning (backgrounds, rules): an artifact, skipped by screen readers. */
  const artifact = (draw: () => void) => {
    doc.save();
    doc.markContent("Artifact", { type: "Layout" });
    draw();
    doc.endMarkedContent();
    doc.restore();
  };
  const list = (parent: Struct, items: string[], s: TextStyle) => {
    const l = doc.struct("L");
    parent.add(l);
    doc.font(s.font).fontSize(s.size).fillColor(s.color);
    doc.list(items, (s.x ?? left) + 4, doc.y, {
      width: (s.width ?? width) - 4,
      structParent: l,
      bulletRadius: 2,
      textIndent: 12,
      paragraphGap: 3,
    } as PDFKit.Mixins.TextOptions);
    l.end();
    doc.y += s.after;
    doc.x = left;
  };

  const root = doc.struct("Document");
  doc.addStructure(root);

  // Title.
  const h1 = style({ font: FONT.bold, size: 22, color: COLOR.brandDark, after: 4 });
  block(root, "H1", safe(r.title), h1);
  const subtitle = `${tx("result.title")} – ${tx("result.completedOn", { date: formatDate(r.completedAt, lang) })}`;
  block(root, "P", subtitle, style({ size: 11, color: COLOR.muted, after: 16 }));

  // Summary: level, overall score, what it means, the scale, progress since the previous scan.
  {
    const sect = doc.struct("Sect");
    root.add(sect);
    const pad = 12;
    const inner = { x: left + pad, width: width - 2 * pad };
    const parts: [string, string, TextStyle][] = [
      [
        "H2",
        `${safe(r.levelLabel)}: ${safe(r.level.label)}`,
        style({ font: FONT.bold, size: 16, color: COLOR.brandDark, after: 4, ...inner }),
      ],
      [
        "P",
        tx("result.overall", { score: one(r.overall) }),
        style({ font: FONT.bold, size: 20, color: COLOR.brand, after: 6, ...inner }),
      ],
      ["P", safe(r.level.description), style({ after: 6, ...inner })],
      [
        "P",
        `${tx("result.levelScale")} ${r.levels
          .map(
            (l, i) =>
              `${safe(l.label)} (${i === 0 ? "0" : `${r.levels[i - 1]!.max}`}–${l.max ?? 100})`,
          )
          .join(" · ")}`,
        style({ size: 9.5, color: COLOR.muted, after: r.previous ? 6 : 0, ...inner }),
      ],
    ];
    if (r.previous) {
      const change = r.overall - r.previous.overall;
      parts.push([
        "P",
        tx("result.sincePrevious", {
          date: formatDate(r.previous.completedAt, lang),
          before: one(r.previous.overall),
          now: one(r.overall),
          change: `${change >= 0 ? "+" : ""}${one(change)}`,
        }),
        style({ font: FONT.bold, after: 0, ...inner }),
      ]);
    }
    const boxHeight = parts.reduce((h, [, text, s]) => h + heightOf(text, s), 0) + 2 * pad;
    const top = doc.y;
    artifact(() => {
      doc.roundedRect(left, top, width, boxHeight, 6).fill(COLOR.box);
      doc.rect(left, top, 5, boxHeight).fill(COLOR.brand);
    });
    doc.y = top + pad;
    for (const [tag, text, s] of parts) block(sect, tag, text, s);
    doc.y = top + boxHeight + 16;
    sect.end();
  }

  // Scores per dimension: bar chart, table with meanings, comparison.
  {
    const sect = doc.struct("Sect");
    root.add(sect);
    const rowH = 19;
    const legend: [string, string][] = [];
    if (r.comparison) legend.push([COLOR.group, tx("resultPdf.legendGroup")]);
    if (r.previous) legend.push([COLOR.previous, tx("resultPdf.legendPrevious")]);
    const chartH = r.dimensions.length * rowH + (legend.length ? legend.length * 13 + 6 : 0);
    ensureSpace(30 + chartH);
    block(
      sect,
      "H2",
      tx("result.perDimension"),
      style({ font: FONT.bold, size: 15, color: COLOR.brandDark, after: 8 }),
    );
    const top = doc.y;
    // Labels left of the bars; a label too long for its column ends in "…" (the table has it whole).
    doc.font(FONT.regular).fontSize(9.5);
    const labelW = Math.min(
      Math.max(...r.dimensions.map((d) => doc.widthOfString(safe(d.label)))) + 12,
      width * 0.42,
    );
    const barX = left + labelW;
    const barW = width - labelW - 30;
    const scores = r.dimensions.map((d) => `${safe(d.label)} ${one(d.score)}`).join("; ");
    const figure = doc.struct("Figure", {
      alt: tx("resultPdf.chartAlt", { scores }),
      bbox: [left, top, left + width, top + chartH],
      placement: "Block",
      // pdfkit reads bbox and placement (a Layout attribute); its type definitions lack them.
    } as Parameters<Doc["struct"]>[1]);
    sect.add(figure);
    figure.add(() => {
      const x = (v: number) => barX + (barW * Math.max(0, Math.min(100, v))) / 100;
      r.dimensions.forEach((d, i) => {
        const y = top + i * rowH;
        doc
          .font(FONT.regular)
          .fontSize(9.5)
          .fillColor(COLOR.text)
          .text(safe(d.label), left, y + 5, { width: labelW - 10, height: 11, ellipsis: true });
        doc.roundedRect(barX, y + 4, barW, 11, 2).fill(COLOR.track);
        if (d.score > 0)
          doc.roundedRect(barX, y + 4, Math.max(3, x(d.score) - barX), 11, 2).fill(COLOR.brand);
        if (d.groupAverage !== null) {
          doc
            .moveTo(x(d.groupAverage), y + 1)
            .lineTo(x(d.groupAverage), y + 18)
            .lineWidth(2.5)
            .stroke(COLOR.group);
        }
        if (d.previous !== null) {
          doc
            .moveTo(x(d.previous), y + 1)
            .lineTo(x(d.previous), y + 18)
            .lineWidth(2)
            .dash(2, { space: 2 })
            .stroke(COLOR.previous)
            .undash();
        }
        doc
          .font(FONT.bold)
          .fontSize(9.5)
          .fillColor(COLOR.text)
          .text(String(Math.round(d.score)), barX + barW + 8, y + 5, { lineBreak: false });
      });
      legend.forEach(([color, text], i) => {
        const y = top + r.dimensions.length * rowH + 6 + i * 13;
        doc
          .moveTo(barX + 4, y)
          .lineTo(barX + 4, y + 10)
          .lineWidth(2);
        if (color === COLOR.previous) doc.dash(2, { space: 2 });
        doc.stroke(color).undash();
        doc
          .font(FONT.regular)
          .fontSize(9)
          .fillColor(COLOR.muted)
          .text(text, barX + 12, y + 1, { lineBreak: false });
      });
    });
    figure.end();
    doc.x = left;
    doc.y = top + chartH + 14;

    const head = (text: string) => ({
      text,
      type: "TH",
      scope: "Column",
      backgroundColor: COLOR.brand,
      textColor: COLOR.white,
      font: { src: FONT.bold },
    });
    const columns: (string | number)[] = [124, 40];
    const header = [head(tx("result.dimension")), head(tx("result.score"))];
    if (r.previous) {
      columns.push(50);
      header.push(head(tx("result.previousScan")));
    }
    if (r.comparison) {
      columns.push(72);
      header.push(head(tx("result.similar")));
    }
    columns.push("*");
    header.push(head(tx("result.meaning")));
    const rows = r.dimensions.map((d, i) => {
      const bg = i % 2 === 1 ? COLOR.box : undefined;
      const cell = (text: string) => ({ text, backgroundColor: bg });
      const row: object[] = [
        {
          text: safe(d.label),
          type: "TH",
          scope: "Row",
          backgroundColor: bg,
          font: { src: FONT.bold },
        },
        cell(one(d.score)),
      ];
      if (r.previous) row.push(cell(d.previous === null ? "–" : one(d.previous)));
      if (r.comparison) row.push(cell(d.groupAverage === null ? "–" : one(d.groupAverage)));
      row.push(cell(safe(d.meaning)));
      return row;
    });
    // Keep the table on one page when it fits on one (its header row is not repeated).
    const fixed = columns.reduce<number>((sum, w) => sum + (typeof w === "number" ? w : 0), 0);
    const colWidth = (i: number) => {
      const w = columns[i]!;
      return typeof w === "number" ? w : width - fixed;
    };
    const rowHeight = (row: object[]) =>
      Math.max(
        ...row.map((cell, i) => {
          const c = cell as { text: string; font?: unknown };
          return (
            doc
              .font(c.font ? FONT.bold : FONT.regular)
              .fontSize(9)
              .heightOfString(c.text, { width: colWidth(i) - 8 }) + 8
          );
        }),
      );
    const tableHeight = [header, ...rows].reduce((h, row) => h + rowHeight(row), 0);
    const captionStyle = style({ font: FONT.bold, size: 10.5, after: 6 });
    const caption = tx("result.tableCaption");
    const withCaption = tableHeight + heightOf(caption, captionStyle);
    ensureSpace(withCaption < doc.page.maxY() - PAGE.margins.top ? withCaption : 90);
    block(sect, "P", caption, captionStyle);
    doc.font(FONT.regular).fontSize(9).fillColor(COLOR.text);
    doc.table({
      position: { x: left, y: doc.y },
      maxWidth: width,
      columnStyles: columns.map((w) => ({ width: w })),
      defaultStyle: { border: 0.5, borderColor: COLOR.rule, padding: 4 },
      structParent: sect,
      data: [header, ...rows],
    } as unknown as PDFKit.Mixins.TableOptionsWithData);
    doc.x = left;
    doc.y += 10;
    const comparison = r.comparison
      ? tx("result.comparison", { size: r.comparison.size, score: one(r.comparison.overall) })
      : tx("result.noComparison", { min: minGroup });
    ensureSpace(40);
    block(sect, "P", comparison, style({ after: 18 }));
    sect.end();
  }

  // The three biggest opportunities with first steps, and tips.
  {
    const sect = doc.struct("Sect");
    root.add(sect);
    ensureSpace(120);
    block(
      sect,
      "H2",
      tx("result.opportunities"),
      style({ font: FONT.bold, size: 15, color: COLOR.brandDark, after: 8 }),
    );
    r.opportunities.forEach((o, i) => {
      const steps = o.steps.map(safe);
      const need =
        40 + steps.reduce((h, s) => h + heightOf(s, style({ after: 3, width: width - 16 })), 0);
      ensureSpace(Math.min(need, 200));
      block(
        sect,
        "H3",
        `${i + 1}. ${safe(o.label)} (${one(o.score)})`,
        style({ font: FONT.bold, size: 12, color: COLOR.brand, after: 4 }),
      );
      block(sect, "P", tx("result.firstSteps"), style({ after: 3 }));
      list(sect, steps, style({ after: 10 }));
    });
    if (r.tips.length > 0) {
      ensureSpace(70);
      block(
        sect,
        "H3",
        tx("result.tips"),
        style({ font: FONT.bold, size: 12, color: COLOR.brand, after: 4 }),
      );
      list(sect, r.tips.map(safe), style({ after: 12 }));
    }
    sect.end();
  }

  // What next: ask for help, see the result online.
  {
    const sect = doc.struct("Sect");
    root.add(sect);
    ensureSpace(100);
    block(
      sect,
      "H2",
      tx("result.next"),
      style({ font: FONT.bold, size: 15, color: COLOR.brandDark, after: 8 }),
    );
    block(sect, "P", tx("result.askHelpBody"), style({ after: 6 }));
    const help = `${base}/hulpvraag?scan=${r.id}`;
    block(sect, "P", tx("resultPdf.askHelp"), style({ after: 1 }));
    block(sect, "P", safe(help), style({ size: 9.5, color: COLOR.brand, after: 8, link: help }));
    const online = `${base}/scan/${r.id}/resultaat`;
    block(sect, "P", tx("resultPdf.online"), style({ after: 1 }));
    block(
      sect,
      "P",
      safe(online),
      style({ size: 9.5, color: COLOR.brand, after: 8, link: online }),
    );
    sect.end();
  }
  root.end();

  // Header and footer on every page (artifacts: "pagination" content).
  const range = doc.bufferedPageRange();
  const region = safe(branding.regionName);
  const host = safe(base.replace(/^https?:\/\//, ""));
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const { width: pw, height: ph } = doc.page;
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.save();
    doc.markContent("Artifact", { type: "Pagination" });
    doc.rect(0, 0, pw, 46).fill(COLOR.brand);
    doc.rect(0, 46, pw, 4).fill(COLOR.brandDark);
    doc
      .font(FONT.bold)
      .fontSize(15)
      .fillColor(COLOR.white)
      .text(site, left, 16, { lineBreak: false });
    doc.font(FONT.regular).fontSize(10);
    doc.text(region, left + width - doc.widthOfString(region), 19, { lineBreak: false });
    doc
      .moveTo(left, ph - 46)
      .lineTo(left + width, ph - 46)
      .lineWidth(0.5)
      .stroke(COLOR.rule);
    doc.font(FONT.regular).fontSize(9).fillColor(COLOR.muted);
    doc.text(`${site} · ${region} · ${host}`, left, ph - 38, { lineBreak: false });
    const page = tx("resultPdf.page", { page: i - range.start + 1, pages: range.count });
    doc.text(page, left + width - doc.widthOfString(page), ph - 38, { lineBreak: false });
    doc.endMarkedContent();
    doc.restore();
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  return done;
}
