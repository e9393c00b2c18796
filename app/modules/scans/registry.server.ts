/**
 * The instrument registry: every `instruments/<id>/v<N>.json` in the repository, validated
 * against the instrument schema (instrument.ts) once and kept in memory. A stored response
 * names its instrument id and version, so old versions stay loadable next to the latest.
 * A file that does not validate stops the load with an error naming the file and the problem.
 *
 * Imports are relative (no "~/"): the operators' scripts (scripts/scan-*.ts) load this module
 * through tsx.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { type Instrument, instrument as instrumentSchema } from "./instrument";

export class InstrumentFileError extends Error {
  override name = "InstrumentFileError";
  constructor(
    readonly file: string,
    readonly problem: string,
  ) {
    super(`${file}: ${problem}`);
  }
}

export interface InstrumentRegistry {
  /** id → versions, ascending. */
  byId: Map<string, Instrument[]>;
}

/** The order in which instruments are offered; others follow alphabetically. */
const OFFER_ORDER = ["quickscan", "cyber", "eu-dma"];
const VERSION_FILE = /^v([1-9]\d*)\.json$/;

function formatIssues(issues: readonly { path: PropertyKey[]; message: string }[]): string {
  return issues
    .slice(0, 5)
    .map((i) => (i.path.length > 0 ? `${i.path.map(String).join(".")}: ${i.message}` : i.message))
    .join("; ")
    .concat(issues.length > 5 ? ` (and ${issues.length - 5} more)` : "");
}

/** Parse and validate one instrument file; `expected` is the id and version its path implies. */
export function loadInstrumentFile(
  file: string,
  expected?: { id: string; version: number },
): Instrument {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    throw new InstrumentFileError(
      file,
      `not readable as JSON (${e instanceof Error ? e.message : String(e)})`,
    );
  }
  const parsed = instrumentSchema.safeParse(raw);
  if (!parsed.success)
    throw new InstrumentFileError(
      file,
      `not a valid instrument: ${formatIssues(parsed.error.issues)}`,
    );
  const inst = parsed.data;
  if (expected && (inst.id !== expected.id || inst.version !== expected.version)) {
    throw new InstrumentFileError(
      file,
      `the file says id "${inst.id}" version ${inst.version}, but its path says "${expected.id}" version ${expected.version}`,
    );
  }
  return inst;
}

/** Load every instrument under `dir` (default: `instruments/` in the working directory). */
export function loadInstruments(
  dir = path.resolve(process.cwd(), "instruments"),
): InstrumentRegistry {
  if (!existsSync(dir)) throw new InstrumentFileError(dir, "the instruments folder does not exist");
  const byId = new Map<string, Instrument[]>();
  for (const id of readdirSync(dir).sort()) {
    const sub = path.join(dir, id);
    if (!statSync(sub).isDirectory()) continue;
    const versions: Instrument[] = [];
    for (const name of readdirSync(sub)) {
      const m = VERSION_FILE.exec(name);
      if (!m) continue;
      versions.push(loadInstrumentFile(path.join(sub, name), { id, version: Number(m[1]) }));
    }
    if (versions.length > 0)
      byId.set(
        id,
        versions.sort((a, b) => a.version - b.version),
      );
  }
  if (byId.size === 0)
    throw new InstrumentFileError(dir, "no instrument files (expected <id>/v<N>.json)");
  return { byId };
}

let cached: InstrumentRegistry | undefined;

/** The registry of the working directory's `instruments/`, loaded on first use. */
export function instrumentRegistry(): InstrumentRegistry {
  cached ??= loadInstruments();
  return cached;
}

/** For tests: forget the cached registry. */
export function resetInstrumentRegistry(): void {
  cached = undefined;
}

/** One version of an instrument, or undefined when it does not exist. */
export function getInstrument(
  id: string,
  version: number,
  registry = instrumentRegistry(),
): Instrument | undefined {
  return registry.byId.get(id)?.find((i) => i.version === version);
}

/** The highest version of an instrument, or undefined when there is none. */
export function latestInstrument(
  id: string,
  registry = instrumentRegistry(),
): Instrument | undefined {
  return registry.byId.get(id)?.at(-1);
}

/** The latest version of every instrument: quickscan, cyber, eu-dma, then any others by id. */
export function listInstruments(registry = instrumentRegistry()): Instrument[] {
  const rank = (id: string) => {
    const i = OFFER_ORDER.indexOf(id);
    return i === -1 ? OFFER_ORDER.length : i;
  };
  return [...registry.byId.keys()]
    .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b))
    .map((id) => registry.byId.get(id)!.at(-1)!);
}
