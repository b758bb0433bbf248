import { describe, expect, it } from "vitest";
import { fakeEnsRpc } from "../../test/fakeEnsRpc.ts";
import { ensClient, lookupEnsIdentity, validAvatar, validName } from "./ensIdentity.ts";

const ALICE = "0x00000000000000000000000000000000000a11ce";
const AVATAR = "data:image/svg+xml;base64,PHN2Zy8+";
let rpc = 0;
/** A client on its own (fake) RPC URL: ensClient caches one client per URL. */
function client(fetch: typeof globalThis.fetch) {
  rpc += 1;
  return ensClient(`https://mainnet-${rpc}.test`, fetch);
}

describe("lookupEnsIdentity", () => {
  it("finds the Ethereum primary name and its avatar", async () => {
    const { fetch } = fakeEnsRpc({
      ethereum: { [ALICE]: "alice.eth" },
      avatars: { "alice.eth": AVATAR },
    });
    expect(await lookupEnsIdentity(client(fetch), ALICE, { preferBase: false })).toEqual({
      name: "alice.eth",
      avatar: AVATAR,
    });
  });

  it("prefers the basename on Base and the ENS name elsewhere", async () => {
    const { fetch } = fakeEnsRpc({
      ethereum: { [ALICE]: "alice.eth" },
      base: { [ALICE]: "alice.base.eth" },
    });
    const c = client(fetch);
    expect((await lookupEnsIdentity(c, ALICE, { preferBase: true })).name).toBe("alice.base.eth");
    expect((await lookupEnsIdentity(c, ALICE, { preferBase: false })).name).toBe("alice.eth");
  });

  it("falls back to the other name, and to none", async () => {
    const { fetch } = fakeEnsRpc({ base: { [ALICE]: "alice.base.eth" } });
    const c = client(fetch);
    expect((await lookupEnsIdentity(c, ALICE, { preferBase: false })).name).toBe("alice.base.eth");
    const nobody = "0x000000000000000000000000000000000000b0b0";
    expect(await lookupEnsIdentity(c, nobody, { preferBase: true })).toEqual({
      name: null,
      avatar: null,
    });
  });

  it("ignores a resolver's unnormalized, nameless or huge names and unsafe avatars", async () => {
    for (const name of ["Alice.ETH", "alice", "a\u200bb.eth", `${"a".repeat(200)}.eth`]) {
      const { fetch } = fakeEnsRpc({ ethereum: { [ALICE]: name } });
      expect(await lookupEnsIdentity(client(fetch), ALICE, { preferBase: false })).toEqual({
        name: null,
        avatar: null,
      });
    }
    for (const avatar of ["data:text/html;base64,PHNjcmlwdD4=", "javascript:alert(1)"]) {
      const { fetch } = fakeEnsRpc({
        ethereum: { [ALICE]: "alice.eth" },
        avatars: { "alice.eth": avatar },
      });
      expect(await lookupEnsIdentity(client(fetch), ALICE, { preferBase: false })).toEqual({
        name: "alice.eth",
        avatar: null,
      });
    }
  });

  it("fails (to be tried again later) when the resolver answers undecodable bytes", async () => {
    const { fetch } = fakeEnsRpc({ garbage: "0x1234" });
    await expect(lookupEnsIdentity(client(fetch), ALICE, { preferBase: false })).rejects.toThrow();
  });
});

describe("validName / validAvatar", () => {
  it("keeps normalized names and safe image URLs only", () => {
    expect(validName("vitalik.eth")).toBe("vitalik.eth");
    expect(validName(42)).toBeNull();
    expect(validName("")).toBeNull();
    expect(validAvatar("https://img.example/a.png")).toBe("https://img.example/a.png");
    expect(validAvatar("http://img.example/a.png")).toBeNull();
    expect(validAvatar("data:image/png;base64,AAAA")).toBe("data:image/png;base64,AAAA");
    expect(validAvatar(`data:image/png;base64,${"A".repeat(70_000)}`)).toBeNull();
    expect(validAvatar("not a url")).toBeNull();
    expect(validAvatar(null)).toBeNull();
  });
});
