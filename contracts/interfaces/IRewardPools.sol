// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title IRewardPools
/// @notice One hub for every streamer's reward pool. A streamer creates a pool for an ERC-20
///         token, funds it, and relays claim what they earned with EIP-712 attestations signed
///         by a registered set of coordinator attestors (k of n).
/// @dev Attestations are cumulative: `Attestation(uint256 poolId,address account,
///      uint128 cumulativeBytes,uint128 cumulativeAmount)` in the domain
///      {name: "StreamrP2P RewardPools", version: "1", chainId, verifyingContract}. The contract
///      pays the rise of `cumulativeAmount` since the account's last claim on the pool, so a
///      replayed or older attestation pays nothing and no nonce is stored.
///
///      Signatures are EIP-2098 compact signatures (`r`, `vs`: 64 bytes each), concatenated in
///      strictly ascending order of their signers' addresses, exactly `threshold` of them per
///      attestation.
///
///      Pausing (guardian) stops pool creation, funding and claims. Closing and reclaiming stay
///      open while paused: if an attestor key leaks, the guardian pauses claims and streamers can
///      still close their pools and take their money back once the notice period is over.
///
///      A closed pool keeps paying claims for its notice period, at least `minNoticePeriod`
///      (longer than one epoch plus a claim window, set at deployment), so closing cannot void
///      earnings already served. The notice clock stops while the hub is paused: time spent
///      paused after a pool closed does not count, and its `closesAt` moves later by that time.
///
///      Trust assumptions that remain: the attestors (k of n) are honest about bytes served, and
///      the guardian does not keep the hub paused to hold claims back (reclaiming stays open,
///      but a paused hub pays no claims).
interface IRewardPools {
    /// @notice A relay's cumulative earnings on one pool, as signed by the attestors.
    /// @param poolId The pool paying.
    /// @param account The account paid (anyone may submit the claim for it).
    /// @param cumulativeBytes Bytes the account delivered for the pool's stream, in total.
    /// @param cumulativeAmount Token base units the account earned from the pool, in total.
    struct Attestation {
        uint256 poolId;
        address account;
        uint128 cumulativeBytes;
        uint128 cumulativeAmount;
    }

    /// @notice Everything known about one pool.
    /// @param owner The streamer who created the pool: the only one who may close and reclaim.
    /// @param token The ERC-20 the pool pays in.
    /// @param ratePerGB Token base units per 10^9 bytes the coordinator pays (informational).
    /// @param maxRatePerGB The on-chain ceiling: no attestation may pay more per 10^9 bytes.
    /// @param epochBudget The most the coordinator attests per epoch (informational, 0 = none).
    /// @param noticePeriod Seconds between closing and the end of claims (paused time excluded).
    /// @param balance Token base units the pool holds.
    /// @param closesAt When claims stop and the owner may reclaim (0 while the pool is open), in
    ///        wall time as of now: any later pause moves it later.
    struct PoolInfo {
        address owner;
        address token;
        uint88 ratePerGB;
        uint88 maxRatePerGB;
        uint128 epochBudget;
        uint32 noticePeriod;
        uint128 balance;
        uint40 closesAt;
    }

    /// @notice Emitted when `owner` creates pool `poolId`.
    event PoolCreated(
        uint256 indexed poolId,
        address indexed owner,
        address indexed token,
        uint88 ratePerGB,
        uint88 maxRatePerGB,
        uint128 epochBudget,
        uint32 noticePeriod
    );

    /// @notice Emitted when `funder` added `amount` (as received, after any transfer fee).
    event PoolFunded(
        uint256 indexed poolId,
        address indexed funder,
        uint128 amount,
        uint128 balance
    );

    /// @notice Emitted when the owner closed the pool: claims pay until `closesAt` (later if the
    ///         hub is paused in between).
    event PoolClosed(uint256 indexed poolId, uint40 closesAt);

    /// @notice Emitted when the owner took back the `amount` the pool still held.
    event PoolReclaimed(uint256 indexed poolId, address indexed owner, uint128 amount);

    /// @notice Emitted when `account` was paid `paid` from pool `poolId`. The attested totals it
    ///         now has claimed are in the transaction's calldata and in {claimed}.
    /// @dev Only `account` is a topic (logs filter by payee); `poolId` is data, which costs 119
    ///      gas less per claim than a topic. No consumer filters claims by pool.
    event Claimed(uint256 poolId, address indexed account, uint128 paid);

    /// @notice Emitted when the admin proposed a new attestor set, active from `activatesAt`.
    event AttestorsProposed(address[] attestors, uint8 threshold, uint40 activatesAt);

    /// @notice Emitted when an attestor set became the one that signs claims.
    event AttestorsActivated(address[] attestors, uint8 threshold);

    /// @notice Emitted when the guardian `account` paused claims, funding and pool creation.
    event Paused(address account);

    /// @notice Emitted when the guardian `account` lifted the pause.
    event Unpaused(address account);

    /// @notice No pool has id `poolId`.
    error PoolNotFound(uint256 poolId);

    /// @notice `caller` is not `owner`, the owner of pool `poolId`.
    error NotPoolOwner(uint256 poolId, address caller, address owner);

    /// @notice Pool `poolId` was closed (claims stop at `closesAt`): it takes no more funds.
    error PoolAlreadyClosed(uint256 poolId, uint40 closesAt);

    /// @notice Pool `poolId` is open: close it and wait out the notice period to reclaim.
    error PoolNotClosed(uint256 poolId);

    /// @notice Pool `poolId`'s notice period runs until `closesAt`: it cannot be reclaimed yet.
    error NoticePeriodNotOver(uint256 poolId, uint40 closesAt);

    /// @notice Pool `poolId`'s notice period ended at `closesAt`: it pays no more claims.
    error PoolExpired(uint256 poolId, uint40 closesAt);

    /// @notice Pool `poolId` holds nothing to reclaim.
    error NothingToReclaim(uint256 poolId);

    /// @notice `token` cannot back a pool (the zero address).
    error InvalidToken(address token);

    /// @notice The ceiling must be non-zero and at least the rate.
    error InvalidRate(uint88 ratePerGB, uint88 maxRatePerGB);

    /// @notice Funding must move a non-zero amount (after any transfer fee).
    error ZeroAmount();

    /// @notice Adding `amount` to pool `poolId`'s `balance` would overflow its uint128 balance.
    error PoolBalanceOverflow(uint256 poolId, uint128 balance, uint256 amount);

    /// @notice The permit failed and the allowance (`allowance`) does not cover `needed`.
    error PermitFailed(address token, uint256 allowance, uint256 needed);

    /// @notice `cumulativeAmount` exceeds `cumulativeBytes` x `maxRatePerGB` / 10^9.
    error RateCeilingExceeded(
        uint256 poolId,
        uint128 cumulativeBytes,
        uint128 cumulativeAmount,
        uint88 maxRatePerGB
    );

    /// @notice The attested `cumulativeBytes` is below the `claimedBytes` already claimed.
    error CumulativeBytesDecreased(
        uint256 poolId,
        address account,
        uint128 claimedBytes,
        uint128 cumulativeBytes
    );

    /// @notice The notice period `noticePeriod` is shorter than the hub's `minimum`.
    error NoticePeriodTooShort(uint32 noticePeriod, uint32 minimum);

    /// @notice A minimum notice period of zero would let a streamer void claims by closing.
    error InvalidMinNoticePeriod(uint32 minNoticePeriod);

    /// @notice The attested `cumulativeAmount` does not exceed the `claimedAmount` already paid
    ///         (for a batch: nothing in it pays; these are its last attestation's values).
    error NothingToClaim(
        uint256 poolId,
        address account,
        uint128 claimedAmount,
        uint128 cumulativeAmount
    );

    /// @notice Pool `poolId` holds `balance`, less than the `needed` payment.
    error InsufficientPoolBalance(uint256 poolId, uint128 balance, uint128 needed);

    /// @notice `length` bytes of signatures for `count` attestations; each needs `threshold`
    ///         64-byte compact signatures.
    error InvalidSignaturesLength(uint256 length, uint256 count, uint8 threshold);

    /// @notice Signature `index` (of one attestation) has a high `s` or does not recover.
    error InvalidSignature(uint256 index);

    /// @notice Signature `index` recovered `signer`, not above the previous signer `previous`.
    error SignersNotAscending(uint256 index, address signer, address previous);

    /// @notice `signer` is not in the active attestor set.
    error UnknownAttestor(address signer);

    /// @notice A set must have 1..255 members and a threshold from 1 to its size.
    error InvalidAttestorSet(uint256 size, uint8 threshold);

    /// @notice Attestor `index` is the zero address or not above the attestor before it.
    error AttestorsNotAscending(uint256 index);

    /// @notice No attestor set was proposed.
    error NoPendingAttestors();

    /// @notice The proposed attestor set activates at `activatesAt`, not before.
    error AttestorRotationNotReady(uint40 activatesAt);

    /// @notice The operation is not allowed while paused.
    error EnforcedPause();

    /// @notice The operation needs the contract to be paused.
    error ExpectedPause();

    /// @notice Creates a pool owned by the caller.
    /// @param token The ERC-20 the pool pays in.
    /// @param ratePerGB Token base units per 10^9 bytes the coordinator should pay (informational).
    /// @param maxRatePerGB The on-chain ceiling per 10^9 bytes; non-zero and >= `ratePerGB`.
    /// @param epochBudget The most the coordinator should attest per epoch (informational).
    /// @param noticePeriod Seconds claims keep paying after the owner closes the pool, at least
    ///        `minNoticePeriod` (else {NoticePeriodTooShort}); paused time does not count.
    /// @return poolId The new pool's id (ids start at 1).
    function createPool(
        address token,
        uint88 ratePerGB,
        uint88 maxRatePerGB,
        uint128 epochBudget,
        uint32 noticePeriod
    ) external returns (uint256 poolId);

    /// @notice Moves `amount` of the pool's token from the caller into an open pool. Anyone may
    ///         fund any pool; the money can only go to claims or back to the pool's owner.
    /// @dev The pool is credited with the balance the contract actually gained, so tokens that
    ///      take a fee on transfer credit less than `amount`.
    /// @return funded The amount credited.
    function fund(uint256 poolId, uint128 amount) external returns (uint128 funded);

    /// @notice Like `fund`, approving the transfer with an ERC-2612 permit in the same call.
    /// @dev A permit that fails (for instance because someone front-ran it) is ignored when the
    ///      allowance already covers `amount`.
    /// @return funded The amount credited.
    function fundWithPermit(
        uint256 poolId,
        uint128 amount,
        uint256 deadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external returns (uint128 funded);

    /// @notice Closes the caller's pool: it takes no more funds, claims pay for `noticePeriod`
    ///         seconds more (not counting time the hub spends paused), then the owner may reclaim
    ///         what is left.
    /// @return closesAt When claims stop, if the hub is not paused in between.
    function closePool(uint256 poolId) external returns (uint40 closesAt);

    /// @notice Pays what the caller's closed pool still holds back to the caller (its owner),
    ///         once the notice period is over.
    /// @return amount The amount paid back.
    function reclaim(uint256 poolId) external returns (uint128 amount);

    /// @notice Pays `attestation.account` the rise of its cumulative amount since its last claim
    ///         on the pool. Anyone may submit it.
    /// @param attestation The signed cumulative earnings.
    /// @param signatures `threshold` compact signatures (`r`, `vs`), ascending by signer.
    /// @return paid The amount paid.
    function claim(
        Attestation calldata attestation,
        bytes calldata signatures
    ) external returns (uint128 paid);

    /// @notice Pays several attestations in one transaction (typically one account's earnings
    ///         across pools). Consecutive attestations paying the same account in the same token
    ///         are paid with one transfer. Attestations that pay nothing (already claimed, for
    ///         instance by someone who submitted one of them first) are skipped; a non-empty
    ///         batch in which nothing pays reverts with {NothingToClaim}.
    /// @param attestations The signed cumulative earnings; each must be valid.
    /// @param signatures For each attestation in order, `threshold` compact signatures.
    function claimBatch(Attestation[] calldata attestations, bytes calldata signatures) external;

    /// @notice Proposes the next attestor set (admin only); it replaces any earlier proposal and
    ///         becomes activatable after `ATTESTOR_ROTATION_DELAY` seconds.
    /// @param attestors The members, in strictly ascending address order.
    /// @param threshold How many of them must sign each attestation.
    function proposeAttestors(address[] calldata attestors, uint8 threshold) external;

    /// @notice Makes the proposed attestor set the active one once its delay is over. Anyone may
    ///         call it: the admin authorised the set when proposing it.
    function activateAttestors() external;

    /// @notice Stops pool creation, funding and claims (guardian only).
    function pause() external;

    /// @notice Lifts the pause (guardian only).
    function unpause() external;

    /// @notice The EIP-712 typehash of `Attestation`.
    function ATTESTATION_TYPEHASH() external view returns (bytes32);

    /// @notice The EIP-712 domain separator for this chain and contract.
    function DOMAIN_SEPARATOR() external view returns (bytes32);

    /// @notice Seconds between proposing and activating an attestor set.
    function ATTESTOR_ROTATION_DELAY() external view returns (uint32);

    /// @notice The role allowed to pause and unpause.
    function GUARDIAN_ROLE() external view returns (bytes32);

    /// @notice The EIP-712 digest the attestors sign for these values.
    function attestationDigest(Attestation calldata attestation) external view returns (bytes32);

    /// @notice The pool `poolId` (all zero if it does not exist).
    function pool(uint256 poolId) external view returns (PoolInfo memory);

    /// @notice The shortest notice period a pool may have (immutable).
    function minNoticePeriod() external view returns (uint32);

    /// @notice Seconds the hub has spent paused in total, including a pause still running.
    function pausedDuration() external view returns (uint256);

    /// @notice How many pools were created; the last one's id.
    function poolCount() external view returns (uint256);

    /// @notice What `account` has claimed from pool `poolId` so far.
    function claimed(
        uint256 poolId,
        address account
    ) external view returns (uint128 cumulativeBytes, uint128 cumulativeAmount);

    /// @notice The active attestor set and its threshold.
    function attestors() external view returns (address[] memory set, uint8 threshold);

    /// @notice The proposed attestor set (empty if none), its threshold and activation time.
    function pendingAttestors()
        external
        view
        returns (address[] memory set, uint8 threshold, uint40 activatesAt);

    /// @notice Whether claims, funding and pool creation are paused.
    function paused() external view returns (bool);
}
