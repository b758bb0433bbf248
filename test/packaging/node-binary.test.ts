/**
 * The single-file node binary as a friend gets it: `npm run build:node` builds the linux-x64
 * executable, which is copied alone into an empty directory and run with a PATH on which there
 * is no Node. It prints its version and help, and relays the live stream of a real origin
 * (ffmpeg over RTMP, node CLI origin, chainless coordinator over Redis): the playlist and a
 * segment come through the binary, and the segment's bytes hash to the origin-signed entry.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { promisify } from "node:util";
import { privateKeyToAccount } from "viem/accounts";
import { segmentHash } from "@streamrp2p/protocol/segment-hash";
import { NODE_VERSION } from "../../node/src/version.ts";
import { publishTestStream, type Publisher } from "../../node/test/helpers/publish.ts";
import {
  CHAIN_ID,
  OPERATOR_KEYS,
  ORIGIN_KEY,
  STAKING_ADDRESS,
  startNode,
  waitForSegments,
  type NodeProcess,
} from "../../scripts/lib/live-stack.ts";
import { freePort, stopAll } from "../../scripts/lib/service.ts";
import { startTestCoordinator, type TestCoordinator } from "../e2e/helpers/test-coordinator.ts";

const exec = promisify(execFile);
const REPO_ROOT = join(import.meta.dirname, "../..");

let scratch: string;
/** The directory holding the binary and nothing else; also the whole PATH it runs with. */
let alone: string;
let binary: string;
let coordinator: TestCoordinator | undefined;
let publisher: Publisher | undefined;

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
  await publisher?.stop();
  await stopAll();
  await coordinator?.stop();
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
  async () => {
    const origin = privateKeyToAccount(ORIGIN_KEY);
    coordinator = await startTestCoordinator({
      chainId: CHAIN_ID,
      stakingAddress: STAKING_ADDRESS,
    });
    const { streamId, streamKey } = await coordinator.createStream("binary", origin.address);
    const rtmpPort = await freePort();
    const originNode: NodeProcess = await startNode({
      coordinatorUrl: coordinator.url,
      name: "origin",
      mode: "origin",
      args: ["--rtmp-host", "127.0.0.1", "--rtmp-port", String(rtmpPort)],
      key: ORIGIN_KEY,
    });
    const relay = await startNode({
      coordinatorUrl: coordinator.url,
      name: "binary-relay",
      mode: "relay",
      args: ["--tier", "1", "--upstream", originNode.url, "--poll-interval", "100"],
      key: OPERATOR_KEYS[0],
      originCheck: "insecure-skip",
      command: { file: binary, env: bareEnv(), cwd: alone },
    });
    publisher = publishTestStream(`rtmp://127.0.0.1:${rtmpPort}/live/${streamKey}`, 30);
    await waitForSegments(relay, 2, 45_000);

    const playlist = await fetch(`${relay.url}/streams/${streamId}/index.m3u8`);
    assert.equal(playlist.status, 200);
    const text = await playlist.text();
    assert.match(text, /^#EXTM3U/);
    const uris = text.split("\n").filter((line) => line.endsWith(".ts"));
    assert.ok(uris.length >= 2, `playlist lists segments:\n${text}`);
    const last = uris.at(-1)!;
    const sequence = Number(/(\d+)\.ts$/.exec(last)![1]);

    const segment = await fetch(new URL(last, `${relay.url}/streams/${streamId}/`));
    assert.equal(segment.status, 200);
    const bytes = new Uint8Array(await segment.arrayBuffer());
    const [signed] = await coordinator.manifest(streamId, sequence);
    assert.equal(signed?.sequence, sequence);
    assert.equal(await segmentHash(bytes), signed.hash, "bytes match the origin-signed hash");
    assert.equal(segment.headers.get("x-segment-hash"), signed.hash);
    assert.match(segment.headers.get("x-delivery-statement") ?? "", /^0x[0-9a-f]{130}$/);
  },
);
