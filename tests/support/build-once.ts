// Vitest global setup for browser tests: one production build before any test file runs.
// @ts-expect-error plain ESM script without types
import { ensureBuild } from "../../scripts/ensure-build.mjs";

export default function setup() {
  (ensureBuild as (o: { quiet: boolean }) => boolean)({ quiet: true });
}
