// @vitest-environment jsdom
import { screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { fakeCoordinatorFetch } from "../test/fakeCoordinator.ts";
import { STREAM_ID, relayJson, streamJson } from "../test/fixtures.ts";
import { renderWithApp } from "../test/renderWithApp.tsx";
import { WatchPage } from "./WatchPage.tsx";

describe("WatchPage", () => {
  it("shows the stream, the player and why it cannot verify without contracts", async () => {
    renderWithApp(<WatchPage streamId={STREAM_ID} />, {
      fetch: fakeCoordinatorFetch({
        [`GET /v1/streams/${STREAM_ID}`]: { ...streamJson, relays: [relayJson], viewers: 2 },
      }),
    });
    expect(await screen.findByRole("heading", { name: streamJson.name })).toBeTruthy();
    expect(screen.getByTestId("player-video").tagName).toBe("VIDEO");
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
