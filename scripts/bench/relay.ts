/**
 * npm run bench:relay — the relay's serving path, on the live path with real parts: the real
 * coordinator (createApp over a private Redis), a node CLI origin with ffmpeg publishing a test
 * stream over RTMP, one tier-1 relay. Three figures, all traffic on 127.0.0.1:
 *
 *   relayAddedLatencyP50Ms   per segment: the time the origin's manifest lists it (a blocking
 *                            `manifest.json?_HLS_msn=N` on the origin returns) to the time the
 *                            tier-1 relay has served it (a blocking `index.m3u8?_HLS_msn=N` on the
 *                            relay returns, then `GET N.ts` completes). Both requests are in
 *                            flight before the segment exists and share this process's clock.
 *   relayVsNginxThroughput   wrk, same connections/threads/time for each server (in interleaved
 *                            slices, rotating order, as the machine is shared), rotating over
 *                            the relay's cached segments: bytes/s of the relay (--workers N,
 *                            `relayWorkers`) over bytes/s of nginx with the same worker count
 *                            (Debian nginx-light, sendfile, worker_processes N) serving the same
 *                            files; relayVsNginxAutoThroughput against worker_processes auto.
 *   sessionsPerRelay         simulated viewers (playlist + newest segment once per segment
 *                            duration, one keep-alive connection each), ramped until the p99
 *                            segment fetch time exceeds 50 ms (or any error): the largest
 *                            passing level.
 *
 * The machine's cores are shared by the load generator, the servers, ffmpeg and anything else
 * running; the output says so and records the load average.
 */
import { chmod, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import type { LiveManifest } from "@streamrp2p/protocol/api";
import { startLiveBenchStack, type LiveBenchStack } from "./lib/live-bench-stack.ts";
import { startNginx, type RunningNginx } from "./lib/nginx.ts";
import { runPollers } from "./lib/pollers.ts";
import { quantile } from "./lib/quantile.ts";
import { mergeWrk, runWrk, type WrkResult } from "./lib/wrk.ts";
import { report, type Figure } from "./report.ts";

const HELP = `npm run bench:relay [-- options]

Relay serving benchmark on 127.0.0.1 (coordinator + Redis, origin, ffmpeg, one tier-1 relay, nginx, wrk).

  --latency-segments N   segments timed for relayAddedLatencyP50Ms (default 15)
  --connections N        wrk connections, same for relay and nginx (default 64)
  --threads N            wrk threads (default 1)
  --workers N            the relay's --workers, and nginx's worker_processes for relayVsNginxThroughput (default 1)
  --wrk-seconds S        wrk time per server: the relay, nginx (auto), nginx (N workers) (default 8)
  --wrk-slices N         interleave the servers' wrk time in N rotating slices (default 4)
  --sessions LIST        comma-separated viewer-session levels to ramp (default 10,25,50,100,200,400,800,1600)
  --level-seconds S      time at each level (default 5)
  --p99-ms MS            p99 segment fetch limit for a passing level (default 50)
  --log                  show the services' logs
  --json                 print one JSON object of the figures
  --help                 this text

Figures go to .bench/relay.json as well. Bounded to about 2 minutes.`;

const { values: args } = parseArgs({
  options: {
    "latency-segments": { type: "string", default: "15" },
    connections: { type: "string", default: "64" },
    threads: { type: "string", default: "1" },
    workers: { type: "string", default: "1" },
    "wrk-seconds": { type: "string", default: "8" },
    "wrk-slices": { type: "string", default: "4" },
    sessions: { type: "string", default: "10,25,50,100,200,400,800,1600" },
    "level-seconds": { type: "string", default: "5" },
    "p99-ms": { type: "string", default: "50" },
    log: { type: "boolean", default: false },
    json: { type: "boolean", default: false },
    help: { type: "boolean", default: false },
  },
});
if (args.help) {
  process.stdout.write(`${HELP}\n`);
  process.exit(0);
}
const positive = (name: keyof typeof args): number => {
  const n = Number(args[name]);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number`);
  return n;
};
const latencySegments = positive("latency-segments");
const connections = positive("connections");
const threads = positive("threads");
const workers = positive("workers");
if (!Number.isInteger(workers)) throw new Error("--workers must be an integer");
const wrkSeconds = positive("wrk-seconds");
const slices = Math.round(positive("wrk-slices"));
const levelSeconds = positive("level-seconds");
if (levelSeconds < 2)
  throw new Error("--level-seconds must be at least 2 (first cycles are not counted)");
const p99Limit = positive("p99-ms");
const levels = args.sessions.split(",").map(Number);
if (levels.some((n) => !Number.isInteger(n) || n <= 0)) throw new Error("--sessions: integers");

const progress = (line: string) => {
  if (!args.json) process.stderr.write(`${line}\n`);
};

async function getText(url: string): Promise<string> {
  const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.text();
}

/** Waits (blocking reload) until `url` lists `sequence`; resolves with the time it did. */
async function whenListed(url: string, sequence: number, listed: (body: string) => boolean) {
  for (;;) {
    const body = await getText(`${url}?_HLS_msn=${sequence}`);
    if (listed(body)) return performance.now();
  }
}

/** Per segment: origin lists it -> relay served it, and the part until the relay listed it. */
async function relayAddedLatency(
  stack: LiveBenchStack,
): Promise<{ added: number[]; listed: number[] }> {
  const { origin, tier1, streamId } = stack;
  const originManifest = `${origin.url}/streams/${streamId}/manifest.json`;
  const relayStream = `${tier1.url}/streams/${streamId}`;
  const added: number[] = [];
  const listed: number[] = [];
  const first = JSON.parse(await getText(originManifest)) as LiveManifest;
  let next = (first.segments.at(-1)?.entry.sequence ?? -1) + 1;
  for (let i = 0; i < latencySegments; i++, next++) {
    const sequence = next;
    const atOrigin = whenListed(originManifest, sequence, (body) =>
      (JSON.parse(body) as LiveManifest).segments.some((s) => s.entry.sequence === sequence),
    );
    const atRelay = (async () => {
      const listedAt = await whenListed(`${relayStream}/index.m3u8`, sequence, (body) =>
        body.includes(`\n${sequence}.ts`),
      );
      for (;;) {
        const response = await fetch(`${relayStream}/${sequence}.ts`);
        await response.arrayBuffer();
        if (response.ok) return { listedAt, servedAt: performance.now() };
      }
    })();
    const [o, r] = await Promise.all([atOrigin, atRelay]);
    added.push(r.servedAt - o);
    listed.push(r.listedAt - o);
  }
  return { added, listed };
}

async function exportSegments(stack: LiveBenchStack, root: string): Promise<string[]> {
  const { tier1, streamId } = stack;
  const manifest = JSON.parse(
    await getText(`${tier1.url}/streams/${streamId}/manifest.json`),
  ) as LiveManifest;
  const dir = path.join(root, "streams", streamId);
  await mkdir(dir, { recursive: true });
  for (const p of [root, path.join(root, "streams"), dir]) await chmod(p, 0o755);
  const paths: string[] = [];
  for (const { entry } of manifest.segments) {
    const urlPath = `/streams/${streamId}/${entry.sequence}.ts`;
    const response = await fetch(`${tier1.url}${urlPath}`);
    if (!response.ok) continue;
    await writeFile(
      path.join(dir, `${entry.sequence}.ts`),
      Buffer.from(await response.arrayBuffer()),
      {
        mode: 0o644,
      },
    );
    paths.push(urlPath);
  }
  if (paths.length === 0) throw new Error("the relay had no cached segments to serve");
  return paths;
}

async function main(): Promise<void> {
  const started = performance.now();
  const loadBefore = os.loadavg();
  progress(`load average before: ${loadBefore.map((l) => l.toFixed(2)).join(" ")}`);
  const stack = await startLiveBenchStack({ tier2: false, log: args.log, tier1Workers: workers });
  const servers: RunningNginx[] = [];
  const root = await mkdtemp(path.join(os.tmpdir(), "streamrp2p-bench-www-"));
  try {
    await stack.publish(600, 3);
    progress("relay holds 3 segments; timing relay-added latency");
    const { added, listed } = await relayAddedLatency(stack);

    const paths = await exportSegments(stack, root);
    const nginxAuto = await startNginx(root);
    servers.push(nginxAuto);
    const nginxSame = await startNginx(root, { workers });
    servers.push(nginxSame);
    progress(
      `wrk: ${paths.length} segments, ${connections} connections, ${wrkSeconds} s per server in ${slices} interleaved slices; relay --workers ${workers} vs nginx worker_processes ${workers} (and auto)`,
    );
    // The machine is shared: contestants take turns, slice by slice, in rotating order, so a
    // change in background load falls on all of them alike.
    const targets = [stack.tier1.url, nginxAuto.url, nginxSame.url];
    const runs: WrkResult[][] = targets.map(() => []);
    for (let slice = 0; slice < slices; slice++) {
      for (let k = 0; k < targets.length; k++) {
        const i = (slice + k) % targets.length;
        runs[i]!.push(
          await runWrk({
            baseUrl: targets[i]!,
            paths,
            connections,
            threads,
            durationS: wrkSeconds / slices,
          }),
        );
      }
    }
    const [relayRun, nginxRun, nginxSameRun] = runs.map(mergeWrk) as [
      WrkResult,
      WrkResult,
      WrkResult,
    ];
    for (const server of servers.splice(0)) await server.stop();

    const playlistUrl = `${stack.tier1.url}/streams/${stack.streamId}/index.m3u8`;
    let sessions = 0;
    let sessionsP99 = Number.NaN;
    const ramp: string[] = [];
    for (const level of levels) {
      const run = await runPollers({
        playlistUrl,
        count: level,
        periodMs: 1000,
        durationMs: levelSeconds * 1000,
        sessionPrefix: `bench-${level}`,
      });
      const p99 = quantile(run.segmentMs, 0.99);
      ramp.push(`${level}:${p99.toFixed(1)}ms${run.errors ? `/${run.errors}err` : ""}`);
      progress(
        `${level} sessions: p99 segment ${p99.toFixed(1)} ms, p50 ${quantile(run.segmentMs, 0.5).toFixed(1)} ms, ` +
          `${run.segmentMs.length} fetches, ${run.errors} errors, ${run.overruns} overruns`,
      );
      if (!(p99 <= p99Limit) || run.errors > 0) break;
      sessions = level;
      sessionsP99 = p99;
    }

    const loadAfter = os.loadavg();
    const shared = `2 cores shared by wrk/pollers, the servers, ffmpeg and other work; load avg ${loadBefore[0]!.toFixed(2)} -> ${loadAfter[0]!.toFixed(2)}`;
    const summary = (r: WrkResult) =>
      `${Math.round(r.requestsPerS)} req/s, p99 ${r.latencyP99Ms.toFixed(1)} ms, ${r.errors} errors`;
    const figures: Figure[] = [
      {
        key: "relayVsNginxThroughput",
        value: relayRun.bytesPerS / nginxSameRun.bytesPerS,
        unit: "x",
        target: { value: 1, better: "higher" },
        note: `bytes/s against nginx with the relay's worker count (relay --workers ${workers}, nginx worker_processes ${workers}); relay ${summary(relayRun)}; nginx ${summary(nginxSameRun)}; wrk -t${threads} -c${connections} ${wrkSeconds}s in ${slices} slices; p99 = worst slice`,
      },
      {
        key: "relayWorkers",
        value: workers,
        unit: "workers",
        note: `the relay's --workers, and nginx's worker_processes in relayVsNginxThroughput`,
      },
      {
        key: "relayBytesPerS",
        value: Math.round(relayRun.bytesPerS),
        unit: "B/s",
        note: `${paths.length} segments rotated`,
      },
      {
        key: "nginxBytesPerS",
        value: Math.round(nginxRun.bytesPerS),
        unit: "B/s",
        note: "nginx, worker_processes auto",
      },
      {
        key: "relayVsNginxAutoThroughput",
        value: relayRun.bytesPerS / nginxRun.bytesPerS,
        unit: "x",
        note: `bytes/s against nginx worker_processes auto: ${summary(nginxRun)}`,
      },
      {
        key: "relayAddedLatencyP50Ms",
        value: round(quantile(added, 0.5)),
        unit: "ms",
        target: { value: 10, better: "lower" },
        note: `origin manifest lists N -> tier 1 served N; p90 ${round(quantile(added, 0.9))} max ${round(Math.max(...added))} (n=${added.length}); listed at the relay after p50 ${round(quantile(listed, 0.5))}`,
      },
      {
        key: "sessionsPerRelay",
        value: sessions,
        unit: "sessions",
        note: `p99 segment fetch <= ${p99Limit} ms (${round(sessionsP99)} ms); ramp ${ramp.join(" ")}${sessions === levels.at(-1) ? " (the bounded maximum)" : ""}`,
      },
      {
        key: "loadAverage1m",
        value: round(loadAfter[0]!),
        unit: "",
        note: shared,
      },
      {
        key: "runSeconds",
        value: round((performance.now() - started) / 1000),
        unit: "s",
      },
    ];
    report("relay", figures, args.json);
  } finally {
    for (const server of servers) await server.stop();
    await stack.stop();
    await rm(root, { recursive: true, force: true });
  }
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

await main();
