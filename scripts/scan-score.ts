/**
 * Score a scan outside the web:
 *
 *   npm run -s scan:score -- <instrument>[@<version>] <answers.json>
 *
 * prints {"overall", "level", "dimensions"} as JSON (numbers unrounded). For eu-dma the file may
 * be in the EU exchange format (shared/product/eu-dma.md) or in our answers format; for the
 * other instruments it is our answers format: { "<question id>": <value> } as documented in
 * app/modules/scans/answers.ts. Bad input: one message on stderr and exit code 2.
 */
import { readFileSync } from "node:fs";
import {
  AnswerError,
  type Answers,
  missingAnswers,
  validateAnswer,
} from "../app/modules/scans/answers";
import {
  DmaExchangeError,
  fromDmaExchange,
  looksLikeDmaExchange,
  toDmaScores,
} from "../app/modules/scans/dma-exchange";
import { allQuestions, type Instrument } from "../app/modules/scans/instrument";
import {
  getInstrument,
  InstrumentFileError,
  latestInstrument,
  listInstruments,
} from "../app/modules/scans/registry.server";
import { score } from "../app/modules/scans/scoring";

const USAGE = "usage: npm run -s scan:score -- <instrument>[@<version>] <answers.json>";

class InputError extends Error {}

const PROBLEMS: Record<string, string> = {
  "scan.error.unknownQuestion": "has a row that the question does not have",
  "scan.error.unknownOption": "has an option or column that the question does not have",
  "scan.error.outOfRange": "is out of range",
  "scan.error.tooLong": "is too long",
  "scan.error.wrongType": "has the wrong type for this question",
  "scan.error.exclusive":
    "combines an exclusive option (such as 'none' or 'not-digital') with others",
  "scan.error.incomplete": "does not answer every row",
  "scan.error.required": "is empty or not a valid choice",
};

function pickInstrument(spec: string): Instrument {
  const [id = "", version] = spec.split("@");
  const inst = version === undefined ? latestInstrument(id) : getInstrument(id, Number(version));
  if (!inst) {
    const known = listInstruments()
      .map((i) => `${i.id} (latest v${i.version})`)
      .join(", ");
    throw new InputError(`unknown instrument "${spec}"; known: ${known}`);
  }
  return inst;
}

function readJson(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(
      `cannot read ${file}${code === "ENOENT" ? ": no such file" : code ? `: ${code}` : ""}`,
    );
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new InputError(
      `${file} is not valid JSON: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
}

/** Our answers format: every key a question id, every value valid for its question. */
function readAnswers(inst: Instrument, json: unknown, file: string): Answers {
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    throw new InputError(`${file}: expected a JSON object of question id → answer`);
  }
  const questions = new Map(allQuestions(inst).map((q) => [q.id, q]));
  const out: Answers = {};
  for (const [key, value] of Object.entries(json)) {
    const q = questions.get(key);
    if (!q)
      throw new InputError(
        `${file}: unknown question "${key}" in ${inst.id} v${inst.version}; its questions are ${[...questions.keys()].join(", ")}`,
      );
    try {
      out[key] = validateAnswer(q, value);
    } catch (e) {
      if (e instanceof AnswerError)
        throw new InputError(
          `${file}: the answer to ${key} ${PROBLEMS[e.problem] ?? e.problem}: ${JSON.stringify(value)}`,
        );
      throw e;
    }
  }
  return out;
}

function main(argv: string[]): number {
  if (argv.length !== 2 || argv.some((a) => a === "-h" || a === "--help")) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const [spec, file] = argv as [string, string];
  const inst = pickInstrument(spec);
  const json = readJson(file);
  let answers: Answers;
  if (inst.id === "eu-dma" && looksLikeDmaExchange(json)) {
    try {
      answers = fromDmaExchange(json);
    } catch (e) {
      if (e instanceof DmaExchangeError)
        throw new InputError(`${file}: not a valid EU DMA exchange file: ${e.message}`);
      throw e;
    }
    answers = readAnswers(inst, answers, file);
  } else {
    answers = readAnswers(inst, json, file);
    const missing = missingAnswers(inst, answers).map((q) => q.id);
    if (missing.length > 0)
      process.stderr.write(`note: unanswered (scored as 0): ${missing.join(", ")}\n`);
  }
  const scores = score(inst, answers);
  const out =
    inst.id === "eu-dma"
      ? toDmaScores(scores)
      : { overall: scores.overall, level: scores.level, dimensions: scores.dimensions };
  process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
  return 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (e) {
  if (e instanceof InputError) {
    process.stderr.write(`scan:score: ${e.message}\n`);
    process.exitCode = 2;
  } else if (e instanceof InstrumentFileError) {
    process.stderr.write(`scan:score: an instrument file is broken: ${e.message}\n`);
    process.exitCode = 1;
  } else {
    process.stderr.write(
      `scan:score: unexpected error: ${e instanceof Error ? e.message : String(e)}\n`,
    );
    process.exitCode = 1;
  }
}
