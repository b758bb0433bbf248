import { describe, expect, it } from "vitest";
import { fakeCoordinatorFetch } from "../test/fakeCoordinator.ts";
import { ACCOUNT } from "../test/fixtures.ts";
import { createCoordinatorClient, getRelayAttestations } from "@streamrp2p/client";

const client = (routes: Parameters<typeof fakeCoordinatorFetch>[0]) =>
  createCoordinatorClient({ baseUrl: "http://c.test", fetch: fakeCoordinatorFetch(routes) });

describe("getRelayAttestations", () => {
  it("parses the coordinator's decimal strings into bigints", async () => {
    const signatures = `0x${"12".repeat(64)}`;
    const list = await getRelayAttestations(
      client({
        [`GET /v1/relays/${ACCOUNT}/attestations`]: {
          attestations: [
            {
              poolId: "3",
              account: ACCOUNT,
              cumulativeBytes: "1000000000",
              cumulativeAmount: "2500000",
              signatures,
              epoch: 7,
            },
          ],
        },
      }),
      { address: ACCOUNT },
    );
    expect(list).toEqual([
      {
        poolId: 3n,
        account: ACCOUNT,
        cumulativeBytes: 1_000_000_000n,
        cumulativeAmount: 2_500_000n,
        signatures,
        epoch: 7,
      },
    ]);
  });
  it("rejects signatures that are not packed 64-byte compact ones", async () => {
    const route = {
      [`GET /v1/relays/${ACCOUNT}/attestations`]: {
        attestations: [
          {
            poolId: "1",
            account: ACCOUNT,
            cumulativeBytes: "1",
            cumulativeAmount: "1",
            signatures: `0x${"12".repeat(65)}`,
            epoch: 1,
          },
        ],
      },
    };
    await expect(getRelayAttestations(client(route), { address: ACCOUNT })).rejects.toMatchObject({
      code: "BAD_RESPONSE",
    });
  });
});
