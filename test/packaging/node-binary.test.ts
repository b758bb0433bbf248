/**
 * The single-file node binary as a friend gets it: `npm run build:node` builds the linux-x64
 * executable, which is copied alone into an empty directory and run with a PATH on which there
 * is no Node. It prints its version and help, and relays the live stream of a real origin
 * (ffmpeg over RTMP, node CLI origin, chainless coordinator over Redis): the playlist and a
 * segment come through the binary, and the segment's bytes hash to the origin-signed entry.
 * With `--workers 2` its serve worker threads (carried in the binary as code) do the same,
 * both answer, and SIGTERM stops it with status 0 and its port closed.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { get } from "node:http";
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { promisify } from "node:util";
import { NODE_VERSION } from "../../node/src/version.ts";
import { OPERATOR_KEYS, startNode, waitForSegments } from "../../scripts/lib/live-stack.ts";
import { stopAll } from "../../scripts/lib/service.ts";
import {
  assertRelaysVerifiedSegment,
  startLiveOrigin,
  type LiveOrigin,
} from "../e2e/helpers/live-origin.ts";

const exec = promisify(execFile);
const REPO_ROOT = join(import.meta.dirname, "../..");

let scratch: string;
/** The directory holding the binary and nothing else; also the whole PATH it runs with. */
let alone: string;
let binary: string;
let live: LiveOrigin | undefined;

/** The binary's environment: no Node anywhere on PATH, and no Node options inherited. */
const bareEnv = (): NodeJS.ProcessEnv => ({
  PATH: alone,
  NODE_OPTIONS: undefined,
  NODE_TEST_CONTEXT: undefined,
  npm_config_nodedir: undefined,
});

before(async () => {
  scratch = await mkdtemp(join(tmpdir(), "streamrp2p-binary-"));
  const out = join(scratch, "dist");
  await exec(
    process.execPath,
    [join(REPO_ROOT, "scripts/build/build-node.ts"), "--platforms", "linux-x64", "--out", out],
    { cwd: REPO_ROOT, maxBuffer: 16 << 20 },
  );
  alone = join(scratch, "alone");
  await mkdir(alone);
  binary = join(alone, "streamrp2p-node");
  await copyFile(join(out, "streamrp2p-node-linux-x64"), binary);
  const sums = await readFile(join(out, "SHA256SUMS"), "utf8");
  assert.match(sums, /^[0-9a-f]{64} {2}streamrp2p-node-linux-x64\n$/);
});

after(async () => {
  await stopAll();
  await live?.stop();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

async function run(args: string[]): Promise<string> {
  const env = Object.fromEntries(
    Object.entries({ ...process.env, ...bareEnv() }).filter(([, v]) => v !== undefined),
  );
  return (await exec(binary, args, { cwd: alone, env })).stdout;
}

test("the binary, alone in a directory with no Node on PATH, prints its version and help", async () => {
  assert.deepEqual(await readdir(alone), ["streamrp2p-node"]);
  await assert.rejects(exec("sh", ["-c", "command -v node"], { env: { PATH: alone } }));
  assert.equal((await run(["--version"])).trim(), NODE_VERSION);
  const help = await run(["--help"]);
  assert.match(help, /usage: streamrp2p-node <mode> \[options\]/);
  assert.match(help, /relay +pull a stream/);
  const relayHelp = await run(["relay", "--help"]);
  assert.match(relayHelp, /usage: streamrp2p-node relay/);
  assert.match(relayHelp, /--upstream URL/);
});

test(
  "the binary relays a live stream: playlist and a segment matching the origin-signed hash",
  { timeout: 90_000 },
  async (t) => {
    live ??= await startLiveOrigin();
    const relay = await startNode({
      coordinatorUrl: live.coordinator.url,
      name: "binary-relay",
      mode: "relay",
      args: ["--tier", "1", "--upstream", live.origin.url, "--poll-interval", "100"],
      key: OPERATOR_KEYS[0],
      originCheck: "insecure-skip",
      command: { file: binary, env: bareEnv(), cwd: alone },
    });
    live.publish(30);
    await waitForSegments(relay, 2, 45_000);
    const { sequence, bytes } = await assertRelaysVerifiedSegment(live, relay.url);
    t.diagnostic(`segment ${sequence} (${bytes} bytes) verified through the binary relay`);
  },
);

/** GET on a connection of its own (the kernel hands each new connection to one worker). */
function getAlone(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    get(url, { agent: false }, (res) => {
      res.resume();
      res.once("end", () => resolve(res.statusCode ?? 0));
    }).once("error", reject);
  });
}

/** Requests per worker check: the chance one of 2 workers gets none of 20 is 2 x 2^-20. */
const SPREAD = 20;

test(
  "the binary with --workers 2 relays from both workers, then exits 0 on SIGTERM with its port closed",
  { timeout: 90_000 },
  async (t) => {
    live ??= await startLiveOrigin();
    const relay = await startNode({
      coordinatorUrl: live.coordinator.url,
      name: "binary-relay-workers",
      mode: "relay",
      args: [
        ...["--tier", "1", "--upstream", live.origin.url, "--poll-interval", "100"],
        ...["--workers", "2"],
      ],
      key: OPERATOR_KEYS[1],
      originCheck: "insecure-skip",
      command: { file: binary, env: bareEnv(), cwd: alone },
    });
    live.publish(30);
    await waitForSegments(relay, 2, 45_000);
    const { sequence } = await assertRelaysVerifiedSegment(live, relay.url);

    const playlist = `${relay.url}/streams/${live.streamId}/index.m3u8`;
    const statuses = [];
    for (let i = 0; i < SPREAD; i++) statuses.push(await getAlone(playlist));
    assert.deepEqual(new Set(statuses), new Set([200]));
    const status = (await (await fetch(`${relay.url}/status`)).json()) as {
      workerRequests: number[];
    };
    assert.equal(status.workerRequests.length, 2);
    assert.ok(
      status.workerRequests.every((n) => n > 0),
      `both workers answer: ${JSON.stringify(status.workerRequests)}`,
    );
    t.diagnostic(
      `segment ${sequence} verified; requests by worker ${JSON.stringify(status.workerRequests)}`,
    );

    await relay.service.stop("SIGTERM");
    assert.equal(relay.service.child.exitCode, 0, relay.service.output());
    assert.match(relay.service.output(), /"msg":"stopped"/);
    await assert.rejects(getAlone(`${relay.url}/health`), { code: "ECONNREFUSED" });
  },
);
