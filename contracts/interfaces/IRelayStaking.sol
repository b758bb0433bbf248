// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

/// @title IRelayStaking
/// @notice Relay operators bond collateral in one ERC-20 stake token. Stake leaves through an
///         unbonding period and stays slashable, bonded or unbonding, until it is withdrawn.
///         Slashing is objective (an origin-signed manifest entry and a delivery statement signed
///         by one of the operator's relay keys for the same segment, whose hashes differ: reported
///         by anyone, executable after a challenge window in which anyone may void it by showing
///         that the origin signed the relay's hash too) or by governance (a SLASHER proposes,
///         anyone executes after a delay, a GUARDIAN may cancel). A slashed operator is jailed
///         until governance unjails it.
///
///         Keys are split hot/cold: the operator's wallet (cold) holds the stake, receives every
///         payout and authorizes relay keys (hot, on the relay machine) with the key's own
///         signature. A relay key signs delivery statements; it never holds or moves money.
/// @dev The EIP-712 domain is {name: "StreamrP2P RelayStaking", version: "1", chainId,
///      verifyingContract}; the type strings match `manifestEntryTypes`,
///      `deliveryStatementTypes` and `relayKeyAuthorizationTypes` in protocol/src/eip712.ts.
///
///      Closed by construction:
///      - Stream squatting: a stream id is `keccak256(abi.encode(owner, salt))` with the owner
///        the caller of {registerStream}, so nobody can register someone else's id. No origin-key
///        signature is needed: manifest entries name the stream id, so registering another
///        stream under someone else's origin key gains nothing.
///      - Origin equivocation: a tamper report pays out only after `challengeWindow`; if the
///        origin signed the relay's hash for that sequence too (with any signer the stream ever
///        had), anyone voids the report with that entry and the stream is marked equivocated:
///        it accepts no further tamper reports.
///
///      Trust assumptions that remain (off-chain parties must enforce them):
///      1. A relay signs a delivery statement only for an entry signed by
///         `originSignerAt(streamId, sequence)` and keeps that entry for the challenge window,
///         so it can dispute a report made with a contradicting entry.
///      2. The stream owner rotates forward: `fromSequence` must exceed every sequence already
///         published with the previous key, and sequences are never reused.
///      3. Someone watches for {TamperingReported} and disputes within `challengeWindow`
///         (relays, the coordinator); an undisputed report of an equivocating origin executes.
///      4. Revoking a relay key stops new tamper reports against its statements, including
///         statements it signed before: governance slashing covers tampering found late.
interface IRelayStaking {
    /// @notice The origin's signed description of one HLS segment.
    struct ManifestEntry {
        bytes32 streamId;
        uint64 sequence;
        uint32 size;
        uint32 durationMs;
        /// SHA-256 of the segment bytes.
        bytes32 hash;
    }

    /// @notice A relay's signed statement of the bytes it served for one segment.
    struct DeliveryStatement {
        bytes32 streamId;
        uint64 sequence;
        bytes32 hash;
    }

    /// @notice Governance-set parameters, packed in one storage slot.
    struct Parameters {
        /// Bonded stake an operator needs to be active.
        uint128 minStake;
        /// Seconds between an unstake request and the earliest withdrawal.
        uint32 unbondingPeriod;
        /// Seconds between a governance slash proposal and its earliest execution.
        uint32 slashDelay;
        /// Fraction of an operator's slashable stake taken by a tampering proof, in basis points.
        uint16 slashBps;
        /// Fraction of a tampering slash paid to the reporter, in basis points; the rest goes to the treasury.
        uint16 reporterShareBps;
        /// Seconds between a tamper report and its earliest execution, during which anyone may
        /// dispute it.
        uint32 challengeWindow;
    }

    /// @notice A pending governance slash.
    struct SlashProposal {
        address operator;
        /// Earliest execution time (unix seconds).
        uint64 executableAt;
        /// Amount to slash; capped at the operator's slashable stake on execution.
        uint128 amount;
    }

    /// @notice A pending tamper report: executable from `executableAt` unless disputed.
    struct TamperReport {
        /// The operator whose relay key signed the statement.
        address operator;
        /// Earliest execution time (unix seconds).
        uint64 executableAt;
        /// Who reported: earns the reporter share on execution.
        address reporter;
        uint64 sequence;
        bytes32 streamId;
        /// The hash the relay stated it served.
        bytes32 statementHash;
    }

    // ----------------------------------------------------------------------------------------
    // Events
    // ----------------------------------------------------------------------------------------

    /// @notice `operator` bonded `amount` more; its bonded stake is now `bonded`.
    event Staked(address indexed operator, uint256 amount, uint256 bonded);

    /// @notice `operator` moved `amount` from bonded to unbonding; `unbonding` in total is
    ///         withdrawable from `releaseTime`.
    event UnstakeRequested(
        address indexed operator,
        uint256 amount,
        uint256 unbonding,
        uint64 releaseTime
    );

    /// @notice `operator` withdrew its released unbonding stake, `amount`.
    event Withdrawn(address indexed operator, uint256 amount);

    /// @notice `amount` was slashed from `operator` (bonded first, then unbonding), leaving
    ///         `bonded` and `unbonding`.
    event Slashed(address indexed operator, uint256 amount, uint256 bonded, uint256 unbonding);

    /// @notice A tamper report against `operator` was executed: it served a segment whose hash
    ///         differs from the origin's; `reporterReward` went to `reporter`, `treasuryAmount`
    ///         to the treasury.
    event TamperingProven(
        bytes32 indexed streamId,
        uint64 indexed sequence,
        address indexed operator,
        address reporter,
        uint256 reporterReward,
        uint256 treasuryAmount
    );

    /// @notice `reporter` reported that `operator`'s relay key stated a hash for
    ///         `streamId`/`sequence` that differs from the origin's; executable after the
    ///         challenge window unless disputed.
    event TamperingReported(
        uint256 indexed reportId,
        address indexed operator,
        address indexed reporter,
        bytes32 streamId,
        uint64 sequence
    );

    /// @notice `disputer` showed that the origin signed the relay's hash too: report `reportId` is void.
    event TamperingDisputed(uint256 indexed reportId, address indexed disputer);

    /// @notice Report `reportId` was executed: `slashed` was taken from its operator.
    event TamperingExecuted(uint256 indexed reportId, uint256 slashed);

    /// @notice The origin of `streamId` signed two different hashes for `sequence`: the stream
    ///         accepts no more tamper reports.
    event OriginEquivocated(bytes32 indexed streamId, uint64 sequence);

    /// @notice `operator` authorized `relayKey` to sign delivery statements for it.
    event RelayKeyAuthorized(address indexed operator, address indexed relayKey);

    /// @notice `operator` revoked `relayKey`.
    event RelayKeyRevoked(address indexed operator, address indexed relayKey);

    /// @notice `operator` was jailed: it is not active until governance unjails it.
    event Jailed(address indexed operator);

    /// @notice Governance unjailed `operator`.
    event Unjailed(address indexed operator);

    /// @notice A SLASHER proposed to slash `amount` from `operator`, executable from `executableAt`.
    event SlashProposed(
        uint256 indexed proposalId,
        address indexed operator,
        uint256 amount,
        uint64 executableAt,
        string reason
    );

    /// @notice Proposal `proposalId` was executed: `amount` was slashed from `operator` and sent to the treasury.
    event SlashExecuted(uint256 indexed proposalId, address indexed operator, uint256 amount);

    /// @notice A GUARDIAN cancelled proposal `proposalId` against `operator`.
    event SlashCancelled(uint256 indexed proposalId, address indexed operator);

    /// @notice `owner` registered `streamId` with origin signer `originSigner` from sequence 0.
    event StreamRegistered(bytes32 indexed streamId, address indexed owner, address originSigner);

    /// @notice The owner of `streamId` made `originSigner` the signer of sequences `fromSequence`
    ///         and above; earlier sequences keep the signer that was active for them.
    event OriginSignerRotated(
        bytes32 indexed streamId,
        address indexed originSigner,
        uint64 fromSequence
    );

    /// @notice Governance set the parameters.
    event ParametersUpdated(Parameters parameters);

    /// @notice Governance set the treasury that receives slashed stake.
    event TreasuryUpdated(address indexed treasury);

    // ----------------------------------------------------------------------------------------
    // Errors
    // ----------------------------------------------------------------------------------------

    /// @notice An amount of zero was given where a positive one is needed.
    error ZeroAmount();

    /// @notice Staking `amount` more would take `operator`'s bonded stake `bonded` past 2^128 - 1.
    error StakeOverflow(address operator, uint256 bonded, uint256 amount);

    /// @notice `operator` asked to unstake `requested` but has only `bonded` bonded.
    error InsufficientBondedStake(address operator, uint256 bonded, uint256 requested);

    /// @notice `operator` has no unbonding stake.
    error NothingToWithdraw(address operator);

    /// @notice `operator`'s unbonding stake is withdrawable from `releaseTime`, not at `currentTime`.
    error UnbondingNotReleased(address operator, uint64 releaseTime, uint256 currentTime);

    /// @notice `operator` cannot withdraw while `pendingSlashes` governance slash proposals and
    ///         tamper reports against it are pending.
    error WithdrawalFrozen(address operator, uint256 pendingSlashes);

    /// @notice `streamId` (this caller's id for that salt) already belongs to `owner`.
    error StreamAlreadyRegistered(bytes32 streamId, address owner);

    /// @notice `streamId` has not been registered.
    error StreamNotRegistered(bytes32 streamId);

    /// @notice `caller` is not `owner`, the owner of `streamId`.
    error NotStreamOwner(bytes32 streamId, address caller, address owner);

    /// @notice `signer` cannot be an origin signer (the zero address).
    error InvalidOriginSigner(address signer);

    /// @notice A rotation must start after the latest one: `fromSequence` <= `latestFromSequence`.
    error RotationNotAfterLatest(bytes32 streamId, uint64 fromSequence, uint64 latestFromSequence);

    /// @notice The manifest entry and the delivery statement are not about the same segment.
    error ProofMismatch(
        bytes32 entryStreamId,
        uint64 entrySequence,
        bytes32 statementStreamId,
        uint64 statementSequence
    );

    /// @notice The delivery statement's hash equals the origin's (`hash`): nothing was tampered with.
    error NoTampering(bytes32 hash);

    /// @notice The manifest entry for `streamId`/`sequence` was signed by `recovered`, not by `expected`.
    error InvalidOriginSignature(
        bytes32 streamId,
        uint64 sequence,
        address recovered,
        address expected
    );

    /// @notice `operator` was already reported for `streamId`/`sequence`.
    error AlreadyReported(bytes32 streamId, uint64 sequence, address operator);

    /// @notice The statement's signer `relayKey` is not an authorized relay key of any operator.
    error UnknownRelayKey(address relayKey);

    /// @notice `relayKey` belongs (or belonged) to `operator`: a key serves one operator only.
    error RelayKeyTaken(address relayKey, address operator);

    /// @notice `caller` is not `operator`, the operator of `relayKey`.
    error NotRelayKeyOperator(address relayKey, address caller, address operator);

    /// @notice `relayKey` cannot be a relay key (the zero address).
    error InvalidRelayKey(address relayKey);

    /// @notice The authorization of `relayKey` was signed by `recovered`, not by the key.
    error InvalidRelayKeySignature(address relayKey, address recovered);

    /// @notice The signature expired at `deadline`; it is now `currentTime`.
    error SignatureExpired(uint64 deadline, uint256 currentTime);

    /// @notice The origin of `streamId` equivocated: it accepts no tamper reports.
    error StreamEquivocated(bytes32 streamId);

    /// @notice No pending tamper report has id `reportId`.
    error TamperReportNotFound(uint256 reportId);

    /// @notice Report `reportId` is executable from `executableAt`, not at `currentTime`.
    error ChallengeWindowNotOver(uint256 reportId, uint64 executableAt, uint256 currentTime);

    /// @notice The disputing entry states `entryHash`, not the relay's `statementHash`.
    error DisputeHashMismatch(uint256 reportId, bytes32 statementHash, bytes32 entryHash);

    /// @notice The disputing entry was signed by `recovered`, which was never an origin signer
    ///         of `streamId`.
    error NotOriginSigner(bytes32 streamId, address recovered);

    /// @notice `operator` cannot be the subject of a governance slash (the zero address).
    error InvalidOperator(address operator);

    /// @notice No pending slash proposal has id `proposalId`.
    error SlashProposalNotFound(uint256 proposalId);

    /// @notice Proposal `proposalId` is executable from `executableAt`, not at `currentTime`.
    error SlashDelayNotElapsed(uint256 proposalId, uint64 executableAt, uint256 currentTime);

    /// @notice `operator` is not jailed.
    error NotJailed(address operator);

    /// @notice `value` is not a valid basis-point fraction for this parameter (slashBps must be 1..10000,
    ///         reporterShareBps 0..10000).
    error InvalidBasisPoints(uint256 value);

    /// @notice A minimum stake of zero would make every address active.
    error InvalidMinStake(uint256 minStake);

    /// @notice Unbonding periods, slash delays and challenge windows must be positive: `value` is not.
    error InvalidDuration(uint256 value);

    /// @notice `account` cannot be the treasury or the admin (the zero address).
    error InvalidAccount(address account);

    // ----------------------------------------------------------------------------------------
    // Staking
    // ----------------------------------------------------------------------------------------

    /// @notice Bonds `amount` of the stake token from the caller, who must have approved it.
    ///         An operator with a pending unbonding entry may stake more.
    /// @dev Emits {Staked}. Reverts with {ZeroAmount} or {StakeOverflow}.
    function stake(uint256 amount) external;

    /// @notice Like {stake}, approving with an ERC-2612 permit first. A permit that fails (e.g.
    ///         front-run and already used) is ignored: the stake then goes through if the
    ///         allowance suffices.
    function stakeWithPermit(
        uint256 amount,
        uint256 deadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external;

    /// @notice Moves `amount` of the caller's bonded stake to its unbonding entry, withdrawable
    ///         after the unbonding period. A new request joins the pending entry and sets its
    ///         release time to now + unbonding period (never earlier than it was).
    /// @dev Emits {UnstakeRequested}. Reverts with {ZeroAmount} or {InsufficientBondedStake}.
    function requestUnstake(uint256 amount) external;

    /// @notice Sends the caller its whole unbonding stake once the release time has passed.
    /// @dev Emits {Withdrawn}. Reverts with {NothingToWithdraw}, {UnbondingNotReleased}, or
    ///      {WithdrawalFrozen} while a governance slash proposal or a tamper report against the
    ///      caller is pending.
    /// @return amount The amount withdrawn.
    function withdraw() external returns (uint256 amount);

    // ----------------------------------------------------------------------------------------
    // Streams
    // ----------------------------------------------------------------------------------------

    /// @notice Registers the caller's stream `keccak256(abi.encode(msg.sender, salt))`: the
    ///         caller becomes its owner and `originSigner` signs its manifest from sequence 0.
    ///         The id binds the owner, so nobody can register another's stream id.
    /// @dev Emits {StreamRegistered}. Reverts with {StreamAlreadyRegistered} (the caller used
    ///      `salt` before) or {InvalidOriginSigner}.
    /// @return streamId The stream's id, {streamIdOf}(msg.sender, salt).
    function registerStream(bytes32 salt, address originSigner) external returns (bytes32 streamId);

    /// @notice The stream owner makes `originSigner` the manifest signer for sequences
    ///         `fromSequence` and above. Earlier sequences keep the signer that was active for
    ///         them, so a new key cannot contradict segments already published and make honest
    ///         delivery statements slashable. `fromSequence` must exceed the latest rotation's;
    ///         the origin must keep counting sequences, never restart them.
    /// @dev Emits {OriginSignerRotated}.
    function rotateOriginSigner(
        bytes32 streamId,
        address originSigner,
        uint64 fromSequence
    ) external;

    // ----------------------------------------------------------------------------------------
    // Relay keys
    // ----------------------------------------------------------------------------------------

    /// @notice The caller (an operator's wallet) authorizes `relayKey` to sign delivery
    ///         statements for it. `relayKeySignature` is the key's EIP-712 signature of
    ///         `RelayKeyAuthorization(operator = msg.sender, relayKey, deadline)`, so nobody can
    ///         claim a key that is not theirs. A key serves one operator for good: once
    ///         authorized, only that operator may authorize it again (after revoking it). An
    ///         operator may have several keys, and may authorize its own address (self-signed).
    /// @dev Emits {RelayKeyAuthorized}. Reverts with {InvalidRelayKey}, {SignatureExpired},
    ///      {RelayKeyTaken} or {InvalidRelayKeySignature}.
    function authorizeRelayKey(
        address relayKey,
        uint64 deadline,
        bytes calldata relayKeySignature
    ) external;

    /// @notice The operator revokes its `relayKey`: statements it signed can no longer be
    ///         reported, and {operatorOf} returns zero for it.
    /// @dev Emits {RelayKeyRevoked}. Reverts with {UnknownRelayKey} or {NotRelayKeyOperator}.
    function revokeRelayKey(address relayKey) external;

    // ----------------------------------------------------------------------------------------
    // Slashing
    // ----------------------------------------------------------------------------------------

    /// @notice Reports that a relay served a segment whose hash differs from the origin's signed
    ///         manifest entry. The statement's signer must be an authorized relay key; its
    ///         operator cannot withdraw while the report is pending. After `challengeWindow`
    ///         anyone may execute it ({executeTampering}) unless it was disputed. A (stream,
    ///         sequence, operator) is reported at most once.
    /// @dev Emits {TamperingReported}. Reverts with {ProofMismatch}, {NoTampering},
    ///      {StreamNotRegistered}, {StreamEquivocated}, {InvalidOriginSignature},
    ///      {UnknownRelayKey} or {AlreadyReported}.
    /// @param entry The origin's manifest entry.
    /// @param originSignature Its 65-byte signature by the stream's origin signer for `entry.sequence`.
    /// @param statement The relay's delivery statement for the same stream and sequence.
    /// @param relaySignature Its 65-byte signature by one of the operator's relay keys.
    /// @return reportId The id to dispute or execute the report with.
    function reportTampering(
        ManifestEntry calldata entry,
        bytes calldata originSignature,
        DeliveryStatement calldata statement,
        bytes calldata relaySignature
    ) external returns (uint256 reportId);

    /// @notice Voids a pending report by showing that the origin signed the relay's hash for the
    ///         reported sequence too, with any signer the stream has ever had: the origin
    ///         equivocated, not the relay. The stream is marked equivocated and accepts no
    ///         further tamper reports. Anyone may call it until the report is executed.
    /// @dev Emits {TamperingDisputed} and {OriginEquivocated}. Reverts with
    ///      {TamperReportNotFound}, {ProofMismatch}, {DisputeHashMismatch} or {NotOriginSigner}.
    /// @param other The origin's other entry for the report's stream and sequence.
    /// @param otherSignature Its 65-byte signature.
    function disputeTampering(
        uint256 reportId,
        ManifestEntry calldata other,
        bytes calldata otherSignature
    ) external;

    /// @notice Anyone executes an undisputed report once its challenge window is over: the
    ///         operator loses `slashBps` of its slashable stake and is jailed; the reporter earns
    ///         `reporterShareBps` of the slashed amount and the treasury the rest. An operator
    ///         without stake is still jailed.
    /// @dev Emits {Slashed}, {Jailed} (unless already jailed), {TamperingProven} and
    ///      {TamperingExecuted}. Reverts with {TamperReportNotFound} or {ChallengeWindowNotOver}.
    /// @return slashed The amount slashed.
    function executeTampering(uint256 reportId) external returns (uint256 slashed);

    /// @notice A SLASHER proposes to slash `amount` from `operator` for fraud found off-chain.
    ///         While it is pending, the operator cannot withdraw.
    /// @dev Emits {SlashProposed}.
    /// @return proposalId The id to execute or cancel the proposal with.
    function proposeSlash(
        address operator,
        uint128 amount,
        string calldata reason
    ) external returns (uint256 proposalId);

    /// @notice Anyone executes a pending proposal once its delay has passed: the operator loses
    ///         the proposed amount (at most its slashable stake), sent to the treasury, and is jailed.
    /// @dev Emits {Slashed}, {Jailed} (unless already jailed) and {SlashExecuted}.
    /// @return slashed The amount slashed.
    function executeSlash(uint256 proposalId) external returns (uint256 slashed);

    /// @notice A GUARDIAN cancels a pending proposal.
    /// @dev Emits {SlashCancelled}.
    function cancelSlash(uint256 proposalId) external;

    /// @notice Governance (DEFAULT_ADMIN_ROLE) releases a jailed operator.
    /// @dev Emits {Unjailed}.
    function unjail(address operator) external;

    // ----------------------------------------------------------------------------------------
    // Governance
    // ----------------------------------------------------------------------------------------

    /// @notice Governance (DEFAULT_ADMIN_ROLE) sets the parameters. Pending unbonding entries
    ///         and slash proposals keep the times they were given.
    /// @dev Emits {ParametersUpdated}.
    function setParameters(Parameters calldata parameters) external;

    /// @notice Governance (DEFAULT_ADMIN_ROLE) sets the treasury.
    /// @dev Emits {TreasuryUpdated}.
    function setTreasury(address treasury) external;

    // ----------------------------------------------------------------------------------------
    // Views
    // ----------------------------------------------------------------------------------------

    /// @notice The ERC-20 staked here (immutable).
    function stakeToken() external view returns (IERC20);

    /// @notice `operator`'s bonded and unbonding stake, the unbonding entry's release time and
    ///         whether it is jailed.
    function stakeOf(
        address operator
    ) external view returns (uint256 bonded, uint256 unbonding, uint64 releaseTime, bool jailed);

    /// @notice Whether `operator` may be assigned viewers: bonded >= minStake and not jailed.
    function isActive(address operator) external view returns (bool);

    /// @notice How many governance slash proposals and tamper reports against `operator` are
    ///         pending (it cannot withdraw while any is).
    function pendingSlashes(address operator) external view returns (uint256);

    /// @notice The current parameters.
    function parameters() external view returns (Parameters memory);

    /// @notice The account that receives slashed stake (less reporter rewards).
    function treasury() external view returns (address);

    /// @notice The owner of `streamId` and its latest origin signer (zero if unregistered).
    function streamOf(bytes32 streamId) external view returns (address owner, address originSigner);

    /// @notice The origin signer of `streamId` for `sequence` (zero if unregistered).
    function originSignerAt(bytes32 streamId, uint64 sequence) external view returns (address);

    /// @notice Whether `operator` was reported for tampering with `streamId`/`sequence`.
    function isReportedFor(
        bytes32 streamId,
        uint64 sequence,
        address operator
    ) external view returns (bool);

    /// @notice Whether the origin of `streamId` was shown to equivocate.
    function isEquivocated(bytes32 streamId) external view returns (bool);

    /// @notice The id `owner`'s stream with `salt` has: `keccak256(abi.encode(owner, salt))`.
    function streamIdOf(address owner, bytes32 salt) external pure returns (bytes32);

    /// @notice The operator `relayKey` signs for (zero when not, or no longer, authorized).
    function operatorOf(address relayKey) external view returns (address);

    /// @notice A pending tamper report (all zero once disputed, executed, or if it never existed).
    function tamperReport(uint256 reportId) external view returns (TamperReport memory);

    /// @notice The id the next tamper report gets (ids start at 1).
    function nextTamperReportId() external view returns (uint256);

    /// @notice A pending slash proposal (all zero once executed, cancelled, or if it never existed).
    function slashProposal(uint256 proposalId) external view returns (SlashProposal memory);

    /// @notice The id the next slash proposal gets (ids start at 1).
    function nextSlashProposalId() external view returns (uint256);

    /// @notice keccak256 of the ManifestEntry EIP-712 type string.
    // solhint-disable-next-line func-name-mixedcase
    function MANIFEST_ENTRY_TYPEHASH() external view returns (bytes32);

    /// @notice keccak256 of the DeliveryStatement EIP-712 type string.
    // solhint-disable-next-line func-name-mixedcase
    function DELIVERY_STATEMENT_TYPEHASH() external view returns (bytes32);

    /// @notice keccak256 of the RelayKeyAuthorization EIP-712 type string.
    // solhint-disable-next-line func-name-mixedcase
    function RELAY_KEY_AUTHORIZATION_TYPEHASH() external view returns (bytes32);

    /// @notice The SLASHER role, which proposes governance slashes.
    // solhint-disable-next-line func-name-mixedcase
    function SLASHER_ROLE() external view returns (bytes32);

    /// @notice The GUARDIAN role, which cancels governance slashes.
    // solhint-disable-next-line func-name-mixedcase
    function GUARDIAN_ROLE() external view returns (bytes32);

    /// @notice The EIP-712 digest the origin signs for `entry`.
    function manifestEntryDigest(ManifestEntry calldata entry) external view returns (bytes32);

    /// @notice The EIP-712 digest a relay key signs for `statement`.
    function deliveryStatementDigest(
        DeliveryStatement calldata statement
    ) external view returns (bytes32);

    /// @notice The EIP-712 digest `relayKey` signs to act for `operator` until `deadline`.
    function relayKeyAuthorizationDigest(
        address operator,
        address relayKey,
        uint64 deadline
    ) external view returns (bytes32);
}
