/**
 * wrk (Debian package) as the load generator: one run against a base URL, rotating over a list
 * of paths with a Lua script, results read back as JSON the script prints when done.
 */
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";

const exec = promisify(execFile);

export interface WrkResult {
  requests: number;
  bytes: number;
  durationS: number;
  requestsPerS: number;
  bytesPerS: number;
  /** Socket errors and non-2xx/3xx answers. */
  errors: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
}

export interface WrkOptions {
  baseUrl: string;
  paths: string[];
  connections: number;
  threads: number;
  durationS: number;
  binary?: string;
}

export function rotateScript(paths: string[]): string {
  return `local paths = { ${paths.map((p) => JSON.stringify(p)).join(", ")} }
local i = 0
request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRK_JSON {"requests":%d,"bytes":%d,"durationUs":%d,"errors":%d,"p50Us":%d,"p99Us":%d}\\n',
    summary.requests, summary.bytes, summary.duration,
    e.connect + e.read + e.write + e.status + e.timeout,
    latency:percentile(50), latency:percentile(99)))
end
`;
}

export async function runWrk(options: WrkOptions): Promise<WrkResult> {
  const dir = await mkdtemp(path.join(tmpdir(), "streamrp2p-wrk-"));
  try {
    const script = path.join(dir, "rotate.lua");
    await writeFile(script, rotateScript(options.paths));
    const { stdout } = await exec(
      options.binary ?? "wrk",
      [
        ...["-t", String(options.threads), "-c", String(options.connections)],
        ...["-d", `${options.durationS}s`, "--timeout", "5s", "-s", script],
        options.baseUrl,
      ],
      { timeout: (options.durationS + 30) * 1000 },
    );
    const line = /^WRK_JSON (.*)$/m.exec(stdout);
    if (!line) throw new Error(`wrk printed no result:\n${stdout}`);
    const raw = JSON.parse(line[1]!) as {
      requests: number;
      bytes: number;
      durationUs: number;
      errors: number;
      p50Us: number;
      p99Us: number;
    };
    const durationS = raw.durationUs / 1e6;
    return {
      requests: raw.requests,
      bytes: raw.bytes,
      durationS,
      requestsPerS: raw.requests / durationS,
      bytesPerS: raw.bytes / durationS,
      errors: raw.errors,
      latencyP50Ms: raw.p50Us / 1000,
      latencyP99Ms: raw.p99Us / 1000,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Several runs against the same server as one: totals over total time, the worst p50/p99. */
export function mergeWrk(runs: readonly WrkResult[]): WrkResult {
  const requests = runs.reduce((n, r) => n + r.requests, 0);
  const bytes = runs.reduce((n, r) => n + r.bytes, 0);
  const durationS = runs.reduce((n, r) => n + r.durationS, 0);
  return {
    requests,
    bytes,
    durationS,
    requestsPerS: requests / durationS,
    bytesPerS: bytes / durationS,
    errors: runs.reduce((n, r) => n + r.errors, 0),
    latencyP50Ms: Math.max(...runs.map((r) => r.latencyP50Ms)),
    latencyP99Ms: Math.max(...runs.map((r) => r.latencyP99Ms)),
  };
}
