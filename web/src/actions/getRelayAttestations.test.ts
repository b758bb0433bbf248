import { describe, expect, it } from "vitest";
import { createCoordinatorClient } from "../lib/coordinatorClient.ts";
import { fakeCoordinatorFetch } from "../test/fakeCoordinator.ts";
import { ACCOUNT } from "../test/fixtures.ts";
import { getRelayAttestations } from "./getRelayAttestations.ts";

describe("getRelayAttestations", () => {
  it("parses decimal strings into bigints and keeps signatures in order", async () => {
    const sig = `0x${"12".repeat(65)}`;
    const fetch = fakeCoordinatorFetch({
      [`GET /v1/relays/${ACCOUNT}/attestations`]: {
        attestations: [
          {
            poolId: "3",
            account: ACCOUNT.toUpperCase().replace("0X", "0x"),
            cumulativeBytes: "1000000000",
            cumulativeAmount: "2500000",
            signatures: [sig],
          },
        ],
      },
    });
    const list = await getRelayAttestations(
      createCoordinatorClient({ baseUrl: "http://c.test", fetch }),
      { address: ACCOUNT },
    );
    expect(list).toEqual([
      {
        poolId: 3n,
        account: ACCOUNT,
        cumulativeBytes: 1_000_000_000n,
        cumulativeAmount: 2_500_000n,
        signatures: [sig],
      },
    ]);
  });
  it("rejects an attestation without signatures", async () => {
    const fetch = fakeCoordinatorFetch({
      [`GET /v1/relays/${ACCOUNT}/attestations`]: [
        {
          poolId: "1",
          account: ACCOUNT,
          cumulativeBytes: "1",
          cumulativeAmount: "1",
          signatures: [],
        },
      ],
    });
    await expect(
      getRelayAttestations(createCoordinatorClient({ baseUrl: "http://c.test", fetch }), {
        address: ACCOUNT,
      }),
    ).rejects.toMatchObject({ code: "BAD_RESPONSE" });
  });
});
