/**
 * The relay wizard per operating system: which download fits the visitor's machine, and the
 * relay command in bash, PowerShell and cmd (each shell quotes, sets variables and continues
 * lines differently). Pure functions, tested in relayInstall.test.ts.
 */

export type RelayOs = "linux-x64" | "linux-arm64" | "win-x64" | "darwin-x64" | "darwin-arm64";
export type Shell = "bash" | "powershell" | "cmd";

export interface RelayDownload {
  os: RelayOs;
  label: string;
  /** The single-file binary (npm run build:node names). */
  file: string;
  /** A package-manager alternative, when there is one. */
  packageCommand?: string;
  note?: string;
}

const NPM_COMMAND = "npx @streamrp2p/node relay --help";

/** The visitor's OS from navigator data; undefined when it cannot tell (then all are listed). */
export function detectRelayOs(nav: { userAgent: string; platform?: string }): RelayOs | undefined {
  const ua = `${nav.userAgent} ${nav.platform ?? ""}`;
  if (/Windows/i.test(ua)) return "win-x64";
  if (/Mac OS X|Macintosh|MacIntel/i.test(ua))
    return /arm64|aarch64/i.test(ua) ? "darwin-arm64" : "darwin-x64";
  if (/Android/i.test(ua)) return undefined;
  if (/aarch64|arm64|armv8/i.test(ua)) return "linux-arm64";
  if (/Linux|X11/i.test(ua)) return "linux-x64";
  return undefined;
}

export function relayDownload(os: RelayOs): RelayDownload {
  switch (os) {
    case "linux-x64":
      return {
        os,
        label: "Linux x86-64",
        file: "streamrp2p-node-linux-x64",
        packageCommand: "sudo dpkg -i streamrp2p-node_0.1.0_amd64.deb",
      };
    case "linux-arm64":
      return {
        os,
        label: "Linux ARM64 (Raspberry Pi 4/5)",
        file: "streamrp2p-node-linux-arm64",
        packageCommand: "sudo dpkg -i streamrp2p-node_0.1.0_arm64.deb",
      };
    case "win-x64":
      return { os, label: "Windows x64", file: "streamrp2p-node-win-x64.exe" };
    case "darwin-x64":
      return {
        os,
        label: "macOS (Intel)",
        file: "streamrp2p-node-darwin-x64",
        note: "then: codesign --force --sign - streamrp2p-node-darwin-x64",
      };
    case "darwin-arm64":
      return {
        os,
        label: "macOS (Apple silicon)",
        file: "streamrp2p-node-darwin-x64",
        packageCommand: NPM_COMMAND,
        note: "no native Apple-silicon build: run the Intel binary under Rosetta 2, or the npm package with Node 22.13+",
      };
  }
}

export interface RelayArgs {
  keystore: string;
  coordinatorUrl: string;
  chainId: number;
  stakingAddress: string;
  rpcUrl: string;
  upstream: string;
  publicUrl: string;
}

const FLAGS = (a: RelayArgs): [string, string][] => [
  ["--keystore", a.keystore],
  ["--coordinator", a.coordinatorUrl],
  ["--chain-id", String(a.chainId)],
  ["--staking-address", a.stakingAddress],
  ["--rpc-url", a.rpcUrl],
  ["--upstream", a.upstream],
  ["--public-url", a.publicUrl],
];

const plain = /^[\w@%+=:,./\\-]+$/;
const quoteFor: Record<Shell, (v: string) => string> = {
  bash: (v) => (plain.test(v) ? v : `'${v.replace(/'/g, `'\\''`)}'`),
  powershell: (v) => (plain.test(v) ? v : `'${v.replace(/'/g, "''")}'`),
  cmd: (v) => (plain.test(v) ? v : `"${v.replace(/"/g, '""')}"`),
};

/**
 * The relay command for `shell`, running the binary for `os` from the current directory with
 * --auto-update (signed releases, rollback if unhealthy); the keystore password is typed in.
 */
export function relayShellCommand(shell: Shell, os: RelayOs, args: RelayArgs): string {
  const file = relayDownload(os).file;
  const q = quoteFor[shell];
  const flags = [...FLAGS(args).map(([flag, value]) => `${flag} ${q(value)}`), "--auto-update"];
  switch (shell) {
    case "bash":
      return [`KEYSTORE_PASSWORD='…' ./${file} relay`, ...flags].join(" \\\n  ");
    case "powershell":
      return [`$env:KEYSTORE_PASSWORD = '…'`, [`& .\\${file} relay`, ...flags].join(" `\n  ")].join(
        "\n",
      );
    case "cmd":
      return [`set "KEYSTORE_PASSWORD=…"`, [`${file} relay`, ...flags].join(" ^\n  ")].join("\n");
  }
}

/** The shell a visitor on `os` most likely uses. */
export function defaultShell(os: RelayOs | undefined): Shell {
  return os === "win-x64" ? "powershell" : "bash";
}

/**
 * Why this page cannot fetch the relay's /status, when the reason is mixed content: a page
 * served over HTTPS may not fetch plain-HTTP URLs (loopback excepted in most browsers).
 */
export function mixedContentReason(pageProtocol: string, relayUrl: string): string | undefined {
  if (pageProtocol !== "https:") return undefined;
  let url: URL;
  try {
    url = new URL(relayUrl);
  } catch {
    return undefined;
  }
  if (url.protocol !== "http:") return undefined;
  return `This page is served over HTTPS and your relay's URL (${relayUrl}) is plain HTTP, so the browser blocks the request (mixed content) and viewers' players would too. Serve the relay over HTTPS: --tls-cert/--tls-key, or an HTTPS reverse proxy, and give its https:// URL as --public-url.`;
}
