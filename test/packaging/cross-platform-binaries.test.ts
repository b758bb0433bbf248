/**
 * The binaries this machine cannot run: `npm run build:node` builds win-x64, darwin-x64 and
 * linux-arm64 from the official Node builds, and the test checks what it can without those
 * systems: each file is the right executable format for its platform, SHA256SUMS verifies, the
 * SEA fuse is flipped (Node then runs the injected script instead of its REPL) and the CLI's
 * bundled source is inside. The linux-x64 binary is run for real in node-binary.test.ts.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { promisify } from "node:util";

const exec = promisify(execFile);
const REPO_ROOT = join(import.meta.dirname, "../..");
const FUSE = "NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2";

let out: string;

before(async () => {
  out = await mkdtemp(join(tmpdir(), "streamrp2p-cross-"));
  await exec(
    process.execPath,
    ["scripts/build/build-node.ts", "--platforms", "win-x64,darwin-x64,linux-arm64", "--out", out],
    { cwd: REPO_ROOT, maxBuffer: 16 << 20 },
  );
});

after(async () => {
  if (out) await rm(out, { recursive: true, force: true });
});

test(
  "win-x64, darwin-x64 and linux-arm64 are built, checksummed and carry the CLI",
  { timeout: 60_000 },
  async () => {
    const { stdout } = await exec("sha256sum", ["-c", "SHA256SUMS"], { cwd: out });
    assert.deepEqual(stdout.trim().split("\n").sort(), [
      "streamrp2p-node-darwin-x64: OK",
      "streamrp2p-node-linux-arm64: OK",
      "streamrp2p-node-win-x64.exe: OK",
    ]);
    const formats: Record<string, (bytes: Buffer) => boolean> = {
      // PE: "MZ", then the "PE\0\0" header at the offset stored at 0x3c; machine 0x8664 (x64).
      "streamrp2p-node-win-x64.exe": (b) =>
        b.toString("latin1", 0, 2) === "MZ" && b.readUInt16LE(b.readUInt32LE(0x3c) + 4) === 0x8664,
      // Mach-O 64-bit little-endian (0xfeedfacf), CPU type x86_64 (0x01000007).
      "streamrp2p-node-darwin-x64": (b) =>
        b.readUInt32LE(0) === 0xfeedfacf && b.readUInt32LE(4) === 0x01000007,
      // ELF 64-bit, machine AArch64 (183).
      "streamrp2p-node-linux-arm64": (b) =>
        b.toString("latin1", 1, 4) === "ELF" && b[4] === 2 && b.readUInt16LE(18) === 183,
    };
    for (const [file, isFormat] of Object.entries(formats)) {
      const bytes = await readFile(join(out, file));
      assert.ok(isFormat(bytes), `${file}: executable format`);
      assert.ok(bytes.includes(`${FUSE}:1`), `${file}: SEA fuse flipped`);
      assert.ok(
        bytes.includes("Pulls a stream from the origin or an upstream relay"),
        `${file}: the bundled CLI is injected`,
      );
    }
  },
);
