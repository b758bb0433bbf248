/** The composition of the relay's auto-update from its configuration and this process. */
import { constants } from "node:fs";
import { access } from "node:fs/promises";
import { isSea } from "node:sea";
import { dirname } from "node:path";
import type { Logger } from "pino";
import type { RelayConfig } from "../config.ts";
import { NODE_VERSION } from "../version.ts";
import { AutoUpdater } from "./auto-updater.ts";
import { releasePublicKey } from "./release-key.ts";
import { updatableExecutable } from "./updatable-executable.ts";

/** The first check comes this soon after start (or after the interval, if shorter). */
const FIRST_CHECK_MS = 5_000;

export interface AutoUpdateHooks {
  stopNode(): Promise<void>;
  restartNode(): Promise<void>;
}

/** Starts the updater, or logs why auto-update cannot run here and returns undefined. */
export async function startAutoUpdate(
  config: RelayConfig,
  logger: Logger,
  hooks: AutoUpdateHooks,
): Promise<AutoUpdater | undefined> {
  const log = logger.child({ component: "auto-update" });
  const target = updatableExecutable({
    isSea: isSea(),
    execPath: process.execPath,
    platform: process.platform,
    arch: process.arch,
    hasExecve: typeof process.execve === "function",
    env: process.env,
  });
  if (!target.ok) {
    log.warn({ reason: target.reason }, "--auto-update is off");
    return undefined;
  }
  try {
    await access(dirname(target.executable), constants.W_OK);
  } catch {
    log.warn(
      { executable: target.executable },
      "--auto-update is off: this user cannot write the binary's directory (a package manager's install updates with the package manager)",
    );
    return undefined;
  }
  if (config.httpPort === 0) {
    log.warn(
      "--auto-update is off: it needs a fixed --http-port to check the new version's /status",
    );
    return undefined;
  }
  const key = releasePublicKey(process.env);
  if (!key.builtIn || target.testOnly)
    log.warn("TEST ONLY: auto-update with a test release key or test executable");
  const host = config.host === "0.0.0.0" || config.host === "::" ? "127.0.0.1" : config.host;
  const updater = new AutoUpdater({
    logger: log,
    fetch: globalThis.fetch.bind(globalThis),
    coordinatorUrl: config.coordinatorUrl,
    currentVersion: NODE_VERSION,
    platform: target.platform,
    publicKey: key.key,
    executable: target.executable,
    args: process.argv.slice(2),
    env: process.env,
    pin: config.pinVersion,
    intervalMs: config.updateIntervalMs,
    healthWindowMs: config.updateHealthWindowMs,
    statusUrl: `${config.tlsCert ? "https" : "http"}://${host.includes(":") ? `[${host}]` : host}:${config.httpPort}/status`,
    stopNode: hooks.stopNode,
    restartNode: hooks.restartNode,
    execve: (file, args, env) => process.execve!(file, args, env),
  });
  updater.start(Math.min(FIRST_CHECK_MS, config.updateIntervalMs));
  log.info(
    {
      executable: target.executable,
      version: NODE_VERSION,
      pin: config.pinVersion ?? null,
      intervalMs: config.updateIntervalMs,
    },
    "auto-update on",
  );
  return updater;
}
