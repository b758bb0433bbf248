/**
 * Deploys the contracts with Hardhat Ignition and writes deployments/<chainId>.json (addresses,
 * ABIs, EIP-712 domains, deploy block) and the generated module deployments/index.ts.
 *
 *   node scripts/deploy/deploy.ts [--network localhost] [--attestor ADDRESS ...] [--threshold K]
 *                                 [--stake-token ADDRESS] [--parameters FILE] [--no-write]
 */
import { rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { artifacts, network } from "hardhat";
import { chainFor } from "@streamrp2p/client";
import { REWARD_POOLS_DOMAIN, RELAY_STAKING_DOMAIN } from "@streamrp2p/protocol";
import { StreamrP2PLocalModule, StreamrP2PModule } from "./ignition/modules/StreamrP2P.ts";
import { DEPLOYMENTS_DIR, writeModule } from "./generate-module.ts";
import type { DeploymentFile } from "./deployment-file.ts";

export interface DeployOptions {
  /** A network name from hardhat.config.ts. */
  network: string;
  attestors?: string[];
  threshold?: number;
  /** An existing ERC-20 to stake; without it a TestToken is deployed. */
  stakeToken?: string;
  /** Extra Ignition parameters (see the module's header). */
  parameters?: Record<string, unknown>;
  /** Write deployments/<chainId>.json and index.ts (default true). */
  write?: boolean;
}

async function abiOf(name: string) {
  return (await artifacts.readArtifact(name)).abi as unknown as Record<string, unknown>[];
}

export async function deploy(options: DeployOptions): Promise<DeploymentFile> {
  const connection = await network.connect({ network: options.network });
  const { ignition, ethers } = connection;
  const chainId = Number((await ethers.provider.getNetwork()).chainId);
  const deployBlock = (await ethers.provider.getBlockNumber()) + 1;
  // A local chain restarts from genesis: the journal of an earlier run would not match it.
  if (chainId === 31337) {
    rmSync(path.resolve(import.meta.dirname, "ignition/deployments/chain-31337"), {
      recursive: true,
      force: true,
    });
  }
  const [deployer] = await ethers.getSigners();
  const attestors = (options.attestors ?? [await deployer!.getAddress()])
    .map((a) => a.toLowerCase())
    .sort();
  const moduleParameters = {
    ...options.parameters,
    attestors,
    ...(options.threshold ? { threshold: options.threshold } : {}),
    ...(options.stakeToken ? { stakeToken: options.stakeToken } : {}),
  };
  const module = options.stakeToken ? StreamrP2PModule : StreamrP2PLocalModule;
  const deployed = (await ignition.deploy(module, {
    parameters: { [module.id]: moduleParameters } as never,
  })) as Record<string, { getAddress(): Promise<string> }>;
  const entry = async (name: string, contract: { getAddress(): Promise<string> }) => ({
    address: (await contract.getAddress()).toLowerCase() as `0x${string}`,
    deployBlock,
    abi: await abiOf(name),
  });
  const rewardPools = await entry("RewardPools", deployed.rewardPools!);
  const relayStaking = await entry("RelayStaking", deployed.relayStaking!);
  const file: DeploymentFile = {
    chainId,
    network: options.network === "hardhatOp" ? "localhost" : options.network,
    contracts: {
      RewardPools: rewardPools,
      RelayStaking: relayStaking,
      ...(deployed.testToken ? { TestToken: await entry("TestToken", deployed.testToken) } : {}),
    },
    domains: {
      RewardPools: { ...REWARD_POOLS_DOMAIN, chainId, verifyingContract: rewardPools.address },
      RelayStaking: { ...RELAY_STAKING_DOMAIN, chainId, verifyingContract: relayStaking.address },
    },
  };
  if (options.write !== false) {
    writeFileSync(
      path.join(DEPLOYMENTS_DIR, `${chainId}.json`),
      `${JSON.stringify(file, null, 2)}\n`,
    );
    writeModule();
  }
  await connection.close();
  return file;
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: {
      network: { type: "string", default: "localhost" },
      attestor: { type: "string", multiple: true },
      threshold: { type: "string" },
      "stake-token": { type: "string" },
      "no-write": { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    process.stdout.write(
      `usage: node scripts/deploy/deploy.ts [options]
  --network NAME        network from hardhat.config.ts (default localhost; also hardhatOp,
                        opSepolia, baseSepolia, arbitrumSepolia)
  --attestor ADDRESS    coordinator attestor address (repeat for k of n; default: the deployer)
  --threshold K         signatures a claim needs (default 1)
  --stake-token ADDRESS existing ERC-20 to stake (default: deploy a TestToken)
  --no-write            do not write deployments/
`,
    );
    process.exit(0);
  }
  const threshold = values.threshold === undefined ? undefined : Number(values.threshold);
  if (threshold !== undefined && !(Number.isInteger(threshold) && threshold > 0)) {
    process.stderr.write(`--threshold must be a positive integer, got ${values.threshold}\n`);
    process.exit(2);
  }
  const result = await deploy({
    network: values.network,
    attestors: values.attestor,
    threshold,
    stakeToken: values["stake-token"],
    write: !values["no-write"],
  });
  const explorer = chainFor(result.chainId, "").blockExplorers?.default.url;
  for (const [name, c] of Object.entries(result.contracts)) {
    const link = explorer ? `  ${explorer}/address/${c.address}` : "";
    process.stdout.write(`${name.padEnd(13)} ${c.address}  (from block ${c.deployBlock})${link}\n`);
  }
  if (explorer) {
    process.stdout.write(
      `verify the sources: npx hardhat ignition verify chain-${result.chainId} --network ${values.network}\n`,
    );
  }
  process.stdout.write(
    values["no-write"]
      ? `chain ${result.chainId}: deployed; deployments/ left as it was (--no-write)\n`
      : `chain ${result.chainId}: deployments/${result.chainId}.json and deployments/index.ts written\n`,
  );
}
