// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {MessageHashUtils} from "@openzeppelin/contracts/utils/cryptography/MessageHashUtils.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

import {IRewardPools} from "./interfaces/IRewardPools.sol";
import {AttestationHash} from "./libraries/AttestationHash.sol";
import {AttestorSetCode} from "./libraries/AttestorSetCode.sol";
import {CompactSignature} from "./libraries/CompactSignature.sol";

/// @title RewardPools
/// @notice Streamers' reward pools, paid out to relays against attestors' signed cumulative
///         earnings. See {IRewardPools}.
/// @dev Roles: `DEFAULT_ADMIN_ROLE` proposes attestor sets and manages roles; `GUARDIAN_ROLE`
///      pauses. Storage is laid out for the claim path: one slot with a pool's balance, rate
///      ceiling and closing time, one with its token, one per (pool, account) claim record, and
///      one with the active attestors, threshold and pause flag.
///
///      Notice periods run on a clock that stops while the hub is paused: `_clock` holds the
///      seconds spent paused so far and when the current pause began. A pool stores `closesAt`
///      on that clock (wall time less paused time); views, events and errors report it in wall
///      time as of the call. Claims read the pause clock only for closed pools.
contract RewardPools is IRewardPools, AccessControl, EIP712, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    /// @inheritdoc IRewardPools
    bytes32 public constant ATTESTATION_TYPEHASH = AttestationHash.TYPEHASH;

    /// @inheritdoc IRewardPools
    bytes32 public constant GUARDIAN_ROLE = keccak256("GUARDIAN_ROLE");

    /// @inheritdoc IRewardPools
    uint32 public immutable ATTESTOR_ROTATION_DELAY;

    /// @dev The shortest notice period a pool may have (see {minNoticePeriod}).
    uint32 private immutable _minNoticePeriod;

    /// @dev Attestations pay at most `cumulativeBytes * maxRatePerGB / BYTES_PER_GB`.
    uint256 private constant BYTES_PER_GB = 1e9;

    /// @dev Compact signature size (EIP-2098).
    uint256 private constant SIGNATURE_LENGTH = 64;

    /// @dev The largest attestor set (its size is a uint8).
    uint256 private constant MAX_ATTESTORS = type(uint8).max;

    struct Pool {
        // Slot 0, read by claims for the transfer.
        address token;
        uint32 noticePeriod;
        // Slot 1, everything else a claim reads and writes.
        uint128 balance;
        uint88 maxRatePerGB;
        uint40 closesAt;
        // Slot 2.
        address owner;
        uint88 ratePerGB;
        // Slot 3.
        uint128 epochBudget;
    }

    /// @dev What one account has claimed from one pool: one slot.
    struct ClaimRecord {
        uint128 cumulativeBytes;
        uint128 cumulativeAmount;
    }

    /// @dev An attestor set. `members` is the only member when `size` is 1 (the common 1-of-1
    ///      case reads no code), else the data contract holding all of them (AttestorSetCode).
    ///      `paused` is meaningful in the active set only, `activatesAt` in the pending one only.
    struct AttestorConfig {
        address members;
        uint8 threshold;
        uint8 size;
        bool paused;
        uint40 activatesAt;
    }

    /// @dev Seconds the hub has spent paused (before the current pause) and when the current
    ///      pause began (0 while not paused).
    struct PauseClock {
        uint40 pausedTotal;
        uint40 pausedAt;
    }

    mapping(uint256 poolId => Pool) private _pools;
    mapping(uint256 poolId => mapping(address account => ClaimRecord)) private _claims;
    uint256 private _poolCount;
    AttestorConfig private _active;
    AttestorConfig private _pending;
    PauseClock private _clock;

    /// @param admin Gets `DEFAULT_ADMIN_ROLE`: proposes attestor sets, grants and revokes roles.
    /// @param guardian Gets `GUARDIAN_ROLE`: pauses and unpauses.
    /// @param initialAttestors The first attestor set, ascending, active at once.
    /// @param threshold How many of `initialAttestors` must sign each attestation.
    /// @param attestorRotationDelay Seconds between proposing and activating a new set.
    /// @param minNoticePeriod_ The shortest notice period a pool may have: longer than one
    ///        epoch plus a claim window, so closing cannot void attested earnings.
    constructor(
        address admin,
        address guardian,
        address[] memory initialAttestors,
        uint8 threshold,
        uint32 attestorRotationDelay,
        uint32 minNoticePeriod_
    ) EIP712("StreamrP2P RewardPools", "1") {
        if (minNoticePeriod_ == 0) revert InvalidMinNoticePeriod(minNoticePeriod_);
        ATTESTOR_ROTATION_DELAY = attestorRotationDelay;
        _minNoticePeriod = minNoticePeriod_;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(GUARDIAN_ROLE, guardian);
        _active = _storeAttestors(initialAttestors, threshold);
        emit AttestorsActivated(initialAttestors, threshold);
    }

    modifier whenNotPaused() {
        if (_active.paused) revert EnforcedPause();
        _;
    }

    // ----------------------------------------------------------------------------------------
    // Pools
    // ----------------------------------------------------------------------------------------

    /// @inheritdoc IRewardPools
    function createPool(
        address token,
        uint88 ratePerGB,
        uint88 maxRatePerGB,
        uint128 epochBudget,
        uint32 noticePeriod
    ) external whenNotPaused returns (uint256 poolId) {
        if (token == address(0)) revert InvalidToken(token);
        if (maxRatePerGB == 0 || ratePerGB > maxRatePerGB) {
            revert InvalidRate(ratePerGB, maxRatePerGB);
        }
        if (noticePeriod < _minNoticePeriod) {
            revert NoticePeriodTooShort(noticePeriod, _minNoticePeriod);
        }
        poolId = ++_poolCount;
        Pool storage p = _pools[poolId];
        p.token = token;
        p.noticePeriod = noticePeriod;
        p.maxRatePerGB = maxRatePerGB;
        p.owner = msg.sender;
        p.ratePerGB = ratePerGB;
        p.epochBudget = epochBudget;
        emit PoolCreated(
            poolId,
            msg.sender,
            token,
            ratePerGB,
            maxRatePerGB,
            epochBudget,
            noticePeriod
        );
    }

    /// @inheritdoc IRewardPools
    function fund(
        uint256 poolId,
        uint128 amount
    ) external nonReentrant whenNotPaused returns (uint128 funded) {
        return _fund(poolId, _openPoolToken(poolId), amount);
    }

    /// @inheritdoc IRewardPools
    function fundWithPermit(
        uint256 poolId,
        uint128 amount,
        uint256 deadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external nonReentrant whenNotPaused returns (uint128 funded) {
        address token = _openPoolToken(poolId);
        // A permit can be front-run (its signature is public in the mempool): then it reverts
        // here although the allowance it granted is in place (OpenZeppelin's IERC20Permit note).
        try IERC20Permit(token).permit(msg.sender, address(this), amount, deadline, v, r, s) {
            // The allowance is set.
        } catch {
            uint256 allowance = IERC20(token).allowance(msg.sender, address(this));
            if (allowance < amount) revert PermitFailed(token, allowance, amount);
        }
        return _fund(poolId, token, amount);
    }

    /// @inheritdoc IRewardPools
    function closePool(uint256 poolId) external returns (uint40 closesAt) {
        Pool storage p = _ownedPool(poolId);
        PauseClock memory clock = _clock;
        if (p.closesAt != 0) revert PoolAlreadyClosed(poolId, _wallTime(p.closesAt, clock));
        uint40 unpausedCloseAt = SafeCast.toUint40(_unpausedNow(clock) + p.noticePeriod);
        p.closesAt = unpausedCloseAt;
        closesAt = _wallTime(unpausedCloseAt, clock);
        emit PoolClosed(poolId, closesAt);
    }

    /// @inheritdoc IRewardPools
    function reclaim(uint256 poolId) external nonReentrant returns (uint128 amount) {
        Pool storage p = _ownedPool(poolId);
        uint40 closesAt = p.closesAt;
        if (closesAt == 0) revert PoolNotClosed(poolId);
        PauseClock memory clock = _clock;
        if (_unpausedNow(clock) < closesAt)
            revert NoticePeriodNotOver(poolId, _wallTime(closesAt, clock));
        amount = p.balance;
        if (amount == 0) revert NothingToReclaim(poolId);
        p.balance = 0;
        emit PoolReclaimed(poolId, msg.sender, amount);
        IERC20(p.token).safeTransfer(msg.sender, amount);
    }

    // ----------------------------------------------------------------------------------------
    // Claims
    // ----------------------------------------------------------------------------------------

    /// @inheritdoc IRewardPools
    function claim(
        Attestation calldata attestation,
        bytes calldata signatures
    ) external nonReentrant returns (uint128 paid) {
        (address only, address[] memory members, uint256 threshold) = _claimAttestors();
        // threshold <= 255: the product is small.
        if (signatures.length != _unsafeMul(threshold, SIGNATURE_LENGTH)) {
            revert InvalidSignaturesLength(signatures.length, 1, uint8(threshold));
        }
        (address token, address account, uint128 amount) = _claim(
            _domainSeparatorV4(),
            attestation,
            signatures,
            0,
            only,
            members,
            threshold,
            false
        );
        IERC20(token).safeTransfer(account, amount);
        return amount;
    }

    /// @inheritdoc IRewardPools
    function claimBatch(
        Attestation[] calldata attestations,
        bytes calldata signatures
    ) external nonReentrant {
        (address only, address[] memory members, uint256 threshold) = _claimAttestors();
        uint256 count = attestations.length;
        // count < 2^64 (the decoder bounds it by calldata) and threshold <= 255: no overflow.
        uint256 signaturesPerAttestation = _unsafeMul(threshold, SIGNATURE_LENGTH);
        if (signatures.length != _unsafeMul(count, signaturesPerAttestation)) {
            revert InvalidSignaturesLength(signatures.length, count, uint8(threshold));
        }
        bytes32 domainSeparator = _domainSeparatorV4(); // once for the whole batch
        // Runs of attestations paying the same account in the same token are paid with one
        // transfer, made once the run ends: the run's effects all precede it. Attestations
        // that pay nothing (already claimed, e.g. by a front-runner) are skipped.
        address runToken;
        address runAccount;
        uint256 runAmount;
        for (uint256 i; i < count; ++i) {
            (address token, address account, uint128 paid) = _claim(
                domainSeparator,
                attestations[i],
                signatures,
                // i < count, and count * threshold * 64 is the length of `signatures`.
                _unsafeMul(i, signaturesPerAttestation),
                only,
                members,
                threshold,
                true
            );
            if (paid == 0) continue;
            if (token == runToken && account == runAccount) {
                // Each `paid` is at most 2^128 - 1 and `count` is bounded by calldata size, far
                // below 2^128 attestations: the sum cannot overflow 256 bits.
                unchecked {
                    runAmount += paid;
                }
            } else {
                if (runAmount != 0) IERC20(runToken).safeTransfer(runAccount, runAmount);
                runToken = token;
                runAccount = account;
                runAmount = paid;
            }
        }
        // `runToken` is set by the first attestation that pays (pools have a non-zero token).
        if (count != 0 && runToken == address(0)) _revertNothingToClaim(attestations[count - 1]);
        if (runAmount != 0) IERC20(runToken).safeTransfer(runAccount, runAmount);
    }

    // ----------------------------------------------------------------------------------------
    // Attestors and pause
    // ----------------------------------------------------------------------------------------

    /// @inheritdoc IRewardPools
    function proposeAttestors(
        address[] calldata attestors_,
        uint8 threshold
    ) external onlyRole(DEFAULT_ADMIN_ROLE) {
        AttestorConfig memory proposed = _storeAttestors(attestors_, threshold);
        proposed.activatesAt = SafeCast.toUint40(block.timestamp + ATTESTOR_ROTATION_DELAY);
        _pending = proposed;
        emit AttestorsProposed(attestors_, threshold, proposed.activatesAt);
    }

    /// @inheritdoc IRewardPools
    function activateAttestors() external {
        AttestorConfig memory next = _pending;
        if (next.size == 0) revert NoPendingAttestors();
        if (block.timestamp < next.activatesAt) revert AttestorRotationNotReady(next.activatesAt);
        next.paused = _active.paused;
        next.activatesAt = 0;
        _active = next;
        delete _pending;
        emit AttestorsActivated(_members(next), next.threshold);
    }

    /// @inheritdoc IRewardPools
    function pause() external onlyRole(GUARDIAN_ROLE) {
        if (_active.paused) revert EnforcedPause();
        _active.paused = true;
        _clock.pausedAt = uint40(block.timestamp);
        emit Paused(msg.sender);
    }

    /// @inheritdoc IRewardPools
    function unpause() external onlyRole(GUARDIAN_ROLE) {
        if (!_active.paused) revert ExpectedPause();
        _active.paused = false;
        PauseClock memory clock = _clock;
        // Safe: pausedAt was a past block.timestamp, and the paused total never exceeds the time
        // elapsed since 1970, far below 2^40 seconds.
        unchecked {
            _clock = PauseClock({
                pausedTotal: clock.pausedTotal + (uint40(block.timestamp) - clock.pausedAt),
                pausedAt: 0
            });
        }
        emit Unpaused(msg.sender);
    }

    // ----------------------------------------------------------------------------------------
    // Views
    // ----------------------------------------------------------------------------------------

    /// @inheritdoc IRewardPools
    // solhint-disable-next-line func-name-mixedcase
    function DOMAIN_SEPARATOR() external view returns (bytes32) {
        return _domainSeparatorV4();
    }

    /// @inheritdoc IRewardPools
    function attestationDigest(Attestation calldata attestation) external view returns (bytes32) {
        return _hashTypedDataV4(AttestationHash.hash(attestation));
    }

    /// @inheritdoc IRewardPools
    function pool(uint256 poolId) external view returns (PoolInfo memory) {
        Pool storage p = _pools[poolId];
        uint40 closesAt = p.closesAt;
        return
            PoolInfo({
                owner: p.owner,
                token: p.token,
                ratePerGB: p.ratePerGB,
                maxRatePerGB: p.maxRatePerGB,
                epochBudget: p.epochBudget,
                noticePeriod: p.noticePeriod,
                balance: p.balance,
                closesAt: closesAt == 0 ? 0 : _wallTime(closesAt, _clock)
            });
    }

    /// @inheritdoc IRewardPools
    function minNoticePeriod() external view returns (uint32) {
        return _minNoticePeriod;
    }

    /// @inheritdoc IRewardPools
    function pausedDuration() external view returns (uint256) {
        PauseClock memory clock = _clock;
        return block.timestamp - _unpausedNow(clock);
    }

    /// @inheritdoc IRewardPools
    function poolCount() external view returns (uint256) {
        return _poolCount;
    }

    /// @inheritdoc IRewardPools
    function claimed(
        uint256 poolId,
        address account
    ) external view returns (uint128 cumulativeBytes, uint128 cumulativeAmount) {
        ClaimRecord storage record = _claims[poolId][account];
        return (record.cumulativeBytes, record.cumulativeAmount);
    }

    /// @inheritdoc IRewardPools
    function attestors() external view returns (address[] memory set, uint8 threshold) {
        AttestorConfig memory active = _active;
        return (_members(active), active.threshold);
    }

    /// @inheritdoc IRewardPools
    function pendingAttestors()
        external
        view
        returns (address[] memory set, uint8 threshold, uint40 activatesAt)
    {
        AttestorConfig memory pending = _pending;
        return (_members(pending), pending.threshold, pending.activatesAt);
    }

    /// @inheritdoc IRewardPools
    function paused() external view returns (bool) {
        return _active.paused;
    }

    // ----------------------------------------------------------------------------------------
    // Internals
    // ----------------------------------------------------------------------------------------

    /// @dev The token of open pool `poolId`; reverts if it does not exist or was closed.
    function _openPoolToken(uint256 poolId) private view returns (address token) {
        Pool storage p = _pools[poolId];
        token = p.token;
        if (token == address(0)) revert PoolNotFound(poolId);
        uint40 closesAt = p.closesAt;
        if (closesAt != 0) revert PoolAlreadyClosed(poolId, _wallTime(closesAt, _clock));
    }

    /// @dev Now on the clock that stops while paused: wall time less the time spent paused.
    function _unpausedNow(PauseClock memory clock) private view returns (uint256) {
        uint256 pausedAt = clock.pausedAt;
        return (pausedAt == 0 ? block.timestamp : pausedAt) - clock.pausedTotal;
    }

    /// @dev The wall time at which the stopping clock reads `unpausedTime`, if no further pause
    ///      comes (a running pause counts up to now).
    function _wallTime(uint40 unpausedTime, PauseClock memory clock) private view returns (uint40) {
        return SafeCast.toUint40(unpausedTime + block.timestamp - _unpausedNow(clock));
    }

    /// @dev Pool `poolId`, after checking that the caller owns it.
    function _ownedPool(uint256 poolId) private view returns (Pool storage p) {
        p = _pools[poolId];
        address owner = p.owner;
        if (owner == address(0)) revert PoolNotFound(poolId);
        if (owner != msg.sender) revert NotPoolOwner(poolId, msg.sender, owner);
    }

    /// @dev Credits pool `poolId` with what the contract gains from pulling `amount` of `token`
    ///      from the caller. The balance is measured around the transfer (fee-on-transfer tokens),
    ///      so the credit follows the interaction; `nonReentrant` on every caller and on every
    ///      other token-moving function keeps a reentrant token from observing the gap.
    function _fund(uint256 poolId, address token, uint128 amount) private returns (uint128) {
        if (amount == 0) revert ZeroAmount();
        uint256 before = IERC20(token).balanceOf(address(this));
        IERC20(token).safeTransferFrom(msg.sender, address(this), amount);
        uint256 received = IERC20(token).balanceOf(address(this)) - before;
        if (received == 0) revert ZeroAmount();
        Pool storage p = _pools[poolId];
        uint128 balance = p.balance;
        uint256 newBalance = uint256(balance) + received;
        if (newBalance > type(uint128).max) revert PoolBalanceOverflow(poolId, balance, received);
        p.balance = uint128(newBalance);
        // `received` <= `newBalance` <= 2^128 - 1, checked above.
        emit PoolFunded(poolId, msg.sender, uint128(received), uint128(newBalance));
        return uint128(received);
    }

    /// @dev The active attestor set and threshold, after checking that claims are not paused:
    ///      `only` is the single member of a one-member set (then `members` is empty), else
    ///      `members` holds them all (then `only` is zero).
    function _claimAttestors()
        private
        view
        returns (address only, address[] memory members, uint256 threshold)
    {
        // One SLOAD, decoded by hand (the compiler reads the slot once per member). Layout as
        // declared in {AttestorConfig}: `members` in the low 160 bits, then `threshold`, `size`
        // and `paused`, 8 bits each.
        uint256 word;
        assembly ("memory-safe") {
            word := sload(_active.slot)
        }
        if ((word >> 176) & 0xff != 0) revert EnforcedPause();
        threshold = (word >> 160) & 0xff;
        uint256 size = (word >> 168) & 0xff;
        address pointer = address(uint160(word));
        if (size == 1) only = pointer;
        else members = AttestorSetCode.load(pointer, size);
    }

    /// @dev Reverts with {NothingToClaim} for `last`, the last attestation of a batch that paid
    ///      nothing.
    function _revertNothingToClaim(Attestation calldata last) private view {
        revert NothingToClaim(
            last.poolId,
            last.account,
            _claims[last.poolId][last.account].cumulativeAmount,
            last.cumulativeAmount
        );
    }

    /// @dev Checks `attestation` and its signatures at `offset`, records it and debits the pool.
    ///      Leaves the transfer of `paid` in `token` to `account` to the caller.
    ///      `domainSeparator` is {_domainSeparatorV4}, passed in so a batch computes it once.
    function _claim(
        bytes32 domainSeparator,
        Attestation calldata attestation,
        bytes calldata signatures,
        uint256 offset,
        address only,
        address[] memory members,
        uint256 threshold,
        bool skipNothingToClaim
    ) private returns (address token, address account, uint128 paid) {
        bytes32 digest = MessageHashUtils.toTypedDataHash(
            domainSeparator,
            AttestationHash.hash(attestation)
        );
        if (only != address(0)) _verifyOne(digest, signatures, offset, only);
        else _verify(digest, signatures, offset, members, threshold);
        return _record(attestation, skipNothingToClaim);
    }

    /// @dev Checks a signed `attestation` (its signatures verified over its calldata words, see
    ///      {AttestationHash-fields}) against the pool and the account's claim record, raises
    ///      the record and debits the pool. An attestation that pays nothing reverts, or
    ///      returns `paid` 0 without effects when `skipNothingToClaim`.
    function _record(
        Attestation calldata attestation,
        bool skipNothingToClaim
    ) private returns (address token, address account, uint128 paid) {
        uint256 poolId;
        uint128 cumulativeBytes;
        uint128 cumulativeAmount;
        (poolId, account, cumulativeBytes, cumulativeAmount) = AttestationHash.fields(attestation);

        Pool storage p = _pools[poolId];
        token = p.token;
        if (token == address(0)) revert PoolNotFound(poolId);
        uint128 balance = p.balance;
        uint88 maxRatePerGB = p.maxRatePerGB;
        uint40 closesAt = p.closesAt;
        if (closesAt != 0) {
            // Claims run only while not paused: the stopping clock reads now less paused time.
            uint40 pausedTotal = _clock.pausedTotal;
            if (block.timestamp - pausedTotal >= closesAt) {
                revert PoolExpired(poolId, closesAt + pausedTotal);
            }
        }
        bool aboveCeiling;
        // Both products fit in 256 bits (2^128 * 10^9 and 2^128 * 2^88): no overflow check.
        unchecked {
            aboveCeiling =
                uint256(cumulativeAmount) * BYTES_PER_GB >
                uint256(cumulativeBytes) * maxRatePerGB;
        }
        if (aboveCeiling) {
            revert RateCeilingExceeded(poolId, cumulativeBytes, cumulativeAmount, maxRatePerGB);
        }

        ClaimRecord storage record = _claims[poolId][account];
        (uint128 lastBytes, uint128 lastAmount) = _readRecord(record);
        if (cumulativeAmount <= lastAmount) {
            // Pays nothing: an older or already claimed attestation.
            if (skipNothingToClaim) return (token, account, 0);
            if (cumulativeBytes < lastBytes) {
                revert CumulativeBytesDecreased(poolId, account, lastBytes, cumulativeBytes);
            }
            revert NothingToClaim(poolId, account, lastAmount, cumulativeAmount);
        }
        if (cumulativeBytes < lastBytes) {
            revert CumulativeBytesDecreased(poolId, account, lastBytes, cumulativeBytes);
        }
        // cumulativeAmount > lastAmount, checked above.
        unchecked {
            paid = cumulativeAmount - lastAmount;
        }
        if (paid > balance) revert InsufficientPoolBalance(poolId, balance, paid);

        _writeRecord(record, cumulativeBytes, cumulativeAmount);
        // paid <= balance, checked above.
        unchecked {
            _writeClaimSlot(p, balance - paid, maxRatePerGB, closesAt);
        }
        emit Claimed(poolId, account, paid);
    }

    /// @dev Writes the pool's claim slot (balance, rate ceiling, closing time) with one SSTORE
    ///      and no read. Layout as declared in {Pool}: the balance in the low 128 bits, then
    ///      `maxRatePerGB` (88 bits), then `closesAt` (40 bits).
    function _writeClaimSlot(
        Pool storage p,
        uint128 newBalance,
        uint88 maxRatePerGB,
        uint40 closesAt
    ) private {
        assembly ("memory-safe") {
            sstore(add(p.slot, 1), or(or(shl(216, closesAt), shl(128, maxRatePerGB)), newBalance))
        }
    }

    /// @dev Reads both halves of a claim record with one SLOAD and no memory copy. Layout as
    ///      declared: `cumulativeBytes` in the low 128 bits.
    function _readRecord(
        ClaimRecord storage record
    ) private view returns (uint128 cumulativeBytes, uint128 cumulativeAmount) {
        uint256 word;
        assembly ("memory-safe") {
            word := sload(record.slot)
        }
        return (uint128(word), uint128(word >> 128));
    }

    /// @dev Writes both halves of a claim record with one SSTORE (the compiler writes each
    ///      member separately). Layout as declared: `cumulativeBytes` in the low 128 bits.
    function _writeRecord(
        ClaimRecord storage record,
        uint128 cumulativeBytes,
        uint128 cumulativeAmount
    ) private {
        assembly ("memory-safe") {
            sstore(record.slot, or(shl(128, cumulativeAmount), cumulativeBytes))
        }
    }

    /// @dev Requires the signature of `digest` at `offset` in `signatures` to be by `only`, the
    ///      single member of the active set. The caller checked that `signatures` holds it.
    function _verifyOne(
        bytes32 digest,
        bytes calldata signatures,
        uint256 offset,
        address only
    ) private view {
        address signer = _recoverAt(digest, signatures, offset);
        if (signer == address(0)) revert InvalidSignature(0);
        if (signer != only) revert UnknownAttestor(signer);
    }

    /// @dev Requires `threshold` signatures of `digest` at `offset` in `signatures`, by distinct
    ///      members of the ascending set `members`, in ascending signer order. The caller checked
    ///      that `signatures` holds them all.
    function _verify(
        bytes32 digest,
        bytes calldata signatures,
        uint256 offset,
        address[] memory members,
        uint256 threshold
    ) private view {
        uint256 size = members.length;
        uint256 next; // index in `members` of the first candidate for the next signer
        address previous;
        for (uint256 i; i < threshold; ++i) {
            // i < threshold and the caller checked that `signatures` holds `threshold` 64-byte
            // signatures past `offset`: the offset stays inside calldata.
            address signer = _recoverAt(
                digest,
                signatures,
                _unsafeMul(i, SIGNATURE_LENGTH) + offset
            );
            if (signer == address(0)) revert InvalidSignature(i);
            if (signer <= previous) revert SignersNotAscending(i, signer, previous);
            // Both lists ascend, so one forward walk over `members` checks every signer.
            while (next < size && members[next] < signer) ++next;
            if (next == size || members[next] != signer) revert UnknownAttestor(signer);
            ++next;
            previous = signer;
        }
    }

    /// @dev The signer of `digest` by the compact signature at `at` in `signatures` (zero if it
    ///      has a high `s` or does not recover). The caller checked that 64 bytes lie there.
    function _recoverAt(
        bytes32 digest,
        bytes calldata signatures,
        uint256 at
    ) private view returns (address) {
        bytes32 r;
        bytes32 vs;
        assembly ("memory-safe") {
            let p := add(signatures.offset, at)
            r := calldataload(p)
            vs := calldataload(add(p, 32))
        }
        return CompactSignature.recover(digest, r, vs);
    }

    /// @dev `a * b` without the overflow check, for products the caller proved small.
    function _unsafeMul(uint256 a, uint256 b) private pure returns (uint256 product) {
        unchecked {
            product = a * b;
        }
    }

    /// @dev Checks an attestor set and stores it (inline when it has one member).
    function _storeAttestors(
        address[] memory set,
        uint8 threshold
    ) private returns (AttestorConfig memory config) {
        uint256 size = set.length;
        if (size == 0 || size > MAX_ATTESTORS || threshold == 0 || threshold > size) {
            revert InvalidAttestorSet(size, threshold);
        }
        address previous;
        for (uint256 i; i < size; ++i) {
            if (set[i] <= previous) revert AttestorsNotAscending(i);
            previous = set[i];
        }
        config.members = size == 1 ? set[0] : AttestorSetCode.store(set);
        config.threshold = threshold;
        // size <= MAX_ATTESTORS = 255, checked above.
        config.size = uint8(size);
    }

    /// @dev The members of `config` (empty for an empty config).
    function _members(AttestorConfig memory config) private view returns (address[] memory set) {
        if (config.size == 1) {
            set = new address[](1);
            set[0] = config.members;
        } else {
            set = AttestorSetCode.load(config.members, config.size);
        }
    }
}
