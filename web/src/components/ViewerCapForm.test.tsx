// @vitest-environment jsdom
import { fireEvent, screen, waitFor } from "@testing-library/react";
import { getAddress, recoverTypedDataAddress, type Hex } from "viem";
import { describe, expect, it } from "vitest";
import { coordinatorDomain, setViewerCapTypes } from "@streamrp2p/protocol/eip712";
import { demoChain } from "../test/chainHandlers.ts";
import { signingWagmiConfig } from "../test/fakeChain.ts";
import { fakeCoordinatorFetch } from "../test/fakeCoordinator.ts";
import { ACCOUNT } from "../test/fixtures.ts";
import { renderWithApp } from "../test/renderWithApp.tsx";
import { ViewerCapForm } from "./ViewerCapForm.tsx";

describe("ViewerCapForm", () => {
  it("shows the pool's cap and sets a new one with the owner's SetViewerCap signature", async () => {
    let sent: { maxViewers: number; nonce: number; deadline: number; signature: Hex } | undefined;
    const fetch = fakeCoordinatorFetch({
      "POST /v1/pools/3/viewer-cap": (body: unknown) => (
        (sent = body as typeof sent),
        { status: 200, body: { poolId: "3", maxViewers: sent!.maxViewers, nonce: sent!.nonce } }
      ),
    });
    const { config, wallet } = await signingWagmiConfig(demoChain());
    renderWithApp(<ViewerCapForm poolId={3n} maxViewers={0} />, { fetch, wagmiConfig: config });
    expect(screen.getByTestId("viewer-cap-current").textContent).toBe(
      "Paid viewers per epoch: no limit",
    );
    fireEvent.change(screen.getByTestId("viewer-cap-input"), { target: { value: "abc" } });
    expect(screen.getByTestId("viewer-cap-button")).toHaveProperty("disabled", true);
    fireEvent.change(screen.getByTestId("viewer-cap-input"), { target: { value: "25" } });
    fireEvent.click(screen.getByTestId("viewer-cap-button"));
    await waitFor(() => expect(sent?.maxViewers).toBe(25));
    expect(wallet.signed.map((t) => t.primaryType)).toEqual(["SetViewerCap"]);
    expect(
      await recoverTypedDataAddress({
        domain: coordinatorDomain(31337),
        types: setViewerCapTypes,
        primaryType: "SetViewerCap",
        message: {
          poolId: 3n,
          maxViewers: 25,
          nonce: BigInt(sent!.nonce),
          deadline: BigInt(sent!.deadline),
        },
        signature: sent!.signature,
      }),
    ).toBe(getAddress(ACCOUNT));
  });

  it("explains why the coordinator refused", async () => {
    const fetch = fakeCoordinatorFetch({
      "POST /v1/pools/3/viewer-cap": () => ({
        status: 409,
        body: { error: { code: "NONCE_USED", message: "nonce 5 is not above the last one" } },
      }),
    });
    const { config } = await signingWagmiConfig(demoChain());
    renderWithApp(<ViewerCapForm poolId={3n} maxViewers={4} />, { fetch, wagmiConfig: config });
    expect(screen.getByTestId("viewer-cap-current").textContent).toBe("Paid viewers per epoch: 4");
    fireEvent.change(screen.getByTestId("viewer-cap-input"), { target: { value: "2" } });
    fireEvent.click(screen.getByTestId("viewer-cap-button"));
    expect((await screen.findByTestId("viewer-cap-error")).textContent).toMatch(
      /nonce 5 is not above/,
    );
  });
});
