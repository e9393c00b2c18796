import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ConfigError, loadRegion, parseConfig } from "~/config.server";

const tmp = mkdtempSync(path.join(tmpdir(), "spot-config-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The ConfigError thrown for an environment, so its message can be checked. */
function configErrorFor(env: Record<string, string>): ConfigError {
  try {
    parseConfig(env);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return e as ConfigError;
  }
  throw new Error(`parseConfig accepted ${JSON.stringify(env)}`);
}

describe("configuration defaults", () => {
  it("starts on port 3000 with the SQLite file, demo content and the Gooi en Vechtstreek region", () => {
    const config = parseConfig({});
    expect(config.port).toBe(3000);
    expect(config.databaseUrl).toBe("file:./data/spot.db");
    expect(config.demo).toBe(true);
    expect(config.smtpUrl).toBeUndefined();
    expect(config.publicUrl).toBe("http://localhost:3000");
    expect(config.https).toBe(false);
    expect(config.logLevel).toBe("info");
    expect(config.region.id).toBe("gooi-en-vechtstreek");
  });

  it("treats empty variables as not set, as shells and .env files produce them", () => {
    const config = parseConfig({ PORT: "", DATABASE_URL: "", DEMO: "", SMTP_URL: "" });
    expect(config.port).toBe(3000);
    expect(config.databaseUrl).toBe("file:./data/spot.db");
    expect(config.demo).toBe(true);
    expect(config.smtpUrl).toBeUndefined();
  });

  it("ignores variables that are not settings", () => {
    expect(() => parseConfig({ HOME: "/root", SOMETHING_ELSE: "???" })).not.toThrow();
  });
});

describe("configuration values", () => {
  it("DEMO=0 turns demo content off; DEMO=1 keeps it on", () => {
    expect(parseConfig({ DEMO: "0" }).demo).toBe(false);
    expect(parseConfig({ DEMO: "false" }).demo).toBe(false);
    expect(parseConfig({ DEMO: "1" }).demo).toBe(true);
  });

  it("an https PUBLIC_URL turns on https (HSTS, Secure cookies)", () => {
    const config = parseConfig({ PUBLIC_URL: "https://spot035.example.nl/" });
    expect(config.https).toBe(true);
    expect(config.publicUrl).toBe("https://spot035.example.nl");
  });

  it("an http PUBLIC_URL keeps https off", () => {
    const config = parseConfig({ PUBLIC_URL: "http://intranet.local:8080" });
    expect(config.https).toBe(false);
    expect(config.publicUrl).toBe("http://intranet.local:8080");
  });

  it("the default PUBLIC_URL follows PORT", () => {
    const config = parseConfig({ PORT: "8081" });
    expect(config.port).toBe(8081);
    expect(config.publicUrl).toBe("http://localhost:8081");
  });

  it("accepts PostgreSQL and SMTP URLs", () => {
    const config = parseConfig({
      DATABASE_URL: "postgres://spot:secret@db.internal:5432/spot",
      SMTP_URL: "smtps://user:pass@mail.example.nl:465",
    });
    expect(config.databaseUrl).toBe("postgres://spot:secret@db.internal:5432/spot");
    expect(config.smtpUrl).toBe("smtps://user:pass@mail.example.nl:465");
  });
});

describe("a bad value stops the start with a message that names the variable", () => {
  const cases: [variable: string, value: string][] = [
    ["DATABASE_URL", "mysql://x"],
    ["DATABASE_URL", "file:"],
    ["DATABASE_URL", "postgres://"],
    ["PORT", "abc"],
    ["PORT", "70000"],
    ["PORT", "-1"],
    ["SMTP_URL", "http://x"],
    ["PUBLIC_URL", "ftp://x"],
    ["PUBLIC_URL", "not a url"],
    ["LOG_LEVEL", "loud"],
    ["DEMO", "maybe"],
    ["JOB_POLL_MS", "0"],
  ];
  it.each(cases)("%s=%s", (variable, value) => {
    const error = configErrorFor({ [variable]: value });
    expect(error.message).toContain(variable);
  });

  it("names each bad variable when there are several", () => {
    const error = configErrorFor({ PORT: "abc", LOG_LEVEL: "loud" });
    expect(error.message).toContain("PORT");
    expect(error.message).toContain("LOG_LEVEL");
  });

  it("does not accept a good value for a different variable as a reason", () => {
    // The message names the bad variable, not the good one next to it.
    const error = configErrorFor({ PORT: "8080", LOG_LEVEL: "loud" });
    expect(error.message).not.toContain("PORT");
  });
});

describe("REGION_CONFIG", () => {
  it("a missing file is a ConfigError naming REGION_CONFIG and the file", () => {
    const missing = path.join(tmp, "does-not-exist.json");
    const error = configErrorFor({ REGION_CONFIG: missing });
    expect(error.message).toContain("REGION_CONFIG");
    expect(error.message).toContain("does-not-exist.json");
  });

  it("a file that is not JSON is a ConfigError naming REGION_CONFIG", () => {
    const file = path.join(tmp, "broken.json");
    writeFileSync(file, "{ this is not json");
    expect(configErrorFor({ REGION_CONFIG: file }).message).toContain("REGION_CONFIG");
  });

  it("an invalid region names REGION_CONFIG and the field that is wrong", () => {
    const good = JSON.parse(readFileSync("config/region.gooi-en-vechtstreek.json", "utf8"));
    const bad = {
      ...good,
      municipalities: [{ cbsCode: "0402", name: "Hilversum zonder GM" }],
    };
    const file = path.join(tmp, "invalid-region.json");
    writeFileSync(file, JSON.stringify(bad));
    const error = configErrorFor({ REGION_CONFIG: file });
    expect(error.message).toContain("REGION_CONFIG");
    expect(error.message).toContain("municipalities.0.cbsCode");
  });

  it("a region without municipalities is refused", () => {
    const good = JSON.parse(readFileSync("config/region.gooi-en-vechtstreek.json", "utf8"));
    const file = path.join(tmp, "empty-region.json");
    writeFileSync(file, JSON.stringify({ ...good, municipalities: [] }));
    expect(configErrorFor({ REGION_CONFIG: file }).message).toContain("municipalities");
  });

  it("another valid region is loaded (any region by configuration)", () => {
    const good = JSON.parse(readFileSync("config/region.gooi-en-vechtstreek.json", "utf8"));
    const file = path.join(tmp, "other-region.json");
    writeFileSync(
      file,
      JSON.stringify({
        ...good,
        id: "eemland",
        name: "Eemland",
        municipalities: [{ cbsCode: "GM0307", name: "Amersfoort" }],
      }),
    );
    const config = parseConfig({ REGION_CONFIG: file });
    expect(config.region.id).toBe("eemland");
    expect(config.region.municipalities.map((m) => m.cbsCode)).toEqual(["GM0307"]);
    // Defaults filled in by the schema.
    expect(config.region.municipalities[0]!.partner).toBe(false);
  });

  it("the shipped region is valid and marks Wijdemeren as merged into Hilversum", () => {
    const region = loadRegion("config/region.gooi-en-vechtstreek.json");
    const wijdemeren = region.municipalities.find((m) => m.cbsCode === "GM1696");
    expect(wijdemeren?.mergedInto).toBe("GM0402");
    expect(wijdemeren?.validUntil).toBe("2026-12-31");
    expect(region.municipalities.find((m) => m.cbsCode === "GM0317")?.partner).toBe(true);
  });
});
