import { describe, expect, it } from "vitest";
import { originCommand, relayCommand } from "./commands.ts";

const base = {
  coordinatorUrl: "http://127.0.0.1:8080",
  chainId: 31337,
  stakingAddress: "0xe7f1725e7734ce288f8367e1bb143e90bb3f0512",
};

describe("relayCommand", () => {
  it("passes every setting the relay needs as flags", () => {
    const command = relayCommand({
      ...base,
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
        "--upstream http://origin:8081",
        "--public-url http://me.example:8090",
      ].join(" \\\n  "),
    );
  });
  it("quotes values the shell would split or expand", () => {
    const command = relayCommand({
      ...base,
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
  it("runs the origin mode", () => {
    expect(originCommand({ ...base, keystore: "./origin.json" })).toMatch(
      /^KEYSTORE_PASSWORD=… node node\/src\/cli.ts origin/,
    );
  });
});
