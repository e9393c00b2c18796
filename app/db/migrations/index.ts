/**
 * Every migration, by name. Names start with a timestamp (YYYYMMDD_NNNN) and run in name order.
 * Add a new file here when you add one to this folder (a test checks that none is missing).
 */
import type { Migration } from "kysely";
import * as m20261129_0001 from "./20261129_0001_foundation";
import * as m20261129_0002 from "./20261129_0002_accounts";
import * as m20261129_0003 from "./20261129_0003_scans";
import * as m20261129_0004 from "./20261129_0004_cases";
import * as m20261129_0006 from "./20261129_0006_advice";
import * as m20261129_0007 from "./20261129_0007_case_scale";

export const migrations: Record<string, Migration> = {
  "20261129_0001_foundation": m20261129_0001,
  "20261129_0002_accounts": m20261129_0002,
  "20261129_0003_scans": m20261129_0003,
  "20261129_0004_cases": m20261129_0004,
  "20261129_0006_advice": m20261129_0006,
  "20261129_0007_case_scale": m20261129_0007,
};
