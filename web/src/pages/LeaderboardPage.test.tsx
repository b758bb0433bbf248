// @vitest-environment jsdom
import { fireEvent, screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { fakeCoordinatorFetch } from "../test/fakeCoordinator.ts";
import { ACCOUNT, OTHER, relayJson } from "../test/fixtures.ts";
import { renderWithApp } from "../test/renderWithApp.tsx";
import { LeaderboardPage } from "./LeaderboardPage.tsx";

const rows = () =>
  Array.from(document.querySelectorAll("[data-testid=leaderboard] tbody tr")).map(
    (tr) => tr.textContent,
  );

describe("LeaderboardPage", () => {
  it("ranks by bytes or earnings from the coordinator", async () => {
    const fetch = fakeCoordinatorFetch({
      "GET /v1/leaderboard?by=bytes&period=all": {
        by: "bytes",
        entries: [{ rank: 1, relay: ACCOUNT, value: "2000000000" }],
      },
      "GET /v1/leaderboard?by=earnings&period=all": {
        by: "earnings",
        entries: [{ rank: 1, relay: OTHER, value: "7000000000000000000" }],
      },
    });
    renderWithApp(<LeaderboardPage />, { fetch });
    await waitFor(() => expect(rows()).toEqual(["10xf39f…22662.00 GB"]));
    fireEvent.click(screen.getByTestId("rank-earnings"));
    // no deployment, so 18 decimals
    await waitFor(() => expect(rows()).toEqual(["10x7099…79c87"]));
    expect(screen.getByTestId("rank-earnings").getAttribute("aria-pressed")).toBe("true");
  });

  it("asks the coordinator for the chosen period and says which closed epochs it covers", async () => {
    const entry = (value: string) => [{ rank: 1, relay: ACCOUNT, value }];
    const coordinator = fakeCoordinatorFetch({
      "GET /v1/leaderboard?by=bytes&period=all": {
        by: "bytes",
        period: "all",
        entries: entry("9000000000"),
      },
      "GET /v1/leaderboard?by=bytes&period=epoch": {
        by: "bytes",
        period: "epoch",
        fromEpoch: 41,
        toEpoch: 41,
        entries: entry("1000000"),
      },
      "GET /v1/leaderboard?by=bytes&period=24h": {
        by: "bytes",
        period: "24h",
        fromEpoch: 18,
        toEpoch: 41,
        entries: entry("5000000"),
      },
      "GET /v1/leaderboard?by=bytes&period=7d": { by: "bytes", period: "7d", entries: [] },
    });
    const periods: (string | null)[] = [];
    const fetch: typeof globalThis.fetch = (input, init) => {
      const url = new URL(
        typeof input === "string" ? input : input instanceof URL ? input.href : input.url,
      );
      if (url.pathname === "/v1/leaderboard") periods.push(url.searchParams.get("period"));
      return coordinator(input, init);
    };
    renderWithApp(<LeaderboardPage />, { fetch });
    await waitFor(() => expect(rows()).toEqual(["10xf39f…22669.00 GB"]));
    expect(screen.getByTestId("period-all").getAttribute("aria-pressed")).toBe("true");
    expect(screen.queryByTestId("leaderboard-coverage")).toBeNull();

    fireEvent.click(screen.getByTestId("period-epoch"));
    await waitFor(() => expect(rows()).toEqual(["10xf39f…22661.00 MB"]));
    expect(screen.getByTestId("leaderboard-coverage").textContent).toBe(
      "Epoch 41, the last closed one.",
    );
    expect(screen.getByTestId("period-epoch").getAttribute("aria-pressed")).toBe("true");
    expect(screen.getByTestId("period-all").getAttribute("aria-pressed")).toBe("false");

    fireEvent.click(screen.getByTestId("period-24h"));
    await waitFor(() => expect(rows()).toEqual(["10xf39f…22665.00 MB"]));
    expect(screen.getByTestId("leaderboard-coverage").textContent).toBe("Closed epochs 18 to 41.");

    fireEvent.click(screen.getByTestId("period-7d"));
    expect(await screen.findByText("Nobody has delivered anything yet.")).toBeTruthy();
    expect(screen.getByTestId("leaderboard-coverage").textContent).toBe(
      "No epoch in this period has closed yet.",
    );
    expect(periods).toEqual(["all", "epoch", "24h", "7d"]);
  });

  it("falls back to live relay counters when the coordinator has no leaderboard", async () => {
    const fetch = fakeCoordinatorFetch({
      "GET /v1/relays": {
        relays: [
          { ...relayJson, bytesServed: 10 },
          { ...relayJson, address: ACCOUNT, bytesServed: 5_000_000 },
        ],
      },
    });
    renderWithApp(<LeaderboardPage />, { fetch });
    expect(await screen.findByText(/no leaderboard yet/)).toBeTruthy();
    await waitFor(() => expect(rows()).toHaveLength(2));
    expect(rows()[0]).toContain("5.00 MB");
  });
});
