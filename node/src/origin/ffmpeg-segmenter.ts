/**
 * One ffmpeg child per publish: FLV on stdin -> LL-HLS parts in a scratch directory. ffmpeg's
 * HLS muxer cuts a short MPEG-TS file every part duration whatever the frame type
 * (`split_by_time`); each starts with PAT/PMT and continues the previous one's continuity
 * counters, so the parts of a segment concatenated are the segment. We read ffmpeg's own
 * playlist only to learn which parts are complete (with `temp_file` both the files and the
 * playlist appear atomically), and whether a part starts with a keyframe from its bytes; the
 * origin groups parts into segments (part-grouper.ts) and serves its own playlist.
 *
 * Video: by default re-encoded with libx264 (veryfast, zerolatency) with a keyframe forced at
 * every segment boundary (`-force_key_frames expr:gte(t,n_forced*S)`), so every segment starts
 * with a keyframe whatever GOP the publisher uses (OBS defaults to 2-4 s). `copy` avoids the
 * encode but only gives S-second segments when the publisher's keyframe interval is S.
 */
import { spawn } from "node:child_process";
import { mkdir, readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import type { Logger } from "pino";
import { parsePlaylist } from "@streamrp2p/protocol/viewer/parse-playlist";
import type { PublishSink } from "../rtmp/rtmp-server.ts";
import type { OriginPart } from "./part-grouper.ts";
import { tsStartsWithKeyframe } from "./ts-keyframe.ts";

/** How far media time may fall behind the wall clock before a stall is assumed. */
const STALL_REANCHOR_MS = 2_000;
/** How often ffmpeg's playlist is read for new parts. */
const SCAN_MS = 25;

export interface SegmenterOptions {
  ffmpegPath: string;
  dir: string;
  segmentSeconds: number;
  partSeconds: number;
  video: "x264" | "copy";
  logger: Logger;
  now: () => number;
  onPart: (part: OriginPart) => void;
  /** ffmpeg exited and its last part was delivered. */
  onEnd: () => void;
}

export function ffmpegHlsArgs(
  options: Pick<SegmenterOptions, "dir" | "segmentSeconds" | "partSeconds" | "video">,
): string[] {
  const s = String(options.segmentSeconds);
  const video =
    options.video === "copy"
      ? ["-c:v", "copy"]
      : [
          "-c:v",
          "libx264",
          "-preset",
          "veryfast",
          "-tune",
          "zerolatency",
          "-pix_fmt",
          "yuv420p",
          "-force_key_frames",
          `expr:gte(t,n_forced*${s})`,
          "-sc_threshold",
          "0",
        ];
  return [
    "-hide_banner",
    "-loglevel",
    "error",
    "-f",
    "flv",
    "-i",
    "pipe:0",
    "-map",
    "0:v?",
    "-map",
    "0:a?",
    ...video,
    "-c:a",
    "aac",
    "-b:a",
    "128k",
    "-f",
    "hls",
    "-hls_time",
    String(Math.min(options.partSeconds, options.segmentSeconds)),
    "-hls_list_size",
    "40",
    "-hls_flags",
    "split_by_time+delete_segments+temp_file",
    "-hls_segment_filename",
    join(options.dir, "p%d.ts"),
    join(options.dir, "live.m3u8"),
  ];
}

/** Starts ffmpeg and returns the sink the RTMP session writes FLV into. */
export async function startSegmenter(options: SegmenterOptions): Promise<PublishSink> {
  const { logger: log } = options;
  await mkdir(options.dir, { recursive: true });
  const child = spawn(options.ffmpegPath, ffmpegHlsArgs(options), {
    stdio: ["pipe", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  child.stdin.on("error", (error) => log.debug({ err: error }, "ffmpeg stdin closed"));
  let nextFfmpegSequence: number | undefined;
  let scanning: Promise<void> = Promise.resolve();
  let ended = false;

  // EXT-X-PROGRAM-DATE-TIME: ffmpeg's own clock starts only once its muxer has probed the
  // input (seconds late, more on a loaded machine), so the wall clock is anchored when the
  // first FLV bytes reach ffmpeg and advanced by media time. A stall is seen on the input (no
  // FLV for STALL_REANCHOR_MS, the publisher paused): once media time reaches the moment the
  // input stopped, the anchor moves on by the gap. An encoder that falls behind moves nothing.
  // A part never starts later than when it was found, less its duration.
  let anchor: number | undefined;
  let lastInputAt = 0;
  const stalls: { from: number; gapMs: number }[] = [];
  let mediaMs = 0;
  const captureTime = (durationMs: number): number => {
    const latest = options.now() - durationMs;
    anchor ??= latest;
    const stall = stalls[0];
    if (stall && anchor + mediaMs >= stall.from - durationMs / 2) {
      anchor += stall.gapMs;
      stalls.shift();
    }
    if (anchor + mediaMs > latest) anchor = latest - mediaMs;
    const startedAt = anchor + mediaMs;
    mediaMs += durationMs;
    return startedAt;
  };

  const scan = async (): Promise<void> => {
    let text: string;
    try {
      text = await readFile(join(options.dir, "live.m3u8"), "utf8");
    } catch {
      return;
    }
    const playlist = parsePlaylist(text);
    for (const segment of playlist.segments) {
      if (nextFfmpegSequence !== undefined && segment.sequence < nextFfmpegSequence) continue;
      let bytes: Buffer;
      try {
        bytes = await readFile(join(options.dir, segment.uri));
      } catch (error) {
        log.warn({ err: error, uri: segment.uri }, "part vanished before it was read");
        nextFfmpegSequence = segment.sequence + 1;
        continue;
      }
      nextFfmpegSequence = segment.sequence + 1;
      const durationMs = Math.max(1, segment.durationMs);
      options.onPart({
        bytes,
        durationMs,
        startedAt: captureTime(durationMs),
        independent: tsStartsWithKeyframe(bytes),
      });
    }
  };
  let scanQueued = false;
  const timer = setInterval(() => {
    if (scanQueued) return;
    scanQueued = true;
    scanning = scanning
      .then(scan)
      .catch((error: unknown) => log.warn({ err: error }, "playlist scan failed"))
      .finally(() => (scanQueued = false));
  }, SCAN_MS);

  let finished = false;
  const finish = () => {
    if (finished) return;
    finished = true;
    clearInterval(timer);
    scanning = scanning
      .then(scan)
      .catch((error: unknown) => log.warn({ err: error }, "final playlist scan failed"))
      .then(() => rm(options.dir, { recursive: true, force: true }))
      .finally(options.onEnd);
  };
  child.once("exit", (code, signal) => {
    if (code !== 0 && !ended) log.warn({ code, signal, stderr: stderr.trim() }, "ffmpeg exited");
    finish();
  });
  child.once("error", (error) => {
    log.error({ err: error }, "cannot run ffmpeg");
    finish();
  });

  return {
    write(flv) {
      const at = options.now();
      if (anchor === undefined) anchor = at;
      else if (at - lastInputAt > STALL_REANCHOR_MS)
        stalls.push({ from: lastInputAt, gapMs: at - lastInputAt });
      lastInputAt = at;
      return child.stdin.writable ? child.stdin.write(flv) : true;
    },
    drained() {
      if (!child.stdin.writable || !child.stdin.writableNeedDrain) return Promise.resolve();
      return new Promise<void>((resolve) => {
        const done = () => {
          child.stdin.off("drain", done);
          child.stdin.off("close", done);
          resolve();
        };
        child.stdin.on("drain", done);
        child.stdin.on("close", done);
      });
    },
    end() {
      ended = true;
      child.stdin.end();
      // ffmpeg flushes its last part on EOF; do not let a stuck encoder linger.
      setTimeout(() => child.exitCode === null && child.kill("SIGKILL"), 10_000).unref();
    },
  };
}
