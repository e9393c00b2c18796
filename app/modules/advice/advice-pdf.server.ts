/**
 * A shared advice version as a printable, accessible PDF (A4): tagged PDF 1.7 with title,
 * language and a logical structure (headings, paragraphs, lists, tables with header cells, a
 * figure with alternative text for the roadmap), built with pdfkit like the scan result
 * (docs/decisions/008-pdf.md). Header and footer are artifacts. Everything comes from the
 * version's snapshot, so the PDF of version 2 stays what was shared as version 2.
 */
import PDFDocument from "pdfkit";
import { formatDate, formatEuro } from "~/i18n/format";
import { getT, type Lang } from "~/i18n/i18n";
import { type PdfBranding, winAnsiSafe } from "~/modules/scans/result-pdf.server";
import type { AdviceSnapshot } from "./advice.server";
import { roadmap, weeksOf } from "./plan";

const COLOR = {
  brand: "#0b4f6c",
  brandDark: "#073447",
  text: "#1c1c1c",
  muted: "#4d4d4d",
  track: "#e6ecef",
  box: "#eef3f6",
  rule: "#c5ccd1",
  white: "#ffffff",
} as const;
const FONT = { regular: "Helvetica", bold: "Helvetica-Bold" } as const;
const MARGINS = { top: 80, bottom: 66, left: 56, right: 56 } as const;

type Doc = PDFKit.PDFDocument;
type Struct = PDFKit.PDFStructureElement;

export function advicePdfFilename(s: Pick<AdviceSnapshot, "company" | "number">, site: string) {
  const slug = (v: string) =>
    v
      .toLowerCase()
      .normalize("NFKD")
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "");
  return `${slug(site) || "advies"}-advies-${slug(s.company) || "bedrijf"}-v${s.number}.pdf`;
}

export function buildAdvicePdf(
  s: AdviceSnapshot,
  { lang, branding }: { lang: Lang; branding: PdfBranding },
): Promise<Buffer> {
  const t = getT(lang);
  const tx = (key: string, values?: Record<string, unknown>) => winAnsiSafe(String(t(key, values)));
  const safe = winAnsiSafe;
  const euro = (r: { min: number; max: number }) =>
    safe(
      r.min === r.max
        ? formatEuro(r.min, lang)
        : `${formatEuro(r.min, lang)} – ${formatEuro(r.max, lang)}`,
    );
  const site = safe(branding.siteName);
  const doc: Doc = new PDFDocument({
    size: "A4",
    margins: MARGINS,
    bufferPages: true,
    tagged: true,
    pdfVersion: "1.7",
    lang: lang === "nl" ? "nl-NL" : "en-GB",
    displayTitle: true,
    info: {
      Title: tx("advice.pdf.documentTitle", { company: s.company, number: s.number }),
      Author: site,
      Subject: tx("advice.pdf.subject", { company: s.company, site: branding.siteName }),
      Creator: site,
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("data", (c: Uint8Array) => chunks.push(Buffer.from(c)));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  const left = MARGINS.left;
  const width = doc.page.width - MARGINS.left - MARGINS.right;

  interface Style {
    font: string;
    size: number;
    color: string;
    after: number;
  }
  const st = (o: Partial<Style> = {}): Style => ({
    font: FONT.regular,
    size: 10.5,
    color: COLOR.text,
    after: 6,
    ...o,
  });
  const H2 = st({ font: FONT.bold, size: 15, color: COLOR.brandDark, after: 8 });
  const H3 = st({ font: FONT.bold, size: 12, color: COLOR.brand, after: 4 });
  const ensureSpace = (h: number) => {
    if (doc.y + h > doc.page.maxY()) doc.addPage();
  };
  const block = (parent: Struct, tag: string, text: string, o: Style) => {
    parent.add(
      doc.struct(tag, {}, () => {
        doc.font(o.font).fontSize(o.size).fillColor(o.color).text(text, left, doc.y, { width });
      }),
    );
    doc.y += o.after;
    doc.x = left;
  };
  const paragraphs = (parent: Struct, text: string) => {
    const parts = text
      .split(/\n\s*\n/)
      .map((p) => p.trim())
      .filter(Boolean);
    if (parts.length === 0) block(parent, "P", tx("advice.text.empty"), st({ color: COLOR.muted }));
    for (const p of parts) {
      ensureSpace(30);
      block(parent, "P", safe(p), st());
    }
  };
  const table = (
    parent: Struct,
    caption: string,
    header: string[],
    rows: string[][],
    widths: (number | "*")[],
  ) => {
    ensureSpace(60);
    block(parent, "P", caption, st({ font: FONT.bold, after: 4 }));
    const head = header.map((text) => ({
      text,
      type: "TH",
      scope: "Column",
      backgroundColor: COLOR.brand,
      textColor: COLOR.white,
      font: { src: FONT.bold },
    }));
    const body = rows.map((r, i) =>
      r.map((text, j) =>
        j === 0
          ? {
              text,
              type: "TH",
              scope: "Row",
              font: { src: FONT.bold },
              backgroundColor: i % 2 ? COLOR.box : undefined,
            }
          : { text, backgroundColor: i % 2 ? COLOR.box : undefined },
      ),
    );
    doc.font(FONT.regular).fontSize(9).fillColor(COLOR.text);
    doc.table({
      position: { x: left, y: doc.y },
      maxWidth: width,
      columnStyles: widths.map((w) => ({ width: w })),
      defaultStyle: { border: 0.5, borderColor: COLOR.rule, padding: 4 },
      structParent: parent,
      data: [head, ...body],
    } as unknown as PDFKit.Mixins.TableOptionsWithData);
    doc.x = left;
    doc.y += 12;
  };

  const root = doc.struct("Document");
  doc.addStructure(root);

  block(
    root,
    "H1",
    tx("advice.pdf.title", { company: s.company }),
    st({ font: FONT.bold, size: 22, color: COLOR.brandDark, after: 4 }),
  );
  block(
    root,
    "P",
    tx("advice.pdf.subtitle", {
      number: s.number,
      date: formatDate(s.sharedAt, lang),
      reference: s.reference,
      by: s.sharedBy ?? "–",
    }),
    st({ size: 11, color: COLOR.muted, after: 16 }),
  );

  // Situation, with the scan's scores.
  {
    const sect = doc.struct("Sect");
    root.add(sect);
    block(sect, "H2", tx("advice.text.situation"), H2);
    paragraphs(sect, s.situation);
    if (s.scan) {
      const scan = s.scan;
      const rowH = 18;
      const chartH = scan.dimensions.length * rowH;
      ensureSpace(40 + chartH);
      block(
        sect,
        "P",
        tx("advice.scan.lead", {
          scan: scan.title,
          date: formatDate(scan.completedAt, lang),
          score: Math.round(scan.overall),
        }),
        st(),
      );
      const top = doc.y;
      const labelW = width * 0.4;
      const barW = width - labelW - 30;
      const figure = doc.struct("Figure", {
        alt: tx("advice.pdf.scanAlt", {
          scores: scan.dimensions.map((d) => `${d.label} ${Math.round(d.score)}`).join("; "),
        }),
        bbox: [left, top, left + width, top + chartH],
        placement: "Block",
      } as Parameters<Doc["struct"]>[1]);
      sect.add(figure);
      figure.add(() => {
        scan.dimensions.forEach((d, i) => {
          const y = top + i * rowH;
          doc
            .font(FONT.regular)
            .fontSize(9.5)
            .fillColor(COLOR.text)
            .text(safe(d.label), left, y + 4, { width: labelW - 8, height: 11, ellipsis: true });
          doc.roundedRect(left + labelW, y + 3, barW, 11, 2).fill(COLOR.track);
          const w = (barW * Math.max(0, Math.min(100, d.score))) / 100;
          if (w > 0) doc.roundedRect(left + labelW, y + 3, Math.max(3, w), 11, 2).fill(COLOR.brand);
          doc
            .font(FONT.bold)
            .fontSize(9.5)
            .fillColor(COLOR.text)
            .text(String(Math.round(d.score)), left + labelW + barW + 6, y + 4, {
              lineBreak: false,
            });
        });
      });
      figure.end();
      doc.x = left;
      doc.y = top + chartH + 12;
    }
    sect.end();
  }

  // The problem or opportunity.
  {
    const sect = doc.struct("Sect");
    root.add(sect);
    ensureSpace(60);
    block(sect, "H2", tx("advice.text.problem"), H2);
    paragraphs(sect, s.problem);
    sect.end();
  }

  // The actions.
  {
    const sect = doc.struct("Sect");
    root.add(sect);
    ensureSpace(80);
    block(sect, "H2", tx("advice.pdf.actions", { count: s.items.length }), H2);
    s.items.forEach((item, n) => {
      ensureSpace(120);
      block(sect, "H3", safe(`${n + 1}. ${item.title}`), H3);
      if (item.description) block(sect, "P", safe(item.description), st());
      const deps = item.dependsOn
        .map((d) => {
          const k = s.items.findIndex((x) => x.id === d);
          return k < 0 ? null : `${k + 1}. ${s.items[k]!.title}`;
        })
        .filter(Boolean)
        .join(", ");
      const facts: [string, string][] = [
        [tx("advice.item.costOnce"), euro({ min: item.costOnceMin, max: item.costOnceMax })],
        [
          tx("advice.item.costMonthly"),
          euro({ min: item.costMonthlyMin, max: item.costMonthlyMax }),
        ],
        [
          tx("advice.item.planning"),
          tx("advice.item.planningValue", {
            from: formatDate(item.startOn, lang),
            to: formatDate(item.endOn, lang),
            count: weeksOf(item),
          }),
        ],
      ];
      if (deps) facts.push([tx("advice.item.dependsOn"), safe(deps)]);
      if (item.effect) facts.push([tx("advice.item.effect"), safe(item.effect)]);
      if (item.indicator) facts.push([tx("advice.item.indicator"), safe(item.indicator)]);
      facts.push([tx("advice.item.owner"), safe(item.owner || t("advice.item.ownerNone"))]);
      const l = doc.struct("L");
      sect.add(l);
      for (const [k, v] of facts) {
        ensureSpace(16);
        l.add(
          doc.struct("LI", {}, () => {
            doc
              .font(FONT.bold)
              .fontSize(10)
              .fillColor(COLOR.text)
              .text(`${k}: `, left + 8, doc.y, { continued: true, width: width - 8 })
              .font(FONT.regular)
              .text(v);
          }),
        );
        doc.y += 2;
      }
      l.end();
      doc.x = left;
      doc.y += 8;
    });
    sect.end();
  }

  // The roadmap: bars over time, and the same as a table.
  const map = roadmap(s.items);
  if (map) {
    const sect = doc.struct("Sect");
    root.add(sect);
    const rowH = 16;
    const chartH = 16 + map.bars.length * rowH;
    ensureSpace(40 + Math.min(chartH, 400));
    block(sect, "H2", tx("advice.roadmap.title"), H2);
    const top = doc.y;
    const labelW = width * 0.38;
    const barsW = width - labelW;
    const x = (day: number) => left + labelW + (barsW * day) / map.days;
    const figure = doc.struct("Figure", {
      alt: tx("advice.pdf.roadmapAlt", {
        items: s.items
          .map(
            (i, n) =>
              `${n + 1}. ${i.title}: ${formatDate(i.startOn, lang)} – ${formatDate(i.endOn, lang)}`,
          )
          .join("; "),
      }),
      bbox: [left, top, left + width, top + chartH],
      placement: "Block",
    } as Parameters<Doc["struct"]>[1]);
    sect.add(figure);
    figure.add(() => {
      const fmt = new Intl.DateTimeFormat(lang === "nl" ? "nl-NL" : "en-GB", {
        month: "short",
        day: map.ticks[0]?.kind === "week" ? "numeric" : undefined,
        timeZone: "UTC",
      });
      for (const tick of map.ticks) {
        doc
          .moveTo(x(tick.day), top + 12)
          .lineTo(x(tick.day), top + chartH)
          .lineWidth(0.5)
          .stroke(COLOR.rule);
        doc
          .font(FONT.regular)
          .fontSize(7.5)
          .fillColor(COLOR.muted)
          .text(safe(fmt.format(new Date(`${tick.date}T00:00:00Z`))), x(tick.day) + 2, top, {
            lineBreak: false,
          });
      }
      for (const b of map.bars) {
        const y = top + 16 + b.row * rowH;
        doc
          .font(FONT.regular)
          .fontSize(8.5)
          .fillColor(COLOR.text)
          .text(safe(`${b.row + 1}. ${b.title}`), left, y + 2, {
            width: labelW - 6,
            height: 10,
            ellipsis: true,
          });
        doc
          .roundedRect(x(b.from), y + 2, Math.max(3, x(b.to) - x(b.from)), rowH - 5, 2)
          .fill(COLOR.brand);
      }
    });
    figure.end();
    doc.x = left;
    doc.y = top + chartH + 12;
    table(
      sect,
      tx("advice.roadmap.tableCaption"),
      [
        tx("advice.item.title"),
        tx("advice.item.startOn"),
        tx("advice.item.endOn"),
        tx("advice.roadmap.weeks"),
      ],
      s.items.map((i, n) => [
        safe(`${n + 1}. ${i.title}`),
        safe(formatDate(i.startOn, lang)),
        safe(formatDate(i.endOn, lang)),
        String(weeksOf(i)),
      ]),
      ["*", 95, 95, 50],
    );
    sect.end();
  }

  // Totals and next steps.
  {
    const sect = doc.struct("Sect");
    root.add(sect);
    ensureSpace(120);
    block(sect, "H2", tx("advice.totals.title"), H2);
    const tt = s.totals;
    table(
      sect,
      tx("advice.totals.caption"),
      [tx("advice.pdf.what"), tx("advice.pdf.amount")],
      [
        [tx("advice.totals.once"), euro(tt.once)],
        [tx("advice.totals.monthly"), euro(tt.monthly)],
        [tx("advice.totals.firstYear"), euro(tt.firstYear)],
        [
          tx("advice.totals.time"),
          tt.startOn && tt.endOn
            ? tx("advice.totals.timeValue", {
                count: tt.weeks,
                from: formatDate(tt.startOn, lang),
                to: formatDate(tt.endOn, lang),
              })
            : "–",
        ],
      ],
      [180, "*"],
    );
    ensureSpace(60);
    block(sect, "H2", tx("advice.text.nextSteps"), H2);
    paragraphs(sect, s.nextSteps);
    sect.end();
  }
  root.end();

  const range = doc.bufferedPageRange();
  const region = safe(branding.regionName);
  const host = safe(branding.publicUrl.replace(/\/+$/, "").replace(/^https?:\/\//, ""));
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
    const page = tx("advice.pdf.page", { page: i - range.start + 1, pages: range.count });
    doc.text(page, left + width - doc.widthOfString(page), ph - 38, { lineBreak: false });
    doc.endMarkedContent();
    doc.restore();
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  return done;
}
