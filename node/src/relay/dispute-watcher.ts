/**
 * Watches RelayStaking for tamper reports against this relay's operator and disputes each one
 * the relay can: if the origin signed, for the reported stream and sequence, the very hash the
 * relay stated (the entry the relay verified before it signed its statement), the origin
 * equivocated and `disputeTampering` voids the report before its challenge window ends (issue
 * 9, finding 3). The report's own entry has another hash by construction (the contract refuses
 * a report whose hashes agree), so an entry with the statement's hash is the origin's other one.
 *
 * The entry comes from the relay's SignedEntryStore, else from the coordinator's manifest,
 * whose signature is checked against the stream's on-chain origin signer for that sequence.
 * The dispute is sent from the relay key, which needs a little ETH for gas.
 */
import type { Logger } from "pino";
import { zeroAddress, type Address, type Hex, type TypedDataDomain } from "viem";
import type { ChainClients } from "@streamrp2p/client/chain/ChainClients";
import { disputeTampering } from "@streamrp2p/client/chain/disputeTampering";
import { revertReason } from "@streamrp2p/client/errors/revertReason";
import type { SignedManifestEntry } from "@streamrp2p/protocol/api";
import { toManifestEntry } from "@streamrp2p/protocol/viewer/manifest-entry";
import { recoverManifestSigner } from "@streamrp2p/protocol/viewer/verify-segment";
import { errorMessage } from "../operator/error-message.ts";
import type { OriginSignerReader } from "./origin-signer-check.ts";
import type { SignedEntryStore } from "./signed-entry-store.ts";

export interface DisputeWatcherDeps {
  /** The relay key's chain clients: the dispute is sent from it. */
  clients: ChainClients;
  /** The relay key's operator now; undefined while the key is not authorized. */
  operator: () => Address | undefined;
  entries: SignedEntryStore;
  /** The coordinator's entry for `sequence` of `streamId`, or undefined. */
  coordinatorEntry: (streamId: Hex, sequence: number) => Promise<SignedManifestEntry | undefined>;
  originSignerAt: OriginSignerReader;
  /** RelayStaking's EIP-712 domain (manifest entries are signed in it). */
  domain: TypedDataDomain;
  logger: Logger;
  /** Blocks scanned back from the head at the first poll, for reports made while the relay was down. */
  lookbackBlocks: bigint;
  /** Most blocks per getLogs request (default 5000). */
  blockRange?: bigint;
}

export interface DisputeStats {
  /** Reports against this operator seen since start. */
  reports: number;
  disputed: number;
  /** Reports still pending that the relay could not dispute yet (no entry, no gas, RPC error). */
  pending: number;
  /** Reports the relay cannot dispute: the origin never signed the stated hash as far as it knows. */
  undisputable: number;
}

interface Pending {
  streamId: Hex;
  sequence: number;
  /** Why the last attempt failed, logged once per change. */
  problem?: string;
}

export class DisputeWatcher {
  readonly stats: DisputeStats = { reports: 0, disputed: 0, pending: 0, undisputable: 0 };
  private readonly deps: DisputeWatcherDeps;
  private readonly pending = new Map<bigint, Pending>();
  private nextBlock: bigint | undefined;
  private watching: Address | undefined;

  constructor(deps: DisputeWatcherDeps) {
    this.deps = deps;
  }

  /** Scans new blocks for reports against the operator, then tries to dispute each pending one. */
  async poll(): Promise<void> {
    const operator = this.deps.operator();
    if (operator === undefined) return;
    if (this.watching?.toLowerCase() !== operator.toLowerCase()) {
      this.watching = operator;
      this.nextBlock = undefined;
    }
    await this.scan(operator);
    for (const [reportId, report] of this.pending) await this.tryDispute(reportId, report);
    this.stats.pending = this.pending.size;
  }

  private async scan(operator: Address): Promise<void> {
    const { clients, lookbackBlocks, logger: log } = this.deps;
    const { address, abi } = clients.deployment.contracts.RelayStaking;
    const head = await clients.public.getBlockNumber({ cacheTime: 0 });
    let from = this.nextBlock ?? (head > lookbackBlocks ? head - lookbackBlocks : 0n);
    const range = this.deps.blockRange ?? 5000n;
    while (from <= head) {
      const to = from + range - 1n < head ? from + range - 1n : head;
      const events = await clients.public.getContractEvents({
        address,
        abi,
        eventName: "TamperingReported",
        args: { operator },
        fromBlock: from,
        toBlock: to,
        strict: true,
      });
      for (const event of events) {
        const { reportId, streamId, sequence, reporter } = event.args;
        if (this.pending.has(reportId)) continue;
        this.stats.reports++;
        this.pending.set(reportId, { streamId, sequence: Number(sequence) });
        log.warn(
          { reportId: reportId.toString(), streamId, sequence: Number(sequence), reporter },
          "TAMPER REPORT against this operator: looking for the origin's other entry to dispute it",
        );
      }
      from = to + 1n;
      this.nextBlock = from;
    }
  }

  private async tryDispute(reportId: bigint, report: Pending): Promise<void> {
    const { clients, logger: log } = this.deps;
    const { address, abi } = clients.deployment.contracts.RelayStaking;
    const fields = {
      reportId: reportId.toString(),
      streamId: report.streamId,
      sequence: report.sequence,
    };
    const problem = (text: string, extra: Record<string, unknown> = {}) => {
      if (report.problem !== text) log.error({ ...fields, ...extra }, text);
      report.problem = text;
    };
    try {
      const onChain = await clients.public.readContract({
        address,
        abi,
        functionName: "tamperReport",
        args: [reportId],
      });
      if (onChain.operator === zeroAddress) {
        log.info(fields, "tamper report no longer pending (disputed or executed)");
        this.pending.delete(reportId);
        return;
      }
      const entry = await this.entryFor(report.streamId, report.sequence);
      if (!entry)
        return problem(
          "cannot dispute the tamper report yet: neither this relay nor the coordinator has the origin's entry for the segment",
        );
      if (entry.hash.toLowerCase() !== onChain.statementHash.toLowerCase()) {
        log.error(
          { ...fields, statementHash: onChain.statementHash, originHash: entry.hash },
          "cannot dispute the tamper report: the origin's entry this relay knows has another hash than the reported statement",
        );
        this.stats.undisputable++;
        this.pending.delete(reportId);
        return;
      }
      const relayKey = clients.account.address;
      if ((await clients.public.getBalance({ address: relayKey })) === 0n)
        return problem(
          `the relay key ${relayKey} has no ETH for gas: send it a little so it can dispute the tamper report before ${new Date(Number(onChain.executableAt) * 1000).toISOString()}`,
          { relayKey, executableAt: Number(onChain.executableAt) },
        );
      const receipts = await disputeTampering(clients, {
        reportId,
        entry: toManifestEntry(entry),
        signature: entry.signature as Hex,
      });
      this.stats.disputed++;
      this.pending.delete(reportId);
      log.info(
        { ...fields, transactionHash: receipts.at(-1)!.transactionHash },
        "disputed the tamper report: the origin signed the relay's hash too (equivocation)",
      );
    } catch (error) {
      const reason = revertReason(error);
      if (reason?.type === "error" && reason.name === "TamperReportNotFound") {
        this.pending.delete(reportId);
        return;
      }
      problem(`dispute failed; will retry: ${errorMessage(error)}`);
    }
  }

  /** The entry this relay verified, else the coordinator's (signature checked against the chain). */
  private async entryFor(
    streamId: Hex,
    sequence: number,
  ): Promise<SignedManifestEntry | undefined> {
    const kept = this.deps.entries.get(streamId, sequence);
    if (kept) return kept;
    const entry = await this.deps.coordinatorEntry(streamId, sequence);
    if (!entry) return undefined;
    const [signer, expected] = await Promise.all([
      recoverManifestSigner(entry, this.deps.domain),
      this.deps.originSignerAt(streamId, sequence),
    ]);
    if (signer.toLowerCase() !== expected.toLowerCase()) {
      this.deps.logger.warn(
        { streamId, sequence, signer, expected },
        "the coordinator's entry is not signed by the stream's on-chain origin signer; ignored",
      );
      return undefined;
    }
    return entry;
  }
}
