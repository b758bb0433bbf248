// @vitest-environment jsdom
import { act, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { App } from "./App.tsx";
import { unreachableFetch } from "./test/fakeCoordinator.ts";
import { renderWithApp } from "./test/renderWithApp.tsx";

const go = (hash: string) =>
  act(() => {
    window.location.hash = hash;
    window.dispatchEvent(new HashChangeEvent("hashchange"));
  });

describe("App", () => {
  afterEach(() => go(""));

  it("renders every page with no wallet, no contracts and the coordinator down", async () => {
    renderWithApp(<App />, { fetch: unreachableFetch });
    expect(screen.getByTestId("connect-button").textContent).toBe("Connect wallet");
    expect(screen.getByTestId("no-deployment")).toBeTruthy();
    expect(await screen.findByTestId("query-error")).toBeTruthy();

    go("#/streamer");
    expect(await screen.findByRole("heading", { name: "Stream" })).toBeTruthy();
    expect(screen.getByText(/Contracts are not deployed on chain 31337/)).toBeTruthy();

    go("#/operator");
    expect(await screen.findByRole("heading", { name: "Relay & earn" })).toBeTruthy();

    go("#/leaderboard");
    expect(await screen.findByRole("heading", { name: "Leaderboard" })).toBeTruthy();
    expect((await screen.findByTestId("query-error")).textContent).toContain("not reachable");

    go("#/explore");
    expect(await screen.findByRole("heading", { name: "Relays" })).toBeTruthy();
    expect(screen.getByText(/no pools to show/)).toBeTruthy();

    go("#/watch/not-a-stream");
    expect(await screen.findByRole("heading", { name: "Unknown stream" })).toBeTruthy();

    go("#/somewhere");
    expect(await screen.findByRole("heading", { name: "Page not found" })).toBeTruthy();
  });

  it("marks the current page in the navigation", async () => {
    go("#/leaderboard");
    renderWithApp(<App />, { fetch: unreachableFetch });
    expect(screen.getByTestId("nav-leaderboard").getAttribute("aria-current")).toBe("page");
    expect(screen.getByTestId("nav-home").getAttribute("aria-current")).toBeNull();
  });
});
