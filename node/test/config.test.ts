import assert from "node:assert/strict";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import {
  ConfigError,
  collectConfig,
  modeHelp,
  parseOriginConfig,
  parseRelayConfig,
} from "../src/config.ts";

const base = [
  "--coordinator",
  "http://127.0.0.1:3000",
  "--chain-id",
  "31337",
  "--staking-address",
  `0x${"aa".repeat(20)}`,
];

test("origin defaults: RTMP 1935, 1-second segments, x264", () => {
  const config = parseOriginConfig(
    collectConfig("origin", [...base, "--data-dir", "/var/lib/origin"], {}).raw,
  );
  assert.equal(config.rtmpPort, 1935);
  assert.equal(config.segmentSeconds, 1);
  assert.equal(config.video, "x264");
  assert.ok(Object.isFrozen(config));
});

test("flags beat env, env beats the JSON file", async () => {
  const dir = await mkdtemp(join(tmpdir(), "config-test-"));
  const file = join(dir, "relay.json");
  await writeFile(file, JSON.stringify({ tier: 3, cacheMb: 64, upstream: ["http://file:1"] }));
  const { raw } = collectConfig(
    "relay",
    [
      ...base,
      "--config",
      file,
      "--tier",
      "2",
      "--upstream",
      "http://a:1",
      "--upstream",
      "http://b:2",
    ],
    {
      CHAIN_RPC_URL: "http://127.0.0.1:8545",
      CACHE_MB: "32",
      RELAY_TIER: "4",
    },
  );
  const config = parseRelayConfig(raw);
  assert.equal(config.tier, 2);
  assert.equal(config.cacheMb, 32);
  assert.deepEqual(config.upstream, ["http://a:1", "http://b:2"]);
});

test("env lists are comma separated", () => {
  const config = parseRelayConfig(
    collectConfig("relay", [...base, "--insecure-skip-origin-check"], {
      UPSTREAM_URLS: "http://a:1, http://b:2/",
    }).raw,
  );
  assert.deepEqual(config.upstream, ["http://a:1", "http://b:2"]);
});

test("invalid and unknown options are refused with the flag's name", () => {
  assert.throws(
    () => parseRelayConfig(collectConfig("relay", base, {}).raw),
    (e: unknown) => e instanceof ConfigError && /--upstream: required/.test(e.message),
  );
  assert.throws(() => collectConfig("origin", [...base, "--upstream", "x"], {}), ConfigError);
  assert.throws(
    () => parseOriginConfig({ ...collectConfig("origin", base, {}).raw, bogus: 1 }),
    ConfigError,
  );
  assert.throws(
    () => parseOriginConfig(collectConfig("origin", [...base, "--video", "vp9"], {}).raw),
    /--video/,
  );
});

test("the origin needs a data directory; a relay needs a chain RPC URL unless told otherwise", () => {
  assert.throws(
    () => parseOriginConfig(collectConfig("origin", base, {}).raw),
    /--data-dir: required/,
  );
  const relay = [...base, "--upstream", "http://a:1"];
  assert.throws(
    () => parseRelayConfig(collectConfig("relay", relay, {}).raw),
    /--rpc-url: required: a relay checks every stream's origin signer on-chain \(dev only: --insecure-skip-origin-check\)/,
  );
  const checked = parseRelayConfig(
    collectConfig("relay", [...relay, "--rpc-url", "http://127.0.0.1:8545"], {}).raw,
  );
  assert.equal(checked.insecureSkipOriginCheck, false);
  assert.equal(checked.originCheckIntervalMs, 10_000);
  const skipped = parseRelayConfig(
    collectConfig("relay", [...relay, "--insecure-skip-origin-check"], {}).raw,
  );
  assert.equal(skipped.rpcUrl, undefined);
});

test("each mode's help lists its own flags", () => {
  assert.match(modeHelp("origin"), /--rtmp-port/);
  assert.doesNotMatch(modeHelp("origin"), /--upstream/);
  assert.match(modeHelp("relay"), /--upstream URL/);
  assert.match(modeHelp("relay"), /--insecure-skip-origin-check/);
  assert.match(modeHelp("origin"), /--data-dir DIR/);
});
