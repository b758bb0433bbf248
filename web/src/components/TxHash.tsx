import type { Hash } from "viem";
import { useAppChain } from "../hooks/useAppChain.ts";
import { useCopy } from "../hooks/useCopy.ts";
import { explorerUrl } from "../lib/explorerUrl.ts";

/**
 * A transaction hash: a link to the chain's explorer, or (local chain, no explorer) the short
 * hash with a copy button.
 */
export function TxHash({ hash }: { hash: Hash }) {
  const chain = useAppChain();
  const { copied, copy } = useCopy();
  const href = explorerUrl(chain, "tx", hash);
  const short = `${hash.slice(0, 10)}…`;
  if (href) {
    return (
      <a
        className="mono"
        href={href}
        target="_blank"
        rel="noreferrer"
        title={hash}
        data-testid="explorer-link"
      >
        {short} ↗
      </a>
    );
  }
  return (
    <span className="tx-hash">
      <span className="mono" title={hash} data-testid="tx-hash">
        {short}
      </span>
      <button
        type="button"
        className="link-button"
        onClick={() => copy(hash)}
        aria-label="Copy transaction hash"
        data-testid="copy-tx-hash"
      >
        {copied ? "copied" : "copy"}
      </button>
    </span>
  );
}
