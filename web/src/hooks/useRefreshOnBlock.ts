import { useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { useBlockNumber } from "wagmi";

/** Refetches every chain read when a new block arrives (their keys start with "chain"). */
export function useRefreshOnBlock(): bigint | undefined {
  const queryClient = useQueryClient();
  const { data: blockNumber } = useBlockNumber({ watch: true });
  useEffect(() => {
    if (blockNumber !== undefined) void queryClient.invalidateQueries({ queryKey: ["chain"] });
  }, [blockNumber, queryClient]);
  return blockNumber;
}
