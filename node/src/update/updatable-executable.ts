/** Which file auto-update may replace, or why it cannot run here. */
import type { ReleasePlatform } from "@streamrp2p/protocol/release-manifest";

/**
 * TEST ONLY: the file to swap and re-execute instead of the single-file binary, so tests run
 * the update on a stand-in executable (a script that starts the CLI from the checkout).
 */
export const TEST_UPDATE_EXECUTABLE_ENV = "STREAMRP2P_TEST_UPDATE_EXECUTABLE";

export interface ExecutableFacts {
  /** node:sea isSea(): running as the single-file binary. */
  isSea: boolean;
  execPath: string;
  platform: NodeJS.Platform;
  arch: string;
  /** process.execve exists (Node >= 23.11 on POSIX). */
  hasExecve: boolean;
  env: NodeJS.ProcessEnv;
}

export type UpdatableExecutable =
  | { ok: true; executable: string; platform: ReleasePlatform; testOnly: boolean }
  | { ok: false; reason: string };

export function releasePlatformOf(platform: string, arch: string): ReleasePlatform | undefined {
  const name = `${platform === "win32" ? "win" : platform}-${arch}`;
  return name === "linux-x64" ||
    name === "linux-arm64" ||
    name === "win-x64" ||
    name === "darwin-x64"
    ? name
    : undefined;
}

export function updatableExecutable(facts: ExecutableFacts): UpdatableExecutable {
  const platform = releasePlatformOf(facts.platform, facts.arch);
  if (!platform)
    return { ok: false, reason: `no release is built for ${facts.platform}-${facts.arch}` };
  if (!facts.hasExecve || facts.platform === "win32")
    return {
      ok: false,
      reason:
        "this platform cannot re-execute a process in place (Windows): replace the binary yourself",
    };
  const testExecutable = facts.env[TEST_UPDATE_EXECUTABLE_ENV];
  if (testExecutable) return { ok: true, executable: testExecutable, platform, testOnly: true };
  if (!facts.isSea)
    return {
      ok: false,
      reason:
        "auto-update replaces the single-file binary; this is the npm package or a checkout (update it with npm or git)",
    };
  return { ok: true, executable: facts.execPath, platform, testOnly: false };
}
