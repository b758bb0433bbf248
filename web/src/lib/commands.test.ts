import { describe, expect, it } from "vitest";
import { authorizeCommand, keygenCommand, originCommand, relayCommand } from "./commands.ts";

const base = {
  coordinatorUrl: "http://127.0.0.1:8080",
  chainId: 31337,
  stakingAddress: "0xe7f1725e7734ce288f8367e1bb143e90bb3f0512",
};

describe("relayCommand", () => {
  it("passes every setting the relay needs as flags", () => {
    const command = relayCommand({
      ...base,
      rpcUrl: "http://127.0.0.1:8545",
      upstream: "http://origin:8081",
      publicUrl: "http://me.example:8090",
      keystore: "./op.json",
    });
    expect(command).toBe(
      [
        "KEYSTORE_PASSWORD=… node node/src/cli.ts relay",
        "--keystore ./op.json",
        "--coordinator http://127.0.0.1:8080",
        "--chain-id 31337",
        "--staking-address 0xe7f1725e7734ce288f8367e1bb143e90bb3f0512",
        "--rpc-url http://127.0.0.1:8545",
        "--upstream http://origin:8081",
        "--public-url http://me.example:8090",
      ].join(" \\\n  "),
    );
  });
  it("quotes values the shell would split or expand", () => {
    const command = relayCommand({
      ...base,
      rpcUrl: "http://127.0.0.1:8545",
      upstream: "http://a b",
      publicUrl: "http://x/$HOME",
      keystore: "it's.json",
    });
    expect(command).toContain("--upstream 'http://a b'");
    expect(command).toContain("--public-url 'http://x/$HOME'");
    expect(command).toContain(`--keystore 'it'\\''s.json'`);
  });
});

describe("originCommand", () => {
  it("runs the origin mode with a data directory for its sequence numbers", () => {
    const command = originCommand({ ...base, keystore: "./origin.json", dataDir: "./my data" });
    expect(command).toMatch(/^KEYSTORE_PASSWORD=… node node\/src\/cli.ts origin/);
    expect(command).toContain("--keystore ./origin.json");
    expect(command).toContain("--data-dir './my data'");
  });
});

describe("keygenCommand", () => {
  it("makes a key in the keystore on the machine that runs the node", () => {
    expect(keygenCommand("./relay-key.json")).toBe(
      "KEYSTORE_PASSWORD=… node node/src/cli.ts keygen --keystore ./relay-key.json",
    );
  });
});

describe("authorizeCommand", () => {
  it("has the relay key sign for the operator's wallet until the deadline", () => {
    expect(
      authorizeCommand({
        keystore: "./relay-key.json",
        operator: "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266",
        deadline: 1_800_000_000,
        chainId: 31337,
        rpcUrl: "http://127.0.0.1:8545",
      }),
    ).toBe(
      [
        "KEYSTORE_PASSWORD=… node node/src/cli.ts authorize",
        "--keystore ./relay-key.json",
        "--operator 0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266",
        "--deadline 1800000000",
        "--chain-id 31337",
        "--rpc-url http://127.0.0.1:8545",
      ].join(" \\\n  "),
    );
  });
});
