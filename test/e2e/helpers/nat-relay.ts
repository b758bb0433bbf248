/**
 * Runs inside the NAT test's "home" network namespace (test/e2e/nat.test.ts): the real relay
 * (startRelay) with UPnP on or off (env UPNP), carrying one stream whose origin-signed segment is
 * put in its store, beside a stand-in coordinator on loopback. Prints one JSON line with the
 * relay's status and the stream, then `{"stopped":true}` once SIGTERM has stopped the relay.
 */
import { pino } from "pino";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { manifestEntryTypes, relayStakingDomain } from "@streamrp2p/protocol/eip712";
import { segmentHash } from "@streamrp2p/protocol/segment-hash";
import { parseRelayConfig } from "../../../node/src/config.ts";
import { CoordinatorClient } from "../../../node/src/coordinator-client.ts";
import { segmentHeaders } from "../../../node/src/hls/segment-store.ts";
import { startRelay } from "../../../node/src/relay/start-relay.ts";
import { startFakeCoordinator } from "../../../node/test/helpers/fake-coordinator.ts";

const CHAIN_ID = 31337;
const STAKING = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
const streamId = `0x${"5a".repeat(32)}` as const;
const origin = privateKeyToAccount(generatePrivateKey());
const coordinator = await startFakeCoordinator([
  { streamKey: "nat-test", streamId, originAddress: origin.address },
]);
const relay = await startRelay({
  config: parseRelayConfig({
    coordinatorUrl: coordinator.url,
    chainId: CHAIN_ID,
    stakingAddress: STAKING,
    host: "0.0.0.0",
    httpPort: Number(process.env.RELAY_PORT),
    statusIntervalMs: 0,
    upstream: ["http://127.0.0.1:1"],
    streams: [streamId],
    insecureSkipOriginCheck: true,
    upnp: process.env.UPNP === "1",
  }),
  account: privateKeyToAccount(generatePrivateKey()),
  logger: pino({ level: "silent" }),
  now: Date.now,
  fetch: globalThis.fetch.bind(globalThis),
  coordinator: new CoordinatorClient({ baseUrl: coordinator.url }),
  originSigners: "insecure-skip",
});
const bytes = Buffer.alloc(1880, 0x47);
const unsigned = {
  streamId,
  sequence: 0,
  size: bytes.byteLength,
  durationMs: 1000,
  hash: await segmentHash(bytes),
};
const signature = await origin.signTypedData({
  domain: relayStakingDomain(CHAIN_ID, STAKING),
  types: manifestEntryTypes,
  primaryType: "ManifestEntry",
  message: { ...unsigned, sequence: 0n },
});
const live = { entry: { ...unsigned, signature }, startedAt: Date.now(), discontinuity: false };
if (!relay.store.hasStream(streamId)) relay.store.addStream(streamId, origin.address);
relay.store.add({ live, bytes, headers: segmentHeaders(live) });
process.stdout.write(
  `${JSON.stringify({ status: relay.status(), streamId, originAddress: origin.address })}\n`,
);
process.once("SIGTERM", () => {
  void relay.stop().then(async () => {
    await coordinator.close();
    process.stdout.write(`${JSON.stringify({ stopped: true })}\n`);
    process.exit(0);
  });
});
