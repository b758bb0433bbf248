import { describe, expect, it } from "vitest";
import { matchRoute, routeHref } from "./route.ts";

describe("matchRoute", () => {
  it("maps hashes to pages", () => {
    expect(matchRoute("")).toEqual({ page: "home" });
    expect(matchRoute("#/")).toEqual({ page: "home" });
    expect(matchRoute("#/streamer")).toEqual({ page: "streamer" });
    expect(matchRoute("#/operator/")).toEqual({ page: "operator" });
    expect(matchRoute("#/leaderboard")).toEqual({ page: "leaderboard" });
    expect(matchRoute("#/explore")).toEqual({ page: "explore" });
    expect(matchRoute("#/watch/0xabc")).toEqual({ page: "watch", streamId: "0xabc" });
  });
  it("reports anything else as not found", () => {
    expect(matchRoute("#/nope")).toEqual({ page: "notFound", path: "/nope" });
    expect(matchRoute("#/watch")).toEqual({ page: "notFound", path: "/watch" });
    expect(matchRoute("#/watch/a/b")).toEqual({ page: "notFound", path: "/watch/a/b" });
  });
  it("round-trips with routeHref", () => {
    for (const hash of ["#/", "#/streamer", "#/watch/0xabc", "#/explore"]) {
      expect(routeHref(matchRoute(hash))).toBe(hash);
    }
  });
});
