/**
 * The relay's auto-update, on real files and real processes. The running "binary" is a stand-in
 * executable (a shell script that starts the node CLI from this checkout, version NODE_VERSION)
 * named by the test-only STREAMRP2P_TEST_UPDATE_EXECUTABLE, and the releases are signed with a
 * throwaway key given by the test-only STREAMRP2P_TEST_RELEASE_PUBLIC_KEY; the single-file
 * binary is not rebuilt here (node-binary.test.ts builds and runs it). The "new version" is
 * helpers/stand-in-release.ts, a script that answers /status like a relay of the version it is
 * given, so the verification, the rename swap, the trial run, the re-exec (same PID) and the
 * rollback are the real ones. A real coordinator serves the manifest (RELEASE_MANIFEST_FILE,
 * read on each request, so a test publishes by rewriting it); a local HTTP server serves the
 * downloads and counts them. To keep the suite short, one relay goes through the cases in order
 * (bad signature, wrong hash, rollback, success), and a pinned relay runs beside it with its own
 * coordinator.
 */
import assert from "node:assert/strict";
import { createHash, generateKeyPairSync, type KeyObject } from "node:crypto";
import { once } from "node:events";
import { existsSync } from "node:fs";
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { after, before, test } from "node:test";
import type { UnsignedReleaseManifest } from "@streamrp2p/protocol/release-manifest";
import { signReleaseManifest } from "../../node/src/update/release-signature.ts";
import { TEST_RELEASE_KEY_ENV } from "../../node/src/update/release-key.ts";
import {
  releasePlatformOf,
  TEST_UPDATE_EXECUTABLE_ENV,
} from "../../node/src/update/updatable-executable.ts";
import { NODE_VERSION } from "../../node/src/version.ts";
import { OPERATOR_KEYS, startNode, type NodeProcess } from "../../scripts/lib/live-stack.ts";
import { stopAll, waitUntil } from "../../scripts/lib/service.ts";
import { startTestCoordinator, type TestCoordinator } from "../e2e/helpers/test-coordinator.ts";

const REPO_ROOT = join(import.meta.dirname, "../..");
const CLI = join(REPO_ROOT, "node/src/cli.ts");
const STAND_IN = join(import.meta.dirname, "helpers/stand-in-release.ts");
const PLATFORM = releasePlatformOf(process.platform, process.arch)!;
/** The rollback case waits this out. */
const HEALTH_WINDOW_MS = 6_000;

const releaseKey = generateKeyPairSync("ed25519");
const otherKey = generateKeyPairSync("ed25519");
const publicKeyBase64 = releaseKey.publicKey
  .export({ type: "spki", format: "der" })
  .toString("base64");

let scratch: string;
const coordinators: TestCoordinator[] = [];
let downloads: Server;
let downloadsUrl: string;
/** Download requests by file name. */
const downloaded = new Map<string, number>();
/** The relay that goes through the cases, and the pinned one. */
let relay: UpdatingRelay;
let pinned: UpdatingRelay;

const script = (command: string) => `#!/bin/sh\nexec ${command} "$@"\n`;
const sha256 = (bytes: string | Buffer) => createHash("sha256").update(bytes).digest("hex");

interface UpdatingRelay {
  node: NodeProcess;
  executable: string;
  original: string;
  /** The coordinator's RELEASE_MANIFEST_FILE. */
  manifestFile: string;
}

/** The relay from this checkout, run through a stand-in executable with --auto-update. */
async function startUpdatingRelay(name: string, extraArgs: string[]): Promise<UpdatingRelay> {
  const dir = join(scratch, name);
  await mkdir(dir);
  const manifestFile = join(dir, "release.json");
  const coordinator = await startTestCoordinator({
    chainId: 31337,
    stakingAddress: "0x5fbdb2315678afecb367f032d93f642f64180aa3",
    releaseManifestFile: manifestFile,
  });
  coordinators.push(coordinator);
  const executable = join(dir, "streamrp2p-node");
  const original = script(`"${process.execPath}" "${CLI}"`);
  await writeFile(executable, original);
  await chmod(executable, 0o755);
  const node = await startNode({
    coordinatorUrl: coordinator.url,
    name,
    mode: "relay",
    args: [
      ...["--upstream", "http://127.0.0.1:9", "--auto-update", "--update-interval", "300"],
      ...["--update-health-window", String(HEALTH_WINDOW_MS), ...extraArgs],
    ],
    key: OPERATOR_KEYS[1],
    originCheck: "insecure-skip",
    command: {
      file: executable,
      env: { [TEST_UPDATE_EXECUTABLE_ENV]: executable, [TEST_RELEASE_KEY_ENV]: publicKeyBase64 },
    },
  });
  return { node, executable, original, manifestFile };
}

/** Publishes a release to `to`'s coordinator: the stand-in file for download, and a manifest signed by `key`. */
async function publish(
  to: UpdatingRelay,
  options: {
    version: string;
    behaviour: "healthy" | "unhealthy";
    key?: KeyObject;
    /** The hash the manifest claims (default: the file's). */
    claimedSha256?: string;
  },
): Promise<{ body: string; file: string }> {
  const file = `${basename(dirname(to.manifestFile))}-${options.version}`;
  const body = script(
    `"${process.execPath}" "${STAND_IN}" ${options.version} ${options.behaviour}`,
  );
  await writeFile(join(scratch, "releases", file), body);
  const unsigned: UnsignedReleaseManifest = {
    version: options.version,
    publishedAt: new Date().toISOString(),
    platforms: {
      [PLATFORM]: {
        url: `${downloadsUrl}/${file}`,
        sha256: options.claimedSha256 ?? sha256(body),
      },
    },
  };
  const signed = signReleaseManifest(unsigned, options.key ?? releaseKey.privateKey);
  await writeFile(to.manifestFile, JSON.stringify(signed));
  return { body, file };
}

async function statusOf(node: NodeProcess): Promise<{ version: string; pid?: number }> {
  return (await (await fetch(`${node.url}/status`)).json()) as { version: string; pid?: number };
}

/** Waits for a log line matching `pattern` written after `from` (an output length). */
async function waitForLog(on: UpdatingRelay, pattern: RegExp, from: number, timeoutMs = 20_000) {
  await waitUntil(
    `log ${pattern}`,
    async () => pattern.test(on.node.service.output().slice(from)),
    { timeoutMs, service: on.node.service },
  );
}

const outputLength = (on: UpdatingRelay) => on.node.service.output().length;

/** The relay still runs the version it started with, from the unchanged file. */
async function assertOldVersionRuns(on: UpdatingRelay): Promise<void> {
  assert.equal(on.node.service.child.exitCode, null);
  assert.equal((await statusOf(on.node)).version, NODE_VERSION);
  assert.equal(await readFile(on.executable, "utf8"), on.original);
  assert.equal(existsSync(`${on.executable}.download`), false);
}

before(async () => {
  scratch = await mkdtemp(join(tmpdir(), "streamrp2p-auto-update-"));
  await mkdir(join(scratch, "releases"));
  downloads = createServer((request, response) => {
    const name = (request.url ?? "").slice(1);
    downloaded.set(name, (downloaded.get(name) ?? 0) + 1);
    readFile(join(scratch, "releases", name)).then(
      (bytes) => response.writeHead(200).end(bytes),
      () => response.writeHead(404).end(),
    );
  });
  downloads.listen(0, "127.0.0.1");
  await once(downloads, "listening");
  downloadsUrl = `http://127.0.0.1:${(downloads.address() as AddressInfo).port}`;
  [relay, pinned] = await Promise.all([
    startUpdatingRelay("relay", []),
    startUpdatingRelay("pinned", ["--pin-version", NODE_VERSION]),
  ]);
});

after(async () => {
  await relay?.node.service.stop();
  await pinned?.node.service.stop();
  for (const coordinator of coordinators) await coordinator.stop();
  await stopAll();
  downloads?.close();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

test("a release signed by another key is refused before any download", async () => {
  const from = outputLength(relay);
  const { file } = await publish(relay, {
    version: "9.0.0",
    behaviour: "healthy",
    key: otherKey.privateKey,
  });
  await waitForLog(relay, /"code":"BAD_SIGNATURE"/, from);
  await assertOldVersionRuns(relay);
  assert.equal(downloaded.get(file), undefined);
});

test("a download whose hash is not the signed one is deleted and the old binary stays", async () => {
  const from = outputLength(relay);
  const { file } = await publish(relay, {
    version: "9.0.1",
    behaviour: "healthy",
    claimedSha256: sha256("something else"),
  });
  await waitForLog(relay, /"code":"WRONG_HASH"/, from);
  await assertOldVersionRuns(relay);
  // Refused for good in this process: the next checks do not download it again.
  await waitForLog(relay, /9\.0\.1 failed here before/, from);
  assert.equal(downloaded.get(file), 1);
});

test("a new version that does not report healthy within the window is rolled back", async () => {
  const from = outputLength(relay);
  const pid = relay.node.service.child.pid;
  const { file } = await publish(relay, { version: "9.0.2", behaviour: "unhealthy" });
  await waitForLog(relay, /"outcome":"rolled-back"/, from, 30_000);
  const log = relay.node.service.output().slice(from);
  assert.match(log, /stand-in release 9\.0\.2 \(unhealthy\) listening/);
  assert.match(log, new RegExp(`not healthy within ${HEALTH_WINDOW_MS} ms`));
  await waitUntil(
    "the old relay's /status",
    async () => (await statusOf(relay.node)).version === NODE_VERSION,
    { timeoutMs: 20_000, service: relay.node.service },
  );
  await assertOldVersionRuns(relay);
  assert.equal(relay.node.service.child.pid, pid);
  await waitForLog(relay, /9\.0\.2 failed here before/, from);
  assert.equal(downloaded.get(file), 1);
});

test("a signed release with the right hash is installed: swapped by rename, re-executed in the same process", async () => {
  const pid = relay.node.service.child.pid;
  const { body, file } = await publish(relay, { version: "9.0.3", behaviour: "healthy" });
  // During its trial the new version runs as a child (another PID); then this process
  // re-executes itself as the new version (execve), keeping its PID.
  await waitUntil(
    "the new version's /status from the relay's own process",
    async () => {
      const status = await statusOf(relay.node);
      return status.version === "9.0.3" && status.pid === pid;
    },
    { timeoutMs: 40_000, service: relay.node.service },
  );
  assert.equal(await readFile(relay.executable, "utf8"), body);
  assert.equal(await readFile(`${relay.executable}.previous`, "utf8"), relay.original);
  assert.equal(downloaded.get(file), 1);
});

test("a relay pinned to its version ignores a newer release", async () => {
  const from = outputLength(pinned);
  const { file } = await publish(pinned, { version: "9.1.0", behaviour: "healthy" });
  await waitForLog(
    pinned,
    new RegExp(`pinned to ${NODE_VERSION}; the coordinator advertises 9\\.1\\.0`),
    from,
  );
  await assertOldVersionRuns(pinned);
  assert.equal(downloaded.get(file), undefined);
});
