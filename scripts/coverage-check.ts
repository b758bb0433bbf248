/**
 * Runs the contract tests with Hardhat 3's coverage and fails when line coverage of
 * contracts/ falls under the threshold. Prints a per-file table.
 *
 * Hardhat 3 reports lines and statements; it does not (yet) emit branch data in its lcov,
 * so branches are held to the bar by the tests for every revert, not by this number.
 *
 *   node scripts/coverage-check.ts [--min 95] [--no-run]
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: {
    min: { type: "string", default: "95" },
    "no-run": { type: "boolean", default: false },
    help: { type: "boolean", short: "h", default: false },
  },
});
if (values.help) {
  process.stdout.write(
    "usage: node scripts/coverage-check.ts [--min PERCENT] [--no-run]\n" +
      "  --min     minimum line coverage of every file in contracts/ (default 95)\n" +
      "  --no-run  only read coverage/lcov.info from a previous run\n",
  );
  process.exit(0);
}
const min = Number(values.min);
if (!Number.isFinite(min) || min < 0 || min > 100) {
  process.stderr.write(`--min must be a percentage, got ${values.min}\n`);
  process.exit(2);
}

if (!values["no-run"]) {
  // The instrumented build goes to coverage/artifacts (hardhat.config.ts): artifacts/ keeps the
  // real contracts (instrumented RewardPools exceeds the 24 KiB code limit).
  const run = spawnSync("npx", ["hardhat", "test", "--coverage"], {
    stdio: "inherit",
    env: { ...process.env, STREAMRP2P_COVERAGE_BUILD: "1" },
  });
  if (run.status !== 0) process.exit(run.status ?? 1);
}

interface FileCoverage {
  file: string;
  hit: number;
  found: number;
}

function parseLcov(text: string): FileCoverage[] {
  const files: FileCoverage[] = [];
  let current: FileCoverage | undefined;
  for (const line of text.split("\n")) {
    if (line.startsWith("SF:")) current = { file: line.slice(3), hit: 0, found: 0 };
    else if (line.startsWith("LH:") && current) current.hit = Number(line.slice(3));
    else if (line.startsWith("LF:") && current) current.found = Number(line.slice(3));
    else if (line === "end_of_record" && current) files.push(current);
  }
  return files;
}

const pct = (hit: number, found: number) => (found === 0 ? 100 : (100 * hit) / found);
const contracts = parseLcov(readFileSync("coverage/lcov.info", "utf8")).filter((f) =>
  f.file.startsWith("contracts/"),
);
if (contracts.length === 0) {
  process.stderr.write("coverage/lcov.info has no file under contracts/\n");
  process.exit(1);
}
let failed = false;
process.stdout.write("\ncontract line coverage\n");
for (const f of contracts) {
  const p = pct(f.hit, f.found);
  const ok = p >= min;
  failed ||= !ok;
  process.stdout.write(
    `  ${ok ? "ok  " : "LOW "} ${p.toFixed(1).padStart(5)}%  ${f.hit}/${f.found}  ${f.file}\n`,
  );
}
const hit = contracts.reduce((s, f) => s + f.hit, 0);
const found = contracts.reduce((s, f) => s + f.found, 0);
process.stdout.write(
  `  total ${pct(hit, found).toFixed(1)}% of ${found} lines (minimum ${min}% per file)\n`,
);
process.exit(failed ? 1 : 0);
