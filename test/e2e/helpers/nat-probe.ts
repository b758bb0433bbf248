/**
 * Runs inside the NAT test's "internet" namespace: the coordinator's probe (probeRelay) of each
 * URL in argv[2] (JSON: urls, relay address, stream, origin key); prints the results as JSON.
 */
import { relayStakingDomain } from "@streamrp2p/protocol/eip712";
import { probeRelay } from "../../../coordinator/src/relays/probe-relay.ts";

const input = JSON.parse(process.argv[2]!) as {
  urls: string[];
  address: `0x${string}`;
  streamId: `0x${string}`;
  originAddress: `0x${string}`;
};
const results = [];
for (const url of input.urls)
  results.push(
    await probeRelay(
      {
        fetch: globalThis.fetch,
        now: Date.now,
        domain: relayStakingDomain(31337, "0x5FbDB2315678afecb367f032d93F642f64180aa3"),
        timeoutMs: 5000,
        originOf: async () => input.originAddress,
      },
      { address: input.address, url, streams: [input.streamId] },
    ),
  );
process.stdout.write(`${JSON.stringify(results)}\n`);
