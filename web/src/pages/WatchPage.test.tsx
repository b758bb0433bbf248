// @vitest-environment jsdom
import { screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { fakeCoordinatorFetch } from "../test/fakeCoordinator.ts";
import { STREAM_ID, relayJson, streamJson } from "../test/fixtures.ts";
import { renderWithApp } from "../test/renderWithApp.tsx";
import { WatchPage } from "./WatchPage.tsx";

describe("WatchPage", () => {
  it("shows the stream, why this browser cannot play it, and why it cannot verify without contracts", async () => {
    renderWithApp(<WatchPage streamId={STREAM_ID} />, {
      fetch: fakeCoordinatorFetch({
        [`GET /v1/streams/${STREAM_ID}`]: { ...streamJson, relays: [relayJson], viewers: 2 },
      }),
    });
    expect(await screen.findByRole("heading", { name: streamJson.name })).toBeTruthy();
    // jsdom has no Media Source Extensions: the page says so instead of a black player
    expect(screen.getByTestId("player-unsupported").textContent).toContain("iOS 17.1");
    expect(screen.queryByTestId("player-video")).toBeNull();
    expect((await screen.findByTestId("watch-error")).textContent).toContain(
      "segments cannot be verified",
    );
    expect(screen.getByTestId("delivery-panel").textContent).toContain(
      "Waiting for the first verified segment",
    );
  });

  it("rejects ids that are not stream ids", () => {
    renderWithApp(<WatchPage streamId="../../etc" />);
    expect(screen.getByRole("heading", { name: "Unknown stream" })).toBeTruthy();
  });
});
