import type { Config } from "wagmi";
import { readMinNoticePeriod as readMinNoticePeriodWith } from "@streamrp2p/client";
import type { Deployment } from "../config/deployment.ts";
import { chainReader } from "../lib/chainClients.ts";

/** The shortest notice period (seconds) a new pool may have. */
export function readMinNoticePeriod(
  config: Config,
  { deployment }: { deployment: Deployment },
): Promise<number> {
  return readMinNoticePeriodWith(chainReader(config, deployment));
}
