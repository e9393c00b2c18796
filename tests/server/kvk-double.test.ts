/**
 * The KvK adapter against the local KvK double over real HTTP: found, not found, a time-out,
 * a wrong key and a broken server are all answers the intake form can live with — never an
 * exception.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "~/config.server";
import { createKvkClient, KVK_TIMEOUT_MS, kvkAdapterFor } from "~/modules/kvk/kvk.server";
import { type RunningDouble, startKvkDouble } from "~/modules/kvk/kvk-double.server";

const KEY = "test-key-0123";
let double: RunningDouble;

beforeAll(async () => {
  double = await startKvkDouble({ apiKey: KEY });
});
afterAll(async () => {
  await double?.close();
});

describe("KvK adapter against the double (HTTP)", () => {
  it("finds a company: name, legal form, SBI codes and section, staff, visiting postcode", async () => {
    const kvk = createKvkClient({ baseUrl: double.baseUrl, apiKey: KEY });
    const r = await kvk.lookupKvk("90000001");
    expect(r.kind).toBe("found");
    if (r.kind !== "found") return;
    expect(r.company).toMatchObject({
      kvkNumber: "90000001",
      name: "Bakkerij De Gooische Korst B.V.",
      legalForm: "BeslotenVennootschap",
      legalFormText: "Besloten Vennootschap",
      sbiSection: "C",
      employees: 14,
      postcode: "1221 AA",
    });
    expect(r.company.sbiActivities[0]).toEqual({
      code: "1071",
      description: "Vervaardiging van brood en vers banketbakkerswerk",
      main: true,
    });
    expect(r.company.sbiActivities[1]?.main).toBe(false);
  });

  it("knows the sole trader, the company with 400 people and the one outside the region", async () => {
    const kvk = createKvkClient({ baseUrl: `${double.baseUrl}/`, apiKey: KEY });
    const sole = await kvk.lookupKvk("9000 0005");
    expect(sole.kind === "found" && sole.company).toMatchObject({
      legalForm: "Eenmanszaak",
      employees: 1,
      sbiSection: "T",
    });
    const large = await kvk.lookupKvk("90000006");
    expect(large.kind === "found" && large.company.employees).toBe(400);
    const outside = await kvk.lookupKvk("90000007");
    expect(outside.kind === "found" && outside.company.postcode).toBe("3821 AB");
  });

  it("answers not-found for an unknown number, and for a malformed one without asking", async () => {
    const kvk = createKvkClient({ baseUrl: double.baseUrl, apiKey: KEY });
    expect(await kvk.lookupKvk("90000099")).toEqual({ kind: "not-found" });
    expect(await kvk.lookupKvk("1234")).toEqual({ kind: "not-found" });
  });

  it("a wrong key is 'unavailable' (unauthorized), not an error", async () => {
    const kvk = createKvkClient({ baseUrl: double.baseUrl, apiKey: "wrong" });
    expect(await kvk.lookupKvk("90000001")).toEqual({
      kind: "unavailable",
      reason: "unauthorized",
    });
  });

  it(`gives up after ${KVK_TIMEOUT_MS} ms: 'unavailable' (timeout)`, async () => {
    const kvk = createKvkClient({ baseUrl: double.baseUrl, apiKey: KEY });
    double.options.delayMs = KVK_TIMEOUT_MS + 3000;
    try {
      const started = Date.now();
      const r = await kvk.lookupKvk("90000001");
      const took = Date.now() - started;
      expect(r).toEqual({ kind: "unavailable", reason: "timeout" });
      expect(took).toBeGreaterThanOrEqual(KVK_TIMEOUT_MS - 50);
      expect(took).toBeLessThan(KVK_TIMEOUT_MS + 2000);
    } finally {
      double.options.delayMs = 0;
    }
    // and the double still answers afterwards
    expect((await kvk.lookupKvk("90000002")).kind).toBe("found");
  });

  it("a server error, an answer that is not a Basisprofiel, or nobody listening: 'unavailable'", async () => {
    let mode: "500" | "html" | "json" = "500";
    const broken: Server = createServer((_req, res) => {
      if (mode === "500") res.writeHead(500).end("oops");
      else if (mode === "html") res.writeHead(200, { "content-type": "text/html" }).end("<p>hi");
      else res.writeHead(200, { "content-type": "application/json" }).end('{"naam":1}');
    });
    await new Promise<void>((r) => broken.listen(0, "127.0.0.1", () => r()));
    const port = (broken.address() as AddressInfo).port;
    const kvk = createKvkClient({ baseUrl: `http://127.0.0.1:${port}/api`, apiKey: KEY });
    try {
      expect(await kvk.lookupKvk("90000001")).toEqual({ kind: "unavailable", reason: "error" });
      mode = "html";
      expect((await kvk.lookupKvk("90000001")).kind).toBe("unavailable");
      mode = "json";
      expect(await kvk.lookupKvk("90000001")).toEqual({
        kind: "unavailable",
        reason: "bad-answer",
      });
    } finally {
      await new Promise<void>((r) => broken.close(() => r()));
    }
    // The port is closed now: connection refused.
    expect(await kvk.lookupKvk("90000001")).toEqual({ kind: "unavailable", reason: "error" });
  });
});

describe("which adapter runs (configuration)", () => {
  it("no key and no demo: no lookup at all", () => {
    expect(kvkAdapterFor(parseConfig({ DEMO: "0" }))).toBeNull();
  });

  it("no key in demo mode: the double, in-process, same protocol", async () => {
    const adapter = kvkAdapterFor(parseConfig({ DEMO: "1" }));
    expect(adapter?.source).toBe("test-double");
    const r = await adapter!.lookupKvk("90000008");
    expect(r.kind === "found" && r.company.postcode).toBe("1216 AA");
  });

  it("with KVK_API_KEY and KVK_API_URL: the real protocol to that address (here: the double)", async () => {
    const adapter = kvkAdapterFor(
      parseConfig({ DEMO: "1", KVK_API_URL: `${double.baseUrl}/`, KVK_API_KEY: KEY }),
    );
    expect(adapter?.source).toBe("kvk");
    expect((await adapter!.lookupKvk("90000003")).kind).toBe("found");
    const wrongKey = kvkAdapterFor(
      parseConfig({ DEMO: "0", KVK_API_URL: double.baseUrl, KVK_API_KEY: "nope" }),
    );
    expect((await wrongKey!.lookupKvk("90000003")).kind).toBe("unavailable");
  });
});
