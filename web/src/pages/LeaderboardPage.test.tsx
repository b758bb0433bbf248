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
      "GET /v1/leaderboard?by=bytes": {
        by: "bytes",
        entries: [{ rank: 1, relay: ACCOUNT, value: "2000000000" }],
      },
      "GET /v1/leaderboard?by=earnings": {
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
