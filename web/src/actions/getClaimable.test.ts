import { describe, expect, it } from "vitest";
import { fakeWagmiConfig } from "../test/fakeChain.ts";
import { fakeCoordinatorFetch } from "../test/fakeCoordinator.ts";
import { ACCOUNT, REWARD_POOLS, deployment } from "../test/fixtures.ts";
import { getClaimable } from "./getClaimable.ts";
import { createCoordinatorClient } from "@streamrp2p/client";

const sig = `0x${"12".repeat(64)}`;
const attestation = (poolId: number, amount: number) => ({
  poolId: String(poolId),
  account: ACCOUNT,
  cumulativeBytes: "1000",
  cumulativeAmount: String(amount),
  signatures: sig,
  epoch: 1,
});

describe("getClaimable", () => {
  it("subtracts what was claimed and drops pools with nothing left", async () => {
    const coordinator = createCoordinatorClient({
      baseUrl: "http://c.test",
      fetch: fakeCoordinatorFetch({
        [`GET /v1/relays/${ACCOUNT}/attestations`]: {
          attestations: [attestation(1, 500), attestation(2, 300)],
        },
      }),
    });
    const config = fakeWagmiConfig({
      [`${REWARD_POOLS.toLowerCase()}:claimed`]: ([poolId]) =>
        poolId === 1n ? [900n, 200n] : [1000n, 300n],
    });
    const claimable = await getClaimable(config, { coordinator, deployment, account: ACCOUNT });
    expect(claimable).toHaveLength(1);
    expect(claimable[0]).toMatchObject({
      claimed: 200n,
      claimable: 300n,
      attestation: { poolId: 1n, cumulativeAmount: 500n },
    });
  });
});
