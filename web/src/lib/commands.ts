/** Shell commands the app asks people to run: built here so they are tested in one place. */

export interface NodeCommandOptions {
  readonly coordinatorUrl: string;
  readonly chainId: number;
  readonly stakingAddress: string;
}

const CLI = "node node/src/cli.ts";

const quote = (value: string) =>
  /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;

/** Makes a new key in an encrypted keystore on the machine that will use it; prints its address. */
export function keygenCommand(keystore: string): string {
  return `KEYSTORE_PASSWORD=… ${CLI} keygen --keystore ${quote(keystore)}`;
}

/**
 * On the relay machine: the relay key signs its consent to act for `operator` (the wallet)
 * until `deadline` (unix seconds); prints the JSON the operator page takes.
 */
export function authorizeCommand(options: {
  readonly keystore: string;
  readonly operator: string;
  readonly deadline: number;
  readonly chainId: number;
  readonly rpcUrl: string;
}): string {
  return [
    `KEYSTORE_PASSWORD=… ${CLI} authorize`,
    `--keystore ${quote(options.keystore)}`,
    `--operator ${quote(options.operator)}`,
    `--deadline ${options.deadline}`,
    `--chain-id ${options.chainId}`,
    `--rpc-url ${quote(options.rpcUrl)}`,
  ].join(" \\\n  ");
}

/** The relay node, run from a checkout of the repository, with the relay (hot) key's keystore. */
export function relayCommand(
  options: NodeCommandOptions & {
    upstream: string;
    publicUrl: string;
    keystore: string;
    rpcUrl: string;
  },
): string {
  return [
    `KEYSTORE_PASSWORD=… ${CLI} relay`,
    `--keystore ${quote(options.keystore)}`,
    `--coordinator ${quote(options.coordinatorUrl)}`,
    `--chain-id ${options.chainId}`,
    `--staking-address ${quote(options.stakingAddress)}`,
    `--rpc-url ${quote(options.rpcUrl)}`,
    `--upstream ${quote(options.upstream)}`,
    `--public-url ${quote(options.publicUrl)}`,
  ].join(" \\\n  ");
}

/**
 * The origin node: RTMP in, signed HLS out, with the stream's origin key; `dataDir` keeps its
 * next sequence number across restarts (so it never signs two segments for one number).
 */
export function originCommand(
  options: NodeCommandOptions & { keystore: string; dataDir: string },
): string {
  return [
    `KEYSTORE_PASSWORD=… ${CLI} origin`,
    `--keystore ${quote(options.keystore)}`,
    `--coordinator ${quote(options.coordinatorUrl)}`,
    `--chain-id ${options.chainId}`,
    `--staking-address ${quote(options.stakingAddress)}`,
    `--data-dir ${quote(options.dataDir)}`,
  ].join(" \\\n  ");
}
