/**
 * Simulated live viewers for load tests: each poller, once per segment duration (random phase),
 * reloads the playlist and fetches the newest segment it has not fetched yet, each over its own
 * keep-alive connection (node:http, bodies discarded). Records how long each segment fetch took,
 * request sent to last byte, from each poller's second cycle on (the first opens the connection).
 */
import { Agent, request } from "node:http";
import { performance } from "node:perf_hooks";

export interface PollerRun {
  segmentMs: number[];
  cycles: number;
  errors: number;
  /** Cycles that took longer than the period (the poller fell behind). */
  overruns: number;
}

export interface PollerOptions {
  playlistUrl: string;
  count: number;
  periodMs: number;
  durationMs: number;
  /** Query parameter naming each poller's session (the relay counts viewers by it). */
  sessionPrefix?: string;
}

function get(agent: Agent, url: URL, keepBody: boolean): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent, timeout: 10_000 }, (res) => {
      let body = "";
      if (keepBody) res.setEncoding("utf8");
      res.on("data", (chunk: string | Buffer) => {
        if (keepBody) body += chunk as string;
      });
      res.once("end", () =>
        res.statusCode === 200 ? resolve(body) : reject(new Error(`HTTP ${res.statusCode}`)),
      );
      res.once("error", reject);
    });
    req.once("timeout", () => req.destroy(new Error("timeout")));
    req.once("error", reject);
    req.end();
  });
}

function lastSegmentUri(playlist: string): string | undefined {
  const lines = playlist.split("\n");
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i]!.trim();
    if (line && !line.startsWith("#")) return line;
  }
  return undefined;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

export async function runPollers(options: PollerOptions): Promise<PollerRun> {
  const run: PollerRun = { segmentMs: [], cycles: 0, errors: 0, overruns: 0 };
  const deadline = performance.now() + options.durationMs;
  const agents: Agent[] = [];
  const poller = async (index: number) => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    agents.push(agent);
    const playlistUrl = new URL(options.playlistUrl);
    playlistUrl.searchParams.set("session", `${options.sessionPrefix ?? "poller"}-${index}`);
    let last: string | undefined;
    await sleep(Math.random() * options.periodMs);
    for (let cycle = 0; performance.now() < deadline; cycle++) {
      const started = performance.now();
      try {
        const uri = lastSegmentUri(await get(agent, playlistUrl, true));
        if (uri && uri !== last) {
          const t0 = performance.now();
          await get(agent, new URL(uri, playlistUrl), false);
          if (cycle > 0) run.segmentMs.push(performance.now() - t0);
          last = uri;
        }
        run.cycles++;
      } catch {
        run.errors++;
      }
      const elapsed = performance.now() - started;
      if (elapsed > options.periodMs) run.overruns++;
      await sleep(options.periodMs - elapsed);
    }
  };
  await Promise.all(Array.from({ length: options.count }, (_, i) => poller(i)));
  for (const agent of agents) agent.destroy();
  return run;
}
