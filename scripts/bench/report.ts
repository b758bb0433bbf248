/**
 * Output of every benchmark: a human table on stdout (or one JSON object with --json), and the
 * same figures written to .bench/<name>.json with the machine they ran on (BENCH_DIR names
 * another folder).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

export interface Figure {
  key: string;
  value: number;
  unit: string;
  /** Target, if the design sets one, and which side of it is good. */
  target?: { value: number; better: "lower" | "higher" };
  note?: string;
}

const BENCH_DIR = process.env.BENCH_DIR ?? path.resolve(import.meta.dirname, "../../.bench");

export function wantsJson(argv = process.argv.slice(2)): boolean {
  return argv.includes("--json");
}

export function meetsTarget(f: Figure): boolean | undefined {
  if (!f.target) return undefined;
  return f.target.better === "lower" ? f.value <= f.target.value : f.value >= f.target.value;
}

export function report(name: string, figures: Figure[], json = wantsJson()): void {
  const record = {
    benchmark: name,
    at: new Date().toISOString(),
    machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, node: process.version },
    figures: Object.fromEntries(figures.map((f) => [f.key, f.value])),
    details: figures,
  };
  mkdirSync(BENCH_DIR, { recursive: true });
  writeFileSync(path.join(BENCH_DIR, `${name}.json`), `${JSON.stringify(record, null, 2)}\n`);
  if (json) {
    process.stdout.write(`${JSON.stringify(record.figures)}\n`);
    return;
  }
  const fmt = (n: number) => n.toLocaleString("en-US", { maximumFractionDigits: 3 });
  const rows = figures.map((f) => {
    const ok = meetsTarget(f);
    const target = f.target
      ? `${f.target.better === "lower" ? "<=" : ">="} ${fmt(f.target.value)}`
      : "";
    return [
      f.key,
      `${fmt(f.value)} ${f.unit}`,
      target,
      ok === undefined ? "" : ok ? "met" : "MISSED",
      f.note ?? "",
    ];
  });
  const header = ["figure", "value", "target", "", "note"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join("  ")
      .trimEnd();
  process.stdout.write(`\n${name}\n${line(header)}\n${line(widths.map((w) => "-".repeat(w)))}\n`);
  for (const r of rows) process.stdout.write(`${line(r)}\n`);
  process.stdout.write(
    `(written to ${path.relative(process.cwd(), path.join(BENCH_DIR, `${name}.json`))})\n`,
  );
}
