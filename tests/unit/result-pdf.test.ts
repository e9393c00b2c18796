// The result PDF (app/modules/scans/result-pdf.server.ts): a tagged, titled PDF with a language,
// that says what the result page says. Set RESULT_PDF_OUT=/some/dir to keep the files for a look.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { ScanResult } from "~/modules/scans/result.server";
import { buildResultPdf, resultPdfFilename, winAnsiSafe } from "~/modules/scans/result-pdf.server";
import { pdfCatalog, pdfObjects, pdfStreams, pdfText, pdfTitle } from "../support/pdf-text";

const branding = {
  siteName: "SPOT 035",
  regionName: "Gooi en Vechtstreek",
  publicUrl: "https://spot035.example",
};

function sample(overrides: Partial<ScanResult> = {}): ScanResult {
  const dims = [
    ["marketing", "Online marketing en klantcontact", 62.5],
    ["ecommerce", "Online verkopen", 20],
    ["automation", "Werkprocessen en software", 45],
    ["cloud", "Cloud en samenwerken op afstand", 80],
    ["data", "Cijfers en AI – ideeën", 10],
    ["cyber", "Cyberveiligheid", 35],
    ["skills", "Digitale vaardigheden", 55],
    ["strategy", "Digitale plannen", 0],
  ] as const;
  return {
    id: "0b4f6c00-0000-4000-8000-000000000035",
    instrumentId: "quickscan",
    title: "Quickscan digitalisering",
    completedAt: "2026-05-03T10:15:00.000Z",
    overall: 38.4,
    level: {
      id: "average",
      label: "Gemiddeld",
      description:
        "Je hebt de basis op orde. Een café of een bakkerij kan hier ook staan; budget: € 500.",
    },
    levelLabel: "Digitaal niveau",
    levels: [
      { id: "basic", label: "Basis", max: 25 },
      { id: "average", label: "Gemiddeld", max: 50 },
      { id: "moderately-advanced", label: "Redelijk gevorderd", max: 75 },
      { id: "advanced", label: "Gevorderd", max: null },
    ],
    dimensions: dims.map(([id, label, score], i) => ({
      id,
      label,
      score,
      meaning: `Betekenis van ${label.toLowerCase()}: je staat op ${score} van 100.${i === 0 ? " Een langere uitleg die over meer dan één regel loopt, zodat de tabel moet afbreken en de rij hoger wordt." : ""}`,
      theme: null,
      groupAverage: 50,
      previous: i === 1 ? null : 30,
    })),
    opportunities: [
      {
        id: "strategy",
        label: "Digitale plannen",
        score: 0,
        steps: [
          "Schrijf in één A4 op wat je digitaal wilt bereiken.",
          "Plan elk kwartaal één verbetering.",
        ],
      },
      {
        id: "data",
        label: "Cijfers en AI – ideeën",
        score: 10,
        steps: ["Kies drie cijfers die je elke maand bekijkt."],
      },
      {
        id: "ecommerce",
        label: "Online verkopen",
        score: 20,
        steps: [
          "Zet je tien best verkochte producten online.",
          "Vraag drie klanten wat ze online willen kopen.",
        ],
      },
    ],
    tips: [
      "Maak elke dag een back-up en test of je hem terug kunt zetten.",
      "Zet tweestapsverificatie aan op je e-mail → het kost vijf minuten.",
    ],
    comparison: { size: 14, overall: 44.2 },
    previous: { completedAt: "2025-11-20T09:00:00.000Z", overall: 30.1, level: "average" },
    companyId: null,
    ...overrides,
  };
}

function keep(name: string, pdf: Buffer) {
  const dir = process.env.RESULT_PDF_OUT;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, name), pdf);
}

describe("result PDF", () => {
  it("is a tagged PDF 1.7 with a title shown in the title bar and a language", async () => {
    const pdf = await buildResultPdf(sample(), { lang: "nl", branding, minGroup: 10 });
    keep("result-nl.pdf", pdf);
    expect(pdf.subarray(0, 8).toString("latin1")).toBe("%PDF-1.7");
    const catalog = pdfCatalog(pdf);
    expect(catalog).toContain("/MarkInfo << /Marked true >>");
    expect(catalog).toMatch(/\/StructTreeRoot << \/Type \/StructTreeRoot/);
    expect(catalog).toContain("/Lang (nl-NL)");
    expect(catalog).toContain("/ViewerPreferences << /DisplayDocTitle true >>");
    expect(pdfTitle(pdf)).toBe("Quickscan digitalisering – je resultaat");
  });

  it("has a logical structure: headings, paragraphs, a figure with alternative text, a table, lists", async () => {
    const pdf = await buildResultPdf(sample(), { lang: "nl", branding, minGroup: 10 });
    const all = [...pdfObjects(pdf).values(), ...pdfStreams(pdf)].join("\n").replace(/\s+/g, " ");
    for (const tag of [
      "Document",
      "H1",
      "H2",
      "H3",
      "P",
      "Figure",
      "Table",
      "TR",
      "TH",
      "TD",
      "L",
      "LI",
      "LBody",
    ]) {
      expect(all, tag).toMatch(new RegExp(`/S /${tag}\\b`));
    }
    expect(all).toMatch(/\/Alt /);
    // Header, footer and backgrounds are artifacts, not content.
    expect(all).toContain("/Artifact << /Type /Pagination >> BDC");
  });

  it("says everything the result page says (Dutch)", async () => {
    const r = sample();
    const text = pdfText(await buildResultPdf(r, { lang: "nl", branding, minGroup: 10 }));
    expect(text).toContain("Quickscan digitalisering");
    expect(text).toContain("Digitaal niveau: Gemiddeld");
    expect(text).toContain("Totaalscore: 38,4 van 100");
    for (const d of r.dimensions) expect(text, d.label).toContain(d.label);
    expect(text).toContain("Een langere uitleg die over meer dan één regel loopt");
    for (const o of r.opportunities) for (const s of o.steps) expect(text).toContain(s);
    expect(text).toContain("Maak elke dag een back-up");
    expect(text).toContain("Vergeleken met 14 bedrijven");
    expect(text).toContain(
      "Sinds je vorige scan (20 november 2025) ging je van 30,1 naar 38,4 (+8,3).",
    );
    expect(text).toContain("Ingevuld op 3 mei 2026");
    expect(text).toContain(
      "https://spot035.example/scan/0b4f6c00-0000-4000-8000-000000000035/resultaat",
    );
    // Footer with the site address and page numbers on every page.
    expect(text).toContain("SPOT 035 · Gooi en Vechtstreek · spot035.example");
    expect(text).toMatch(/Pagina 1 van (\d)/);
    const pages = Number(/Pagina 1 van (\d)/.exec(text)![1]);
    expect(text).toContain(`Pagina ${pages} van ${pages}`);
  });

  it("keeps accents, the euro sign and dashes, and replaces what the standard font cannot show", async () => {
    const text = pdfText(await buildResultPdf(sample(), { lang: "nl", branding, minGroup: 10 }));
    expect(text).toContain("Cijfers en AI – ideeën");
    expect(text).toContain("Een café of een bakkerij");
    expect(text).toContain("budget: € 500");
    expect(text).toContain("één A4");
    expect(text).toContain("op je e-mail -> het kost vijf minuten");
    expect(winAnsiSafe("ë é € – → ≥ 😀")).toBe("ë é € – -> >= ?");
  });

  it("explains a missing comparison, and leaves out what is not there (English)", async () => {
    const r = sample({
      comparison: null,
      previous: null,
      tips: [],
      title: "Quick scan",
      levelLabel: "Digital level",
    });
    r.dimensions = r.dimensions.map((d) => ({ ...d, groupAverage: null, previous: null }));
    const pdf = await buildResultPdf(r, { lang: "en", branding, minGroup: 10 });
    keep("result-en.pdf", pdf);
    expect(pdfCatalog(pdf)).toContain("/Lang (en-GB)");
    const text = pdfText(pdf);
    expect(text).toContain("Overall score: 38.4 out of 100");
    expect(text).toContain(
      "We show a comparison with companies like yours once at least 10 such companies have taken the scan.",
    );
    expect(text).not.toContain("Previous scan");
    expect(text).not.toContain("Tips based on your answers");
    expect(text).toMatch(/Page 1 of \d/);
  });

  it("names the download after the site, the instrument and the day", () => {
    expect(resultPdfFilename(sample(), "SPOT 035")).toBe("spot035-quickscan-2026-05-03.pdf");
    // Late in the evening in Amsterdam is still that day.
    expect(
      resultPdfFilename(
        { instrumentId: "eu-dma", completedAt: "2026-05-03T22:30:00.000Z" },
        "SPOT 035",
      ),
    ).toBe("spot035-eu-dma-2026-05-04.pdf");
  });
});
