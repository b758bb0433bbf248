/** Shell commands the app asks people to run: built here so they are tested in one place. */

export interface NodeCommandOptions {
  readonly coordinatorUrl: string;
  readonly chainId: number;
  readonly stakingAddress: string;
}

const quote = (value: string) =>
  /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;

/** The relay node, run from a checkout of the repository, with the operator's keystore. */
export function relayCommand(
  options: NodeCommandOptions & { upstream: string; publicUrl: string; keystore: string },
): string {
  return [
    "KEYSTORE_PASSWORD=… node node/src/cli.ts relay",
    `--keystore ${quote(options.keystore)}`,
    `--coordinator ${quote(options.coordinatorUrl)}`,
    `--chain-id ${options.chainId}`,
    `--staking-address ${quote(options.stakingAddress)}`,
    `--upstream ${quote(options.upstream)}`,
    `--public-url ${quote(options.publicUrl)}`,
  ].join(" \\\n  ");
}

/** The origin node: RTMP in, signed HLS out, with the stream's origin key. */
export function originCommand(options: NodeCommandOptions & { keystore: string }): string {
  return [
    "KEYSTORE_PASSWORD=… node node/src/cli.ts origin",
    `--keystore ${quote(options.keystore)}`,
    `--coordinator ${quote(options.coordinatorUrl)}`,
    `--chain-id ${options.chainId}`,
    `--staking-address ${quote(options.stakingAddress)}`,
  ].join(" \\\n  ");
}
