// @vitest-environment jsdom
import { fireEvent, screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { demoChain } from "../test/chainHandlers.ts";
import { connectedWagmiConfig } from "../test/fakeChain.ts";
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

  it("creates a stream and shows the key and RTMP URL for OBS", async () => {
    let sent: unknown;
    const fetch = fakeCoordinatorFetch({
      "GET /v1/streams": { streams: [streamJson] },
      "GET /v1/relays": { relays: [relayJson, { ...relayJson, address: ACCOUNT, streams: [] }] },
      "GET /v1/leaderboard?by=earnings": {
        by: "earnings",
        entries: [{ rank: 1, relay: OTHER, value: "2500000" }],
      },
      "POST /v1/streams": (body: unknown) => (
        (sent = body),
        { status: 201, body: { ...streamJson, name: "New show", streamKey: "sk_test_42" } }
      ),
    });
    const wagmiConfig = await connectedWagmiConfig(demoChain());
    renderWithApp(<StreamerPage />, { wagmiConfig, deployment, fetch });
    fireEvent.change(await screen.findByTestId("stream-name-input"), {
      target: { value: "New show" },
    });
    fireEvent.change(screen.getByTestId("origin-address-input"), { target: { value: OTHER } });
    fireEvent.click(screen.getByTestId("create-stream-button"));
    expect((await screen.findByTestId("stream-key")).textContent).toBe("sk_test_42");
    expect(screen.getByTestId("rtmp-url").textContent).toBe("rtmp://127.0.0.1:1935/live");
    expect(sent).toEqual({ name: "New show", originAddress: OTHER, ownerAddress: ACCOUNT });
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
  });
});
