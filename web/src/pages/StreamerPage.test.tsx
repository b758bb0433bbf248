// @vitest-environment jsdom
import { fireEvent, screen, waitFor } from "@testing-library/react";
import { getAddress, recoverTypedDataAddress, type Hex } from "viem";
import { describe, expect, it } from "vitest";
import { coordinatorDomain, createStreamTypes } from "@streamrp2p/protocol/eip712";
import { streamIdOf } from "@streamrp2p/protocol/stream-id";
import { loadStreamSalt } from "../lib/streamSalts.ts";
import { demoChain } from "../test/chainHandlers.ts";
import { signingWagmiConfig } from "../test/fakeChain.ts";
import { fakeCoordinatorFetch } from "../test/fakeCoordinator.ts";
import { ACCOUNT, OTHER, deployment, relayJson, streamJson } from "../test/fixtures.ts";
import { renderWithApp } from "../test/renderWithApp.tsx";
import { StreamerPage } from "./StreamerPage.tsx";

describe("StreamerPage", () => {
  it("asks for a wallet first", async () => {
    renderWithApp(<StreamerPage />, { deployment });
    expect((await screen.findByTestId("wallet-required")).textContent).toContain(
      "Connect a wallet to create streams and pools.",
    );
    expect(screen.getByTestId("gate-connect-button")).toBeTruthy();
  });

  it("creates a stream with the wallet's signature, shows the key for OBS and registers it on-chain with the same salt", async () => {
    let sent: Record<string, unknown> | undefined;
    const fetch = fakeCoordinatorFetch({
      "GET /v1/streams": { streams: [streamJson] },
      "GET /v1/relays": { relays: [relayJson, { ...relayJson, address: ACCOUNT, streams: [] }] },
      "GET /v1/leaderboard?by=earnings&period=all": {
        by: "earnings",
        entries: [{ rank: 1, relay: OTHER, value: "2500000" }],
      },
      "POST /v1/streams": (body: unknown) => {
        sent = body as Record<string, unknown>;
        const streamId = streamIdOf(ACCOUNT, sent["salt"] as Hex);
        return {
          status: 201,
          body: { ...streamJson, streamId, name: "New show", streamKey: "sk_test_42" },
        };
      },
    });
    const { config, wallet } = await signingWagmiConfig(demoChain());
    renderWithApp(<StreamerPage />, { wagmiConfig: config, deployment, fetch });
    fireEvent.change(await screen.findByTestId("stream-name-input"), {
      target: { value: "  New show " },
    });
    fireEvent.change(screen.getByTestId("origin-address-input"), { target: { value: OTHER } });
    fireEvent.click(screen.getByTestId("create-stream-button"));
    expect((await screen.findByTestId("stream-key")).textContent).toBe("sk_test_42");
    expect(screen.getByTestId("rtmp-url").textContent).toBe("rtmp://127.0.0.1:1935/live");

    // the wallet signed CreateStream over exactly what the coordinator received
    expect(wallet.signed.map((t) => t.primaryType)).toEqual(["CreateStream"]);
    expect(sent).toMatchObject({ name: "New show", originAddress: OTHER, owner: ACCOUNT });
    const signature = sent?.["ownerSignature"] as Hex;
    expect(
      await recoverTypedDataAddress({
        domain: coordinatorDomain(31337),
        types: createStreamTypes,
        primaryType: "CreateStream",
        message: {
          owner: ACCOUNT,
          salt: sent?.["salt"] as Hex,
          originAddress: OTHER,
          name: "New show",
          maxBitrate: BigInt(sent?.["maxBitrate"] as number),
          deadline: BigInt(sent?.["deadline"] as number),
        },
        signature,
      }),
    ).toBe(getAddress(ACCOUNT));
    expect(screen.getByTestId("step-sign").dataset["state"]).toBe("done");
    expect(screen.getByTestId("step-coordinator").dataset["state"]).toBe("done");

    // then the on-chain registration with the same salt; this fake chain mines nothing, so it
    // fails, and the salt stays in this browser for a retry
    const salt = sent?.["salt"] as Hex;
    const streamId = streamIdOf(ACCOUNT, salt);
    await waitFor(() =>
      expect(screen.getByTestId("step-register").dataset["state"]).toBe("failed"),
    );
    expect(screen.getByTestId("retry-register-button")).toBeTruthy();
    expect(loadStreamSalt(localStorage, { chainId: 31337, owner: ACCOUNT, streamId })).toBe(salt);

    // the streamer's own stream, the relays carrying it, and the pool they own
    expect((await screen.findByTestId("my-streams")).textContent).toContain(streamJson.name);
    await waitFor(() =>
      expect(screen.getByTestId("supporter-relays").querySelectorAll("tbody tr")).toHaveLength(1),
    );
    await waitFor(() =>
      expect(screen.getByTestId("supporter-relays").textContent).toContain("2.5 TST"),
    );
    // the fake chain has no PoolCreated logs: this wallet owns no pool to pay the stream from yet
    expect(screen.getByTestId("my-streams").textContent).toContain("Create a pool first");
    // a stream created elsewhere (no salt here) cannot be registered from this browser
    expect(screen.getByTestId("my-streams").textContent).toContain("not registered");
  });

  it("says nothing was created when the streamer declines the signature", async () => {
    let posted = false;
    const fetch = fakeCoordinatorFetch({
      "GET /v1/streams": { streams: [] },
      "GET /v1/relays": { relays: [] },
      "POST /v1/streams": () => {
        posted = true;
        return { status: 201, body: {} };
      },
    });
    const { config, wallet } = await signingWagmiConfig(demoChain());
    renderWithApp(<StreamerPage />, { wagmiConfig: config, deployment, fetch });
    fireEvent.change(await screen.findByTestId("stream-name-input"), {
      target: { value: "Declined" },
    });
    fireEvent.change(screen.getByTestId("origin-address-input"), { target: { value: OTHER } });
    wallet.declineNextSignature();
    fireEvent.click(screen.getByTestId("create-stream-button"));
    expect((await screen.findByTestId("create-stream-error")).textContent).toBe(
      "You declined the signature; nothing was created",
    );
    expect(screen.getByTestId("step-sign").dataset["state"]).toBe("failed");
    expect(posted).toBe(false);
    expect(wallet.signed).toEqual([]);
  });

  it("refuses an origin address that is not one before asking the wallet", async () => {
    const { config, wallet } = await signingWagmiConfig(demoChain());
    renderWithApp(<StreamerPage />, {
      wagmiConfig: config,
      deployment,
      fetch: fakeCoordinatorFetch({ "GET /v1/streams": { streams: [] } }),
    });
    fireEvent.change(await screen.findByTestId("origin-address-input"), {
      target: { value: "0x1234" },
    });
    expect(screen.getByRole("alert").textContent).toContain("Not an address");
    expect((screen.getByTestId("create-stream-button") as HTMLButtonElement).disabled).toBe(true);
    expect(wallet.signed).toEqual([]);
  });

  it("defaults the pool's notice period to the contract's minimum and refuses a shorter one", async () => {
    const { config } = await signingWagmiConfig(demoChain({ minNoticePeriod: 120 }));
    renderWithApp(<StreamerPage />, {
      wagmiConfig: config,
      deployment,
      fetch: fakeCoordinatorFetch({ "GET /v1/streams": { streams: [] } }),
    });
    const notice = (await screen.findByTestId("pool-notice-input")) as HTMLInputElement;
    await waitFor(() => expect(notice.value).toBe("2"));
    expect((screen.getByTestId("pool-notice-unit") as HTMLSelectElement).value).toBe("60");
    await waitFor(() =>
      expect((screen.getByTestId("create-pool-button") as HTMLButtonElement).disabled).toBe(false),
    );
    fireEvent.change(notice, { target: { value: "1" } });
    expect(
      screen.getByText("At least 2 minutes: the contract's minimum notice period"),
    ).toBeTruthy();
    expect((screen.getByTestId("create-pool-button") as HTMLButtonElement).disabled).toBe(true);
  });
});
