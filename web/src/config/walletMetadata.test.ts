import { describe, expect, it } from "vitest";
import { walletConnectMetadata } from "./walletMetadata.ts";

describe("walletConnectMetadata", () => {
  it("names the app and points its icons at the installed PWA icons of this origin", () => {
    const metadata = walletConnectMetadata("https://watch.example");
    expect(metadata.name).toBe("StreamrP2P");
    expect(metadata.url).toBe("https://watch.example");
    expect(metadata.icons).toEqual([
      "https://watch.example/icons/icon-192.png",
      "https://watch.example/icons/icon-512.png",
    ]);
  });
});
