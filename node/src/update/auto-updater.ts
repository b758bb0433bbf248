/**
 * The relay's auto-update: every `intervalMs` it reads the coordinator's release manifest,
 * verifies the release key's Ed25519 signature, and when a newer (or the pinned) version is
 * advertised for this platform it downloads the binary beside the running one, checks its
 * SHA-256, and swaps it in with a rename (the old binary is kept as `<file>.previous`). The new
 * binary first runs as a trial child with the same arguments: once its /status reports the new
 * version within `healthWindowMs`, the trial is stopped and this process re-executes itself
 * (execve: same PID, so systemd keeps tracking it) as the new version. A refused signature or
 * hash changes nothing; a trial that does not become healthy is killed, the old binary is
 * renamed back, and this version restarts its relay in-process.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createHash, type KeyObject } from "node:crypto";
import { once } from "node:events";
import { chmod, copyFile, link, open, rename, rm } from "node:fs/promises";
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { setTimeout as sleep } from "node:timers/promises";
import type { Logger } from "pino";
import type { ReleasePlatform } from "@streamrp2p/protocol/release-manifest";
import { planUpdate } from "./plan-update.ts";
import { ReleaseVerificationError, verifyReleaseManifest } from "./release-signature.ts";

/** A binary larger than this is refused while downloading. */
const MAX_BINARY_BYTES = 512 * 1024 * 1024;
const HEALTH_POLL_MS = 250;
const TRIAL_STOP_MS = 10_000;

export interface AutoUpdaterDeps {
  logger: Logger;
  fetch: typeof fetch;
  coordinatorUrl: string;
  currentVersion: string;
  platform: ReleasePlatform;
  publicKey: KeyObject;
  /** The running binary, swapped in place. */
  executable: string;
  /** The arguments after the program name, for the trial child and the re-exec. */
  args: readonly string[];
  env: NodeJS.ProcessEnv;
  pin: string | undefined;
  intervalMs: number;
  healthWindowMs: number;
  /** The node's own /status URL (http or https on loopback). */
  statusUrl: string;
  /** Stops the running relay (frees its port for the trial). */
  stopNode(): Promise<void>;
  /** Starts this version's relay again after a rollback. */
  restartNode(): Promise<void>;
  /** process.execve: replaces this process. */
  execve(file: string, args: string[], env: NodeJS.ProcessEnv): never;
}

export type UpdateOutcome =
  | { outcome: "no-release" }
  | { outcome: "unreachable"; error: string }
  | { outcome: "refused"; code: ReleaseVerificationError["code"]; message: string }
  | { outcome: "stay"; reason: string }
  | { outcome: "rolled-back"; version: string; reason: string };

export class AutoUpdater {
  readonly #deps: AutoUpdaterDeps;
  readonly #refused = new Set<string>();
  #timer: NodeJS.Timeout | undefined;
  #busy = false;
  #stopped = false;

  constructor(deps: AutoUpdaterDeps) {
    this.#deps = deps;
  }

  /** Checks after `firstCheckMs`, then every intervalMs. */
  start(firstCheckMs: number): void {
    const tick = (delay: number) => {
      this.#timer = setTimeout(() => {
        void this.checkOnce().finally(() => {
          if (!this.#stopped) tick(this.#deps.intervalMs);
        });
      }, delay);
      this.#timer.unref();
    };
    tick(firstCheckMs);
  }

  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
  }

  async checkOnce(): Promise<UpdateOutcome> {
    if (this.#busy) return { outcome: "stay", reason: "a check is running" };
    this.#busy = true;
    try {
      const outcome = await this.#check();
      const log = this.#deps.logger;
      if (outcome.outcome === "refused" || outcome.outcome === "rolled-back")
        log.error(outcome, "update refused: the running version stays");
      else if (outcome.outcome === "unreachable") log.warn(outcome, "update check failed");
      else log.info(outcome, "update check: no update");
      return outcome;
    } finally {
      this.#busy = false;
    }
  }

  async #check(): Promise<UpdateOutcome> {
    const d = this.#deps;
    let json: unknown;
    try {
      const response = await d.fetch(`${d.coordinatorUrl}/v1/releases/current`, {
        signal: AbortSignal.timeout(15_000),
      });
      if (response.status === 404) return { outcome: "no-release" };
      if (!response.ok) return { outcome: "unreachable", error: `HTTP ${response.status}` };
      json = await response.json();
    } catch (error) {
      return { outcome: "unreachable", error: (error as Error).message };
    }
    let manifest;
    try {
      manifest = verifyReleaseManifest(json, d.publicKey);
    } catch (error) {
      if (error instanceof ReleaseVerificationError)
        return { outcome: "refused", code: error.code, message: error.message };
      throw error;
    }
    const plan = planUpdate({
      current: d.currentVersion,
      manifest,
      platform: d.platform,
      pin: d.pin,
      refused: this.#refused,
    });
    if (plan.action === "stay") return { outcome: "stay", reason: plan.reason };

    const download = `${d.executable}.download`;
    try {
      const digest = await this.#download(plan.url, download);
      if (digest !== plan.sha256) {
        this.#refused.add(plan.version);
        return {
          outcome: "refused",
          code: "WRONG_HASH",
          message: `release ${plan.version}: ${plan.url} has sha256 ${digest}, the signed manifest says ${plan.sha256}`,
        };
      }
    } catch (error) {
      await rm(download, { force: true });
      return { outcome: "unreachable", error: `download ${plan.url}: ${(error as Error).message}` };
    } finally {
      if (this.#refused.has(plan.version)) await rm(download, { force: true });
    }
    await chmod(download, 0o755);
    return this.#install(plan.version, download);
  }

  /** Streams `url` to `file`, returning its SHA-256 (hex). */
  async #download(url: string, file: string): Promise<string> {
    const response = await this.#deps.fetch(url, { signal: AbortSignal.timeout(10 * 60_000) });
    if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
    const hash = createHash("sha256");
    let bytes = 0;
    const reader = response.body.getReader();
    const out = await open(file, "w", 0o700);
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        bytes += value.length;
        if (bytes > MAX_BINARY_BYTES) throw new Error(`larger than ${MAX_BINARY_BYTES} bytes`);
        hash.update(value);
        await out.write(value);
      }
    } finally {
      await out.close();
    }
    return hash.digest("hex");
  }

  async #install(version: string, download: string): Promise<UpdateOutcome> {
    const d = this.#deps;
    const previous = `${d.executable}.previous`;
    d.logger.info({ version, executable: d.executable }, "update verified: installing");
    await d.stopNode();
    await rm(previous, { force: true });
    try {
      await link(d.executable, previous);
    } catch {
      await copyFile(d.executable, previous);
    }
    await rename(download, d.executable);

    const trial = spawn(d.executable, [...d.args], { env: d.env, stdio: "inherit" });
    const healthy = await this.#waitHealthy(trial, version);
    await stopChild(trial);
    if (healthy.ok) {
      d.logger.info({ version }, "new version healthy: re-executing as it");
      return d.execve(d.executable, [d.executable, ...d.args], d.env);
    }
    await rename(previous, d.executable);
    this.#refused.add(version);
    await d.restartNode();
    return { outcome: "rolled-back", version, reason: healthy.reason };
  }

  async #waitHealthy(
    trial: ChildProcess,
    version: string,
  ): Promise<{ ok: true } | { ok: false; reason: string }> {
    const d = this.#deps;
    let exited: string | undefined;
    trial.once("exit", (code, signal) => {
      exited = `the new binary exited (${signal ?? `code ${code}`})`;
    });
    trial.once("error", (error) => {
      exited = `the new binary did not start: ${error.message}`;
    });
    const deadline = Date.now() + d.healthWindowMs;
    let last = "no /status answer";
    while (Date.now() < deadline) {
      if (exited) return { ok: false, reason: exited };
      try {
        const status = (await getJson(d.statusUrl)) as { version?: unknown };
        if (status.version === version) return { ok: true };
        last = `/status reports version ${String(status.version)}`;
      } catch (error) {
        last = (error as Error).message;
      }
      await sleep(HEALTH_POLL_MS);
    }
    return {
      ok: false,
      reason: `not healthy within ${d.healthWindowMs} ms (last: ${last})`,
    };
  }
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = once(child, "exit");
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), TRIAL_STOP_MS);
  await exited;
  clearTimeout(timer);
}

/** GET a JSON document from the node's own loopback /status (its certificate is not checked). */
function getJson(url: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const request = (url.startsWith("https:") ? httpsRequest : httpRequest)(
      url,
      { rejectUnauthorized: false, timeout: 2_000 },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (c: Buffer) => chunks.push(c));
        response.on("end", () => {
          if (response.statusCode !== 200)
            return reject(new Error(`/status answered HTTP ${response.statusCode}`));
          try {
            resolve(JSON.parse(Buffer.concat(chunks).toString("utf8")));
          } catch (error) {
            reject(error as Error);
          }
        });
        response.on("error", reject);
      },
    );
    request.on("timeout", () => request.destroy(new Error("/status timed out")));
    request.on("error", reject);
    request.end();
  });
}
