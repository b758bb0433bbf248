import type { ClaimablePool } from "@streamrp2p/client";
import { formatBytes } from "../lib/formatBytes.ts";
import { usePool } from "../hooks/usePool.ts";
import { useToken } from "../hooks/useToken.ts";
import { Amount } from "./Amount.tsx";

export function ClaimablePoolRow({ item }: { item: ClaimablePool }) {
  const pool = usePool(item.attestation.poolId);
  const token = useToken({ token: pool.data?.token }).data;
  return (
    <tr>
      <td>#{item.attestation.poolId.toString()}</td>
      <td className="num">{formatBytes(item.attestation.cumulativeBytes)}</td>
      <td className="num">
        {token ? (
          <Amount value={item.claimed} decimals={token.decimals} symbol={token.symbol} />
        ) : (
          "…"
        )}
      </td>
      <td className="num" data-testid="claimable-amount">
        {token ? (
          <Amount value={item.claimable} decimals={token.decimals} symbol={token.symbol} />
        ) : (
          "…"
        )}
      </td>
    </tr>
  );
}
