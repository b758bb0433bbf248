/**
 * A standard player for the latency benchmark: stock hls.js (`lowLatencyMode: true`, default
 * settings, no custom loader) in Debian's Chromium (playwright-core), playing a relay's
 * `index.m3u8` the way Safari, a smart TV or any third-party player would. Its latency is
 * sampled every 250 ms while it plays: the wall clock minus the program date time of the frame
 * on screen (`hls.playingDate`).
 */
import { createServer } from "node:http";
import { once } from "node:events";
import { readFile } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { launchChromium } from "../../../test/browser/support/browser.ts";
import { REPO_ROOT } from "../../lib/chain.ts";

const PAGE = `<!doctype html><html><body><video id="v" muted autoplay playsinline></video>
<script src="/hls.min.js"></script>
<script>
  window.samples = [];
  window.errors = [];
  window.loads = { parts: 0, segments: 0 };
  window.waits = 0;
  const video = document.getElementById("v");
  const hls = new Hls({ lowLatencyMode: true });
  hls.on(Hls.Events.ERROR, (_e, d) => { if (d.fatal) window.errors.push(d.details); });
  hls.on(Hls.Events.FRAG_LOADED, (_e, d) => { d.part ? window.loads.parts++ : window.loads.segments++; });
  hls.loadSource(new URLSearchParams(location.search).get("src"));
  hls.attachMedia(video);
  video.play().catch(() => {});
  video.addEventListener("waiting", () => window.waits++);
  setInterval(() => {
    const date = hls.playingDate;
    if (date && !video.paused && video.readyState >= 3)
      window.samples.push({
        at: Date.now(),
        latencyMs: Date.now() - date.getTime(),
        edgeMs: Math.round(hls.latency * 1000),
        targetMs: Math.round(hls.targetLatency * 1000),
      });
  }, 250);
</script></body></html>`;

export interface StandardPlayerRun {
  /**
   * Each sample, in order: wall clock, latency from PDT, and hls.js's own view: distance from
   * the playlist's live edge (`hls.latency`) and the latency it aims at (`hls.targetLatency`).
   */
  samples: { at: number; latencyMs: number; edgeMs: number; targetMs: number }[];
  /** hls.js fatal errors. */
  errors: string[];
  /** Media loads hls.js made: LL-HLS parts and whole segments. */
  loads: { parts: number; segments: number };
  /** Times the video element waited for data (rebuffering, the start included). */
  waits: number;
}

/** Plays `playlistUrl` for `seconds` and returns the latency samples. */
export async function watchWithStockHls(
  playlistUrl: string,
  seconds: number,
): Promise<StandardPlayerRun> {
  const hlsJs = await readFile(path.join(REPO_ROOT, "node_modules/hls.js/dist/hls.min.js"));
  const server = createServer((req, res) => {
    if (req.url === "/hls.min.js") {
      res.writeHead(200, { "content-type": "text/javascript" });
      res.end(hlsJs);
    } else {
      res.writeHead(200, { "content-type": "text/html" });
      res.end(PAGE);
    }
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    const port = (server.address() as AddressInfo).port;
    await page.goto(`http://127.0.0.1:${port}/?src=${encodeURIComponent(playlistUrl)}`);
    await new Promise((r) => setTimeout(r, seconds * 1000));
    return await page.evaluate(() => {
      const w = window as unknown as StandardPlayerRun;
      return { samples: w.samples, errors: w.errors, loads: w.loads, waits: w.waits };
    });
  } finally {
    await browser.close();
    server.closeAllConnections();
    server.close();
  }
}
