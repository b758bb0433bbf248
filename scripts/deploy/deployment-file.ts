/** The shape of deployments/<chainId>.json, written by deploy.ts and read by generate-module.ts. */
import { z } from "zod";
import { address } from "@streamrp2p/protocol";

const contractEntry = z.strictObject({
  address,
  deployBlock: z.number().int().nonnegative(),
  abi: z.array(z.record(z.string(), z.unknown())),
});

export const deploymentFile = z.strictObject({
  chainId: z.number().int().positive(),
  network: z.string(),
  contracts: z.strictObject({
    RewardPools: contractEntry,
    RelayStaking: contractEntry,
    TestToken: contractEntry.optional(),
  }),
  domains: z.strictObject({
    RewardPools: z.strictObject({
      name: z.string(),
      version: z.string(),
      chainId: z.number(),
      verifyingContract: address,
    }),
    RelayStaking: z.strictObject({
      name: z.string(),
      version: z.string(),
      chainId: z.number(),
      verifyingContract: address,
    }),
  }),
});
export type DeploymentFile = z.infer<typeof deploymentFile>;
