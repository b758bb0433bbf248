import { describe, expect, it } from "vitest";
import { swRoute } from "./swRoute.ts";

const origin = "https://app.example";
const precached = new Set(["/", "/manifest.webmanifest", "/icons/icon-192.png"]);
const get = (url: string, mode = "cors") =>
  swRoute({ url, method: "GET", mode }, origin, precached);

describe("swRoute", () => {
  it("never answers for the live stream: playlists and segments go to the network", () => {
    expect(get("https://relay.example:9001/streams/0xabc/index.m3u8")).toBe("network");
    expect(get("https://relay.example:9001/streams/0xabc/12.ts")).toBe("network");
    // even on the app's own origin (a relay behind the same host)
    expect(get(`${origin}/live/0xabc/playlist.m3u8`)).toBe("network");
    expect(get(`${origin}/live/0xabc/seg-4.m4s`)).toBe("network");
  });

  it("never answers for the coordinator's API or the chain RPC", () => {
    expect(get("http://127.0.0.1:8080/v1/streams")).toBe("network");
    expect(get(`${origin}/v1/pools`)).toBe("network");
    expect(
      swRoute({ url: "http://127.0.0.1:8545/", method: "POST", mode: "cors" }, origin, precached),
    ).toBe("network");
  });

  it("serves the shell for page loads and the cache for build files and icons", () => {
    expect(get(`${origin}/`, "navigate")).toBe("shell");
    expect(get(`${origin}/assets/index-abc123.js`)).toBe("static");
    expect(get(`${origin}/icons/icon-192.png`)).toBe("static");
    expect(get(`${origin}/something-else.json`)).toBe("network");
  });
});
