// @vitest-environment jsdom
import { fireEvent, screen, waitFor } from "@testing-library/react";
import { getAddress, recoverTypedDataAddress, type Hex } from "viem";
import { describe, expect, it } from "vitest";
import { coordinatorDomain, linkPoolTypes } from "@streamrp2p/protocol/eip712";
import { demoChain } from "../test/chainHandlers.ts";
import { signingWagmiConfig } from "../test/fakeChain.ts";
import { fakeCoordinatorFetch } from "../test/fakeCoordinator.ts";
import { ACCOUNT, STREAM_ID } from "../test/fixtures.ts";
import { renderWithApp } from "../test/renderWithApp.tsx";
import { StreamPoolLink } from "./StreamPoolLink.tsx";

describe("StreamPoolLink", () => {
  it("links the chosen pool to the stream with the owner's LinkPool signature", async () => {
    let sent: { poolId: string; deadline: number; signature: Hex } | undefined;
    const fetch = fakeCoordinatorFetch({
      [`POST /v1/streams/${STREAM_ID}/pools`]: (body: unknown) => (
        (sent = body as typeof sent),
        { status: 200, body: { streamId: STREAM_ID, poolId: "2" } }
      ),
    });
    const { config, wallet } = await signingWagmiConfig(demoChain());
    renderWithApp(
      <StreamPoolLink streamId={STREAM_ID} linkedPoolId={undefined} ownedPoolIds={[3n, 2n]} />,
      { fetch, wagmiConfig: config },
    );
    fireEvent.change(screen.getByTestId("link-pool-select"), { target: { value: "2" } });
    fireEvent.click(screen.getByTestId("link-pool-button"));
    await waitFor(() => expect(sent?.poolId).toBe("2"));
    expect(wallet.signed.map((t) => t.primaryType)).toEqual(["LinkPool"]);
    expect(sent!.deadline).toBeGreaterThan(Date.now() / 1000);
    expect(
      await recoverTypedDataAddress({
        domain: coordinatorDomain(31337),
        types: linkPoolTypes,
        primaryType: "LinkPool",
        message: { streamId: STREAM_ID, poolId: 2n, deadline: BigInt(sent!.deadline) },
        signature: sent!.signature,
      }),
    ).toBe(getAddress(ACCOUNT));
  });

  it("says the pool was not linked when the owner declines the signature", async () => {
    let posted = false;
    const fetch = fakeCoordinatorFetch({
      [`POST /v1/streams/${STREAM_ID}/pools`]: () => {
        posted = true;
        return { status: 200, body: { streamId: STREAM_ID, poolId: "3" } };
      },
    });
    const { config, wallet } = await signingWagmiConfig(demoChain());
    renderWithApp(
      <StreamPoolLink streamId={STREAM_ID} linkedPoolId={undefined} ownedPoolIds={[3n]} />,
      {
        fetch,
        wagmiConfig: config,
      },
    );
    wallet.declineNextSignature();
    fireEvent.click(screen.getByTestId("link-pool-button"));
    expect((await screen.findByTestId("link-pool-error")).textContent).toBe(
      "You declined the signature; the pool was not linked to the stream",
    );
    expect(posted).toBe(false);
  });

  it("explains why the coordinator refused", async () => {
    const fetch = fakeCoordinatorFetch({
      [`POST /v1/streams/${STREAM_ID}/pools`]: () => ({
        status: 403,
        body: {
          error: {
            code: "POOL_OWNER_MISMATCH",
            message: "pool 3 belongs to 0xabc, not to the stream's owner",
          },
        },
      }),
    });
    const { config } = await signingWagmiConfig(demoChain());
    renderWithApp(<StreamPoolLink streamId={STREAM_ID} linkedPoolId={1n} ownedPoolIds={[3n]} />, {
      fetch,
      wagmiConfig: config,
    });
    expect(screen.getByText("pool #1")).toBeTruthy();
    fireEvent.click(screen.getByTestId("link-pool-button"));
    expect((await screen.findByRole("alert")).textContent).toBe(
      "pool 3 belongs to 0xabc, not to the stream's owner",
    );
  });
});
