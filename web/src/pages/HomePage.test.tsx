// @vitest-environment jsdom
import { screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { fakeCoordinatorFetch, unreachableFetch } from "../test/fakeCoordinator.ts";
import { STREAM_ID, streamJson } from "../test/fixtures.ts";
import { renderWithApp } from "../test/renderWithApp.tsx";
import { HomePage } from "./HomePage.tsx";

describe("HomePage", () => {
  it("lists streams with a link to watch each", async () => {
    renderWithApp(<HomePage />, {
      fetch: fakeCoordinatorFetch({ "GET /v1/streams": { streams: [streamJson] } }),
    });
    expect(await screen.findByText(streamJson.name)).toBeTruthy();
    expect(screen.getByText("LIVE")).toBeTruthy();
    expect(screen.getByTestId("watch-link").getAttribute("href")).toBe(`#/watch/${STREAM_ID}`);
  });

  it("says clearly when the coordinator is down", async () => {
    renderWithApp(<HomePage />, { fetch: unreachableFetch });
    const alert = await screen.findByTestId("query-error");
    expect(alert.textContent).toBe(
      "Could not load streams: The coordinator at http://coordinator.test is not reachable",
    );
    expect(screen.getByText("Live streams, relayed by supporters")).toBeTruthy();
  });

  it("invites to start a stream when there is none", async () => {
    renderWithApp(<HomePage />, {
      fetch: fakeCoordinatorFetch({ "GET /v1/streams": { streams: [] } }),
    });
    expect((await screen.findByText(/No streams yet/)).textContent).toContain("Start one");
  });
});
