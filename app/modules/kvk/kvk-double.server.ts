/**
 * A local test double of the KvK "API Basisprofiel": the same address scheme
 * (`…/v1/basisprofielen/{kvkNummer}`), the `apikey` header, the same JSON field names and
 * error shape (`{ fout: [{ code, omschrijving }] }`), with ten fictitious companies
 * (90000001–90000010): the demo seed's four, a sole trader (…05), a company with 400 people
 * (…06), one outside the region (…07), one on a shared postcode (…08, 1216), a partnership
 * (…09) and one of exactly 2 people (…10). Any likeness to a real company is a coincidence.
 *
 * Used three ways: tests start it as a real HTTP server on a free port (`startKvkDouble`); the
 * demo adapter calls `handleKvkDoubleRequest` in-process; and in demo mode the app mounts it at
 * /__kvk/v1/basisprofielen/:kvk (app/routes/kvk-double.ts) so you can look at its answers.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** The key the in-process demo adapter sends (the double accepts any key unless told one). */
export const DOUBLE_API_KEY = "spot035-kvk-double";

interface DoubleCompany {
  kvkNummer: string;
  naam: string;
  rechtsvorm: string;
  uitgebreideRechtsvorm: string;
  totaalWerkzamePersonen: number;
  sbi: [code: string, description: string][];
  straat: string;
  huisnummer: number;
  postcode: string;
  plaats: string;
  registratie: string;
  website?: string;
}

/** The fictitious register. */
export const DOUBLE_COMPANIES: readonly DoubleCompany[] = [
  // 90000001–90000004: the demo seed's companies (app/db/seed.server.ts), so the demo's
  // register and the demo's data tell the same story.
  {
    kvkNummer: "90000001",
    naam: "Bakkerij De Gooische Korst B.V.",
    rechtsvorm: "BeslotenVennootschap",
    uitgebreideRechtsvorm: "Besloten Vennootschap",
    totaalWerkzamePersonen: 14,
    sbi: [
      ["1071", "Vervaardiging van brood en vers banketbakkerswerk"],
      ["4724", "Winkels in brood, banket, chocolade en suikerwerk"],
    ],
    straat: "Larenseweg",
    huisnummer: 40,
    postcode: "1221AA",
    plaats: "Hilversum",
    registratie: "20090312",
    website: "www.gooischekorst.example",
  },
  {
    kvkNummer: "90000002",
    naam: "Installatiebedrijf Vecht & Zon B.V.",
    rechtsvorm: "BeslotenVennootschap",
    uitgebreideRechtsvorm: "Besloten Vennootschap",
    totaalWerkzamePersonen: 38,
    sbi: [
      [
        "4322",
        "Loodgieters- en fitterswerk; installatie van sanitair en van verwarmings- en luchtbehandelingsapparatuur",
      ],
      ["4321", "Elektrotechnische bouwinstallatie"],
    ],
    straat: "Rading",
    huisnummer: 12,
    postcode: "1231BC",
    plaats: "Loosdrecht",
    registratie: "19970603",
  },
  {
    kvkNummer: "90000003",
    naam: "Zorgpraktijk Huizen",
    rechtsvorm: "Maatschap",
    uitgebreideRechtsvorm: "Maatschap",
    totaalWerkzamePersonen: 22,
    sbi: [["8690", "Paramedische praktijken en overige gezondheidszorg"]],
    straat: "Oostermeent-Centrum",
    huisnummer: 5,
    postcode: "1271KL",
    plaats: "Huizen",
    registratie: "20110720",
  },
  {
    kvkNummer: "90000004",
    naam: "Media Park Digital Works B.V.",
    rechtsvorm: "BeslotenVennootschap",
    uitgebreideRechtsvorm: "Besloten Vennootschap",
    totaalWerkzamePersonen: 60,
    sbi: [
      ["6201", "Ontwikkelen, produceren en uitgeven van software"],
      ["5911", "Productie van films en televisieprogramma's"],
    ],
    straat: "Mediapark",
    huisnummer: 3,
    postcode: "1217WE",
    plaats: "Hilversum",
    registratie: "20140901",
    website: "www.mediaparkdigital.example",
  },
  // 90000005–90000010: the cases eligibility must handle.
  {
    kvkNummer: "90000005",
    naam: "Fietsmakerij Jansen",
    rechtsvorm: "Eenmanszaak",
    uitgebreideRechtsvorm: "Eenmanszaak",
    totaalWerkzamePersonen: 1,
    sbi: [["9529", "Reparatie van overige consumentenartikelen"]],
    straat: "Brink",
    huisnummer: 22,
    postcode: "1251KW",
    plaats: "Laren",
    registratie: "20180115",
  },
  {
    kvkNummer: "90000006",
    naam: "Zorggroep Gooiland B.V.",
    rechtsvorm: "BeslotenVennootschap",
    uitgebreideRechtsvorm: "Besloten Vennootschap",
    totaalWerkzamePersonen: 400,
    sbi: [["8710", "Verpleeghuizen"]],
    straat: "Soestdijkerstraatweg",
    huisnummer: 129,
    postcode: "1222AA",
    plaats: "Hilversum",
    registratie: "20050101",
  },
  {
    kvkNummer: "90000007",
    naam: "Transportbedrijf Eemland B.V.",
    rechtsvorm: "BeslotenVennootschap",
    uitgebreideRechtsvorm: "Besloten Vennootschap",
    totaalWerkzamePersonen: 80,
    sbi: [["4941", "Goederenvervoer over de weg (geen verhuizingen)"]],
    straat: "Industrieweg",
    huisnummer: 12,
    postcode: "3821AB",
    plaats: "Amersfoort",
    registratie: "20020410",
  },
  {
    kvkNummer: "90000008",
    naam: "Pixelwerf B.V.",
    rechtsvorm: "BeslotenVennootschap",
    uitgebreideRechtsvorm: "Besloten Vennootschap",
    totaalWerkzamePersonen: 9,
    sbi: [["6201", "Ontwikkelen, produceren en uitgeven van software"]],
    straat: "Loosdrechtseweg",
    huisnummer: 8,
    postcode: "1216AA",
    plaats: "Hilversum",
    registratie: "20190402",
    website: "www.pixelwerf.example",
  },
  {
    kvkNummer: "90000009",
    naam: "Tandartsenpraktijk Bussum-Zuid V.O.F.",
    rechtsvorm: "VennootschapOnderFirma",
    uitgebreideRechtsvorm: "Vennootschap onder firma",
    totaalWerkzamePersonen: 6,
    sbi: [["8623", "Tandartspraktijken"]],
    straat: "Huizerweg",
    huisnummer: 56,
    postcode: "1404AM",
    plaats: "Bussum",
    registratie: "20110720",
  },
  {
    kvkNummer: "90000010",
    naam: "Administratiekantoor Blaricum B.V.",
    rechtsvorm: "BeslotenVennootschap",
    uitgebreideRechtsvorm: "Besloten Vennootschap",
    totaalWerkzamePersonen: 2,
    sbi: [["6920", "Accountancy, belastingadvies en administratie"]],
    straat: "Torenlaan",
    huisnummer: 3,
    postcode: "1261GA",
    plaats: "Blaricum",
    registratie: "20160301",
  },
];

/** A company as the Basisprofiel API writes it (the fields we, and most clients, use). */
export function basisprofielOf(c: DoubleCompany, base: string): Record<string, unknown> {
  const self = `${base}/v1/basisprofielen/${c.kvkNummer}`;
  const vestigingsnummer = `0000${c.kvkNummer}`;
  const adres = {
    type: "bezoekadres",
    indAfgeschermd: "Nee",
    volledigAdres: `${c.straat} ${c.huisnummer} ${c.postcode} ${c.plaats}`,
    straatnaam: c.straat,
    huisnummer: c.huisnummer,
    postcode: c.postcode,
    plaats: c.plaats,
    land: "Nederland",
  };
  return {
    kvkNummer: c.kvkNummer,
    indNonMailing: "Nee",
    naam: c.naam,
    formeleRegistratiedatum: c.registratie,
    materieleRegistratie: { datumAanvang: c.registratie },
    totaalWerkzamePersonen: c.totaalWerkzamePersonen,
    statutaireNaam: c.rechtsvorm === "Eenmanszaak" ? undefined : c.naam,
    handelsnamen: [{ naam: c.naam, volgorde: 0 }],
    sbiActiviteiten: c.sbi.map(([sbiCode, sbiOmschrijving], i) => ({
      sbiCode,
      sbiOmschrijving,
      indHoofdactiviteit: i === 0 ? "Ja" : "Nee",
    })),
    links: [
      { rel: "self", href: self },
      { rel: "vestigingen", href: `${self}/vestigingen` },
    ],
    _embedded: {
      hoofdvestiging: {
        vestigingsnummer,
        kvkNummer: c.kvkNummer,
        eersteHandelsnaam: c.naam,
        indHoofdvestiging: "Ja",
        indCommercieleVestiging: "Ja",
        totaalWerkzamePersonen: c.totaalWerkzamePersonen,
        adressen: [adres],
        websites: c.website ? [c.website] : [],
        links: [{ rel: "self", href: `${self}/hoofdvestiging` }],
      },
      eigenaar: {
        ...(c.rechtsvorm === "Eenmanszaak" ? {} : { rsin: `8${c.kvkNummer.slice(1)}0` }),
        rechtsvorm: c.rechtsvorm,
        uitgebreideRechtsvorm: c.uitgebreideRechtsvorm,
        links: [{ rel: "self", href: `${self}/eigenaar` }],
      },
    },
  };
}

export interface DoubleOptions {
  /** Demand this `apikey` header (401 otherwise). Unset: any key, or none, is accepted. */
  apiKey?: string;
  /** Wait this long before answering (to test time-outs). */
  delayMs?: number;
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", "api-version": "1.4.4" },
  });

const fout = (status: number, code: string, omschrijving: string) =>
  json(status, { fout: [{ code, omschrijving }] });

function wait(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** Answer one request the way the Basisprofiel API would. */
export async function handleKvkDoubleRequest(
  request: Request,
  options: DoubleOptions = {},
): Promise<Response> {
  if (options.delayMs) await wait(options.delayMs, request.signal);
  const url = new URL(request.url);
  const m = /^(.*)\/v1\/basisprofielen\/([^/]+)\/?$/.exec(url.pathname);
  if (!m) return fout(404, "IPD0005", "Het product is niet leverbaar.");
  if (request.method !== "GET" && request.method !== "HEAD") {
    return fout(405, "IPD0006", "Deze methode is niet toegestaan.");
  }
  if (options.apiKey !== undefined && request.headers.get("apikey") !== options.apiKey) {
    return fout(401, "IPD0001", "De API-key ontbreekt of is ongeldig.");
  }
  // A broken percent-encoding (%ZZ) is a malformed number, not a server error.
  let number = "";
  try {
    number = decodeURIComponent(m[2]!);
  } catch {
    // stays empty: the 400 below
  }
  if (!/^\d{8}$/.test(number)) {
    return fout(400, "IPD1002", "Het KVK-nummer moet uit 8 cijfers bestaan.");
  }
  const company = DOUBLE_COMPANIES.find((c) => c.kvkNummer === number);
  if (!company) return fout(404, "IPD0005", "Het product is niet leverbaar.");
  return json(200, basisprofielOf(company, `${url.origin}${m[1]}`));
}

export interface RunningDouble {
  /** http://127.0.0.1:<port> */
  url: string;
  /** The address to configure as KVK_API_URL: `${url}/api`. */
  baseUrl: string;
  /** Change behaviour between requests (time-out tests). */
  options: DoubleOptions;
  close(): Promise<void>;
}

async function toResponse(req: IncomingMessage, res: ServerResponse, options: DoubleOptions) {
  const controller = new AbortController();
  res.on("close", () => controller.abort());
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) {
    if (typeof v === "string") headers.set(k, v);
  }
  const request = new Request(`http://${req.headers.host ?? "localhost"}${req.url ?? "/"}`, {
    method: req.method,
    headers,
    signal: controller.signal,
  });
  const answer = await handleKvkDoubleRequest(request, options);
  if (res.destroyed) return;
  res.writeHead(answer.status, Object.fromEntries(answer.headers));
  res.end(request.method === "HEAD" ? undefined : Buffer.from(await answer.arrayBuffer()));
}

/** Start the double as an HTTP server (port 0: a free one) on 127.0.0.1. */
export async function startKvkDouble(
  options: DoubleOptions & { port?: number; host?: string } = {},
): Promise<RunningDouble> {
  const { port = 0, host = "127.0.0.1", ...behaviour } = options;
  const server = createServer((req, res) => {
    toResponse(req, res, behaviour).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  const url = `http://${host}:${(server.address() as AddressInfo).port}`;
  return {
    url,
    baseUrl: `${url}/api`,
    options: behaviour,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
