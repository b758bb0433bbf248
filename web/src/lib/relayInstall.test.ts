import { describe, expect, it } from "vitest";
import {
  defaultShell,
  detectRelayOs,
  mixedContentReason,
  relayDownload,
  relayShellCommand,
  type RelayArgs,
} from "./relayInstall.ts";

const args: RelayArgs = {
  keystore: "./relay-key.json",
  coordinatorUrl: "https://coordinator.example.org",
  chainId: 84532,
  stakingAddress: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
  rpcUrl: "https://sepolia.base.org",
  upstream: "https://origin.example.org",
  publicUrl: "https://relay.example.org",
};

describe("detectRelayOs", () => {
  it("reads the OS from the user agent", () => {
    expect(detectRelayOs({ userAgent: "Mozilla/5.0 (Windows NT 10.0; Win64; x64)" })).toBe(
      "win-x64",
    );
    expect(detectRelayOs({ userAgent: "Mozilla/5.0 (X11; Linux x86_64)" })).toBe("linux-x64");
    expect(detectRelayOs({ userAgent: "Mozilla/5.0 (X11; Linux aarch64)" })).toBe("linux-arm64");
    expect(detectRelayOs({ userAgent: "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5)" })).toBe(
      "darwin-x64",
    );
    expect(detectRelayOs({ userAgent: "Mozilla/5.0 (Linux; Android 14)" })).toBeUndefined();
  });
});

describe("relayDownload", () => {
  it("names the binary and the package for each OS", () => {
    expect(relayDownload("win-x64").file).toBe("streamrp2p-node-win-x64.exe");
    expect(relayDownload("linux-x64").packageCommand).toBe(
      "sudo dpkg -i streamrp2p-node_0.1.0_amd64.deb",
    );
    expect(relayDownload("darwin-arm64").file).toBe("streamrp2p-node-darwin-x64");
    expect(relayDownload("darwin-arm64").note).toMatch(/Rosetta/);
  });
});

describe("relayShellCommand", () => {
  it("bash: variable before the program, backslash continuations", () => {
    const command = relayShellCommand("bash", "linux-x64", args);
    expect(command.split("\n")[0]).toBe(
      "KEYSTORE_PASSWORD='…' ./streamrp2p-node-linux-x64 relay \\",
    );
    expect(command).toContain("--public-url https://relay.example.org \\\n  --auto-update");
  });
  it("PowerShell: $env: assignment, call operator, backtick continuations", () => {
    const command = relayShellCommand("powershell", "win-x64", args);
    expect(command.split("\n").slice(0, 2)).toEqual([
      "$env:KEYSTORE_PASSWORD = '…'",
      "& .\\streamrp2p-node-win-x64.exe relay `",
    ]);
    expect(command).not.toContain("\\\n");
  });
  it("cmd: set, caret continuations, double quotes", () => {
    const command = relayShellCommand("cmd", "win-x64", {
      ...args,
      keystore: "C:\\my keys\\relay.json",
    });
    expect(command.split("\n").slice(0, 2)).toEqual([
      'set "KEYSTORE_PASSWORD=…"',
      "streamrp2p-node-win-x64.exe relay ^",
    ]);
    expect(command).toContain('--keystore "C:\\my keys\\relay.json" ^');
  });
  it("defaults to PowerShell on Windows, bash elsewhere", () => {
    expect(defaultShell("win-x64")).toBe("powershell");
    expect(defaultShell("darwin-x64")).toBe("bash");
  });
});

describe("mixedContentReason", () => {
  it("explains an http relay seen from an https page, and nothing otherwise", () => {
    expect(mixedContentReason("https:", "http://203.0.113.5:8090")).toMatch(/mixed content/);
    expect(mixedContentReason("https:", "https://relay.example.org")).toBeUndefined();
    expect(mixedContentReason("http:", "http://203.0.113.5:8090")).toBeUndefined();
  });
});
