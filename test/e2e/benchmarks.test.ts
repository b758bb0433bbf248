/**
 * The quick benchmarks still run against today's code and print every figure the README lists
 * (a benchmark that nothing runs rots when a route or a constructor changes). No figure is
 * compared with its target here: speed lives in the benchmarks, never in a test.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import { promisify } from "node:util";
import { fileURLToPath } from "node:url";

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const exec = promisify(execFile);
/** The figures of these small runs go here, not over the real ones in .bench/. */
const BENCH_DIR = mkdtempSync(path.join(tmpdir(), "bench-smoke-"));

async function figures(script: string, args: string[] = []): Promise<Record<string, number>> {
  const { stdout } = await exec(process.execPath, [script, "--json", ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, BENCH_DIR },
    maxBuffer: 16 * 1024 * 1024,
  });
  const last = stdout.trim().split("\n").at(-1)!;
  return JSON.parse(last) as Record<string, number>;
}

function assertFigures(got: Record<string, number>, keys: string[]): void {
  for (const key of keys) {
    assert.equal(typeof got[key], "number", `${key} in ${JSON.stringify(got)}`);
    assert.ok(Number.isFinite(got[key]), `${key} is a number: ${got[key]}`);
  }
}

test("bench:receipts runs (small) and prints its figures", { timeout: 300_000 }, async () => {
  assertFigures(await figures("scripts/bench/receipts.ts", ["--sessions", "200"]), [
    "receiptsPerSecond",
    "rawVerifyPerSecond",
    "verifyRatio",
    "epochClose100kMs",
  ]);
});

test(
  "bench:scale runs (tiny) and loses nothing in the failover",
  { timeout: 120_000 },
  async () => {
    const got = await figures("scripts/bench/scale.ts", [
      ...["--relays", "3", "--viewers", "30", "--seconds", "6", "--claim-idle-ms", "2000"],
    ]);
    assertFigures(got, [
      "viewersHeld",
      "receiptsPerSecond",
      "intakeP99Ms",
      "epochCloseMs",
      "failoverMs",
      "redisBytesPerViewer",
      "loadavg1",
      "cpus",
    ]);
    // Correctness, not speed: every acknowledged receipt credited, none twice.
    assert.equal(got.failoverLostReceipts, 0);
    assert.equal(got.failoverDoubleCredits, 0);
    assert.ok(got.receiptsAcked! > 0);
  },
);

test("bench:gas runs and prints its figures", { timeout: 300_000 }, async () => {
  assertFigures(await figures("scripts/bench/gas.ts"), [
    "claimFirst",
    "claimFirstExistingHolder",
    "claimRepeat",
    "claimL1Bytes",
    "batchExtraPoolFirst",
    "batchExtraPoolRepeat",
  ]);
});
