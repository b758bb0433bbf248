// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

/// @title IRelayStaking
/// @notice Relay operators bond collateral in one ERC-20 stake token. Stake leaves through an
///         unbonding period and stays slashable, bonded or unbonding, until it is withdrawn.
///         Slashing is objective (an origin-signed manifest entry and a relay-signed delivery
///         statement for the same segment whose hashes differ, submitted by anyone) or by
///         governance (a SLASHER proposes, anyone executes after a delay, a GUARDIAN may cancel).
///         A slashed operator is jailed until governance unjails it.
/// @dev The EIP-712 domain is {name: "StreamrP2P RelayStaking", version: "1", chainId,
///      verifyingContract}; the type strings match `manifestEntryTypes` and
///      `deliveryStatementTypes` in protocol/src/eip712.ts.
///
///      Trust assumptions of objective slashing (off-chain parties must enforce them):
///      1. Stream ids are first come, first served, so a squatter could register someone else's
///         stream id with its own key and sign contradicting entries. A relay must serve a
///         segment, and sign a delivery statement for it, only if the manifest entry it verified
///         was signed by `originSignerAt(streamId, sequence)`.
///      2. The origin signer must not equivocate: if it signs two entries with different hashes
///         for one sequence, relays that served the first can be slashed with the second.
///      3. The stream owner rotates forward: `fromSequence` must exceed every sequence already
///         published with the previous key, and sequences are never reused.
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
    }

    /// @notice A pending governance slash.
    struct SlashProposal {
        address operator;
        /// Earliest execution time (unix seconds).
        uint64 executableAt;
        /// Amount to slash; capped at the operator's slashable stake on execution.
        uint128 amount;
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

    /// @notice `reporter` proved that `operator` served a segment whose hash differs from the
    ///         origin's; `reporterReward` went to the reporter, `treasuryAmount` to the treasury.
    event TamperingProven(
        bytes32 indexed streamId,
        uint64 indexed sequence,
        address indexed operator,
        address reporter,
        uint256 reporterReward,
        uint256 treasuryAmount
    );

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

    /// @notice `operator` cannot withdraw while `pendingProposals` governance slashes against it are pending.
    error WithdrawalFrozen(address operator, uint256 pendingProposals);

    /// @notice `streamId` already belongs to `owner`.
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

    /// @notice `operator` was already slashed for `streamId`/`sequence`.
    error AlreadySlashed(bytes32 streamId, uint64 sequence, address operator);

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

    /// @notice Unbonding periods and slash delays must be positive: `value` is not.
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
    ///      {WithdrawalFrozen} while a governance slash against the caller is pending.
    /// @return amount The amount withdrawn.
    function withdraw() external returns (uint256 amount);

    // ----------------------------------------------------------------------------------------
    // Streams
    // ----------------------------------------------------------------------------------------

    /// @notice Registers `streamId`, first come first served: the caller becomes its owner and
    ///         `originSigner` signs its manifest from sequence 0.
    /// @dev Emits {StreamRegistered}.
    function registerStream(bytes32 streamId, address originSigner) external;

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
    // Slashing
    // ----------------------------------------------------------------------------------------

    /// @notice Proves that a relay served a segment whose hash differs from the origin's signed
    ///         manifest entry. The relay's operator (the statement's signer) loses `slashBps` of
    ///         its slashable stake and is jailed; the caller earns `reporterShareBps` of the
    ///         slashed amount and the treasury the rest. A (stream, sequence, operator) is
    ///         slashed at most once. An operator without stake is still jailed.
    /// @dev Emits {Slashed}, {Jailed} (unless already jailed) and {TamperingProven}.
    /// @param entry The origin's manifest entry.
    /// @param originSignature Its 65-byte signature by the stream's origin signer for `entry.sequence`.
    /// @param statement The relay's delivery statement for the same stream and sequence.
    /// @param relaySignature Its 65-byte signature by the relay operator.
    /// @return operator The slashed operator.
    /// @return slashed The amount slashed.
    function slashForTampering(
        ManifestEntry calldata entry,
        bytes calldata originSignature,
        DeliveryStatement calldata statement,
        bytes calldata relaySignature
    ) external returns (address operator, uint256 slashed);

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

    /// @notice How many governance slash proposals against `operator` are pending.
    function pendingSlashProposals(address operator) external view returns (uint256);

    /// @notice The current parameters.
    function parameters() external view returns (Parameters memory);

    /// @notice The account that receives slashed stake (less reporter rewards).
    function treasury() external view returns (address);

    /// @notice The owner of `streamId` and its latest origin signer (zero if unregistered).
    function streamOf(bytes32 streamId) external view returns (address owner, address originSigner);

    /// @notice The origin signer of `streamId` for `sequence` (zero if unregistered).
    function originSignerAt(bytes32 streamId, uint64 sequence) external view returns (address);

    /// @notice Whether `operator` was slashed for tampering with `streamId`/`sequence`.
    function isSlashedFor(
        bytes32 streamId,
        uint64 sequence,
        address operator
    ) external view returns (bool);

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

    /// @notice The SLASHER role, which proposes governance slashes.
    // solhint-disable-next-line func-name-mixedcase
    function SLASHER_ROLE() external view returns (bytes32);

    /// @notice The GUARDIAN role, which cancels governance slashes.
    // solhint-disable-next-line func-name-mixedcase
    function GUARDIAN_ROLE() external view returns (bytes32);

    /// @notice The EIP-712 digest the origin signs for `entry`.
    function manifestEntryDigest(ManifestEntry calldata entry) external view returns (bytes32);

    /// @notice The EIP-712 digest the relay operator signs for `statement`.
    function deliveryStatementDigest(
        DeliveryStatement calldata statement
    ) external view returns (bytes32);
}
