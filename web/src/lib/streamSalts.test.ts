import { describe, expect, it } from "vitest";
import { streamIdOf } from "@streamrp2p/protocol/stream-id";
import { loadStreamSalt, saveStreamSalt, type SaltStorage } from "./streamSalts.ts";

const owner = "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266";
const other = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8";
const salt = `0x${"07".repeat(32)}` as const;
const streamId = streamIdOf(owner, salt);

function memoryStorage(): SaltStorage & { items: Map<string, string> } {
  const items = new Map<string, string>();
  return {
    items,
    getItem: (k) => items.get(k) ?? null,
    setItem: (k, v) => void items.set(k, v),
  };
}

describe("stream salts", () => {
  it("keeps a stream's salt per chain and gives it back for its owner", () => {
    const storage = memoryStorage();
    saveStreamSalt(storage, { chainId: 31337, streamId, salt });
    expect(loadStreamSalt(storage, { chainId: 31337, owner, streamId })).toBe(salt);
    expect(loadStreamSalt(storage, { chainId: 1, owner, streamId })).toBeUndefined();
  });
  it("gives nothing back for a salt that does not make this owner's stream id", () => {
    const storage = memoryStorage();
    saveStreamSalt(storage, { chainId: 31337, streamId, salt });
    expect(loadStreamSalt(storage, { chainId: 31337, owner: other, streamId })).toBeUndefined();
    storage.items.set([...storage.items.keys()][0]!, "0x1234");
    expect(loadStreamSalt(storage, { chainId: 31337, owner, streamId })).toBeUndefined();
  });
  it("works without storage, or with storage that throws", () => {
    const broken: SaltStorage = {
      getItem: () => {
        throw new Error("denied");
      },
      setItem: () => {
        throw new Error("quota");
      },
    };
    expect(() => saveStreamSalt(broken, { chainId: 31337, streamId, salt })).not.toThrow();
    expect(loadStreamSalt(broken, { chainId: 31337, owner, streamId })).toBeUndefined();
    expect(loadStreamSalt(undefined, { chainId: 31337, owner, streamId })).toBeUndefined();
  });
});
