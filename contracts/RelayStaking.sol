// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {Checkpoints} from "@openzeppelin/contracts/utils/structs/Checkpoints.sol";
import {IRelayStaking} from "./interfaces/IRelayStaking.sol";
import {StakingMath} from "./libraries/StakingMath.sol";

/// @title RelayStaking
/// @notice Stake, unbonding and slashing of StreamrP2P relay operators. See {IRelayStaking}.
/// @dev An operator's record takes two slots: amounts in the first (all a stake touches),
///      times and flags in the second. Stream origin signers are kept as a history keyed by
///      the first sequence each signer covers (OpenZeppelin Checkpoints). A relay key's record
///      keeps its operator after revocation, so the key can never serve another operator (whose
///      stake its old statements would otherwise put at risk).
contract RelayStaking is IRelayStaking, AccessControl, EIP712, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;
    using Checkpoints for Checkpoints.Trace160;

    /// @dev Slot 0: bonded + unbonding. Slot 1: releaseTime + pendingSlashes + jailed.
    struct OperatorRecord {
        uint128 bonded;
        uint128 unbonding;
        uint64 releaseTime;
        uint32 pendingSlashes;
        bool jailed;
    }

    struct StreamRecord {
        address owner;
        bool equivocated;
        /// first sequence covered (uint96 key) => origin signer (uint160 value)
        Checkpoints.Trace160 signers;
    }

    /// @inheritdoc IRelayStaking
    bytes32 public constant MANIFEST_ENTRY_TYPEHASH = keccak256(
        "ManifestEntry(bytes32 streamId,uint64 sequence,uint32 size,uint32 durationMs,bytes32 hash)"
    );

    /// @inheritdoc IRelayStaking
    bytes32 public constant DELIVERY_STATEMENT_TYPEHASH = keccak256(
        "DeliveryStatement(bytes32 streamId,uint64 sequence,bytes32 hash)"
    );

    /// @dev One slot: the operator the key signs for (kept after revocation) and whether it may.
    struct RelayKeyRecord {
        address operator;
        bool authorized;
    }

    /// @inheritdoc IRelayStaking
    bytes32 public constant RELAY_KEY_AUTHORIZATION_TYPEHASH = keccak256(
        "RelayKeyAuthorization(address operator,address relayKey,uint64 deadline)"
    );

    /// @inheritdoc IRelayStaking
    bytes32 public constant SLASHER_ROLE = keccak256("SLASHER_ROLE");

    /// @inheritdoc IRelayStaking
    bytes32 public constant GUARDIAN_ROLE = keccak256("GUARDIAN_ROLE");

    IERC20 private immutable _stakeToken;

    Parameters private _parameters;
    address private _treasury;
    uint256 private _nextSlashProposalId = 1;
    uint256 private _nextTamperReportId = 1;

    mapping(address operator => OperatorRecord) private _operators;
    mapping(bytes32 streamId => StreamRecord) private _streams;
    /// keccak256(abi.encode(streamId, sequence, operator)) => already reported for tampering
    mapping(bytes32 proofKey => bool) private _reportedProofs;
    mapping(uint256 proposalId => SlashProposal) private _slashProposals;
    mapping(uint256 reportId => TamperReport) private _tamperReports;
    mapping(address relayKey => RelayKeyRecord) private _relayKeys;

    /// @param stakeToken_ The ERC-20 operators stake (immutable).
    /// @param admin Governance: DEFAULT_ADMIN_ROLE, which grants SLASHER_ROLE and GUARDIAN_ROLE.
    /// @param treasury_ Receives slashed stake (less reporter rewards).
    /// @param parameters_ The initial parameters.
    constructor(
        IERC20 stakeToken_,
        address admin,
        address treasury_,
        Parameters memory parameters_
    ) EIP712("StreamrP2P RelayStaking", "1") {
        if (admin == address(0)) revert InvalidAccount(admin);
        _stakeToken = stakeToken_;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _setTreasury(treasury_);
        _setParameters(parameters_);
    }

    // ----------------------------------------------------------------------------------------
    // Staking
    // ----------------------------------------------------------------------------------------

    /// @inheritdoc IRelayStaking
    function stake(uint256 amount) external nonReentrant {
        _stake(amount);
    }

    /// @inheritdoc IRelayStaking
    function stakeWithPermit(
        uint256 amount,
        uint256 deadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external nonReentrant {
        // A front-runner may have used the permit already; the allowance is what counts.
        try
            IERC20Permit(address(_stakeToken)).permit(
                msg.sender,
                address(this),
                amount,
                deadline,
                v,
                r,
                s
            )
        {} catch {
            // Ignored on purpose: _stake's transferFrom fails if the allowance is short.
        }
        _stake(amount);
    }

    /// @inheritdoc IRelayStaking
    function requestUnstake(uint256 amount) external {
        if (amount == 0) revert ZeroAmount();
        OperatorRecord storage record = _operators[msg.sender];
        uint256 bonded = record.bonded;
        if (amount > bonded) revert InsufficientBondedStake(msg.sender, bonded, amount);
        uint256 unbonding;
        // Safe: amount <= bonded was checked above, and unbonding + amount <= bonded + unbonding
        // <= 2^129, which fits uint256; it fits uint128 because stake() caps bonded + unbonding
        // at 2^128 - 1 (see _stake).
        unchecked {
            record.bonded = uint128(bonded - amount);
            unbonding = uint256(record.unbonding) + amount;
        }
        record.unbonding = uint128(unbonding);
        uint64 releaseTime = uint64(block.timestamp) + _parameters.unbondingPeriod;
        if (releaseTime > record.releaseTime) record.releaseTime = releaseTime;
        else releaseTime = record.releaseTime;
        emit UnstakeRequested(msg.sender, amount, unbonding, releaseTime);
    }

    /// @inheritdoc IRelayStaking
    function withdraw() external nonReentrant returns (uint256 amount) {
        OperatorRecord storage record = _operators[msg.sender];
        amount = record.unbonding;
        if (amount == 0) revert NothingToWithdraw(msg.sender);
        uint64 releaseTime = record.releaseTime;
        if (block.timestamp < releaseTime)
            revert UnbondingNotReleased(msg.sender, releaseTime, block.timestamp);
        uint256 pending = record.pendingSlashes;
        if (pending != 0) revert WithdrawalFrozen(msg.sender, pending);
        record.unbonding = 0;
        record.releaseTime = 0;
        emit Withdrawn(msg.sender, amount);
        _stakeToken.safeTransfer(msg.sender, amount);
    }

    // ----------------------------------------------------------------------------------------
    // Streams
    // ----------------------------------------------------------------------------------------

    /// @inheritdoc IRelayStaking
    function registerStream(
        bytes32 salt,
        address originSigner
    ) external returns (bytes32 streamId) {
        streamId = _streamIdOf(msg.sender, salt);
        StreamRecord storage stream = _streams[streamId];
        address owner = stream.owner;
        if (owner != address(0)) revert StreamAlreadyRegistered(streamId, owner);
        if (originSigner == address(0)) revert InvalidOriginSigner(originSigner);
        stream.owner = msg.sender;
        stream.signers.push(0, uint160(originSigner));
        emit StreamRegistered(streamId, msg.sender, originSigner);
    }

    /// @inheritdoc IRelayStaking
    function rotateOriginSigner(
        bytes32 streamId,
        address originSigner,
        uint64 fromSequence
    ) external {
        StreamRecord storage stream = _streams[streamId];
        address owner = stream.owner;
        if (owner == address(0)) revert StreamNotRegistered(streamId);
        if (owner != msg.sender) revert NotStreamOwner(streamId, msg.sender, owner);
        if (originSigner == address(0)) revert InvalidOriginSigner(originSigner);
        (, uint96 latestFrom, ) = stream.signers.latestCheckpoint();
        // latestFrom was pushed from a uint64 (or is 0), so the cast is lossless.
        if (fromSequence <= latestFrom)
            revert RotationNotAfterLatest(streamId, fromSequence, uint64(latestFrom));
        stream.signers.push(fromSequence, uint160(originSigner));
        emit OriginSignerRotated(streamId, originSigner, fromSequence);
    }

    // ----------------------------------------------------------------------------------------
    // Relay keys
    // ----------------------------------------------------------------------------------------

    /// @inheritdoc IRelayStaking
    function authorizeRelayKey(
        address relayKey,
        uint64 deadline,
        bytes calldata relayKeySignature
    ) external {
        if (relayKey == address(0)) revert InvalidRelayKey(relayKey);
        if (block.timestamp > deadline) revert SignatureExpired(deadline, block.timestamp);
        RelayKeyRecord storage key = _relayKeys[relayKey];
        address current = key.operator;
        if (key.authorized || (current != address(0) && current != msg.sender)) {
            revert RelayKeyTaken(relayKey, current);
        }
        address recovered = ECDSA.recoverCalldata(
            _relayKeyAuthorizationDigest(msg.sender, relayKey, deadline),
            relayKeySignature
        );
        if (recovered != relayKey) revert InvalidRelayKeySignature(relayKey, recovered);
        key.operator = msg.sender;
        key.authorized = true;
        emit RelayKeyAuthorized(msg.sender, relayKey);
    }

    /// @inheritdoc IRelayStaking
    function revokeRelayKey(address relayKey) external {
        RelayKeyRecord storage key = _relayKeys[relayKey];
        if (!key.authorized) revert UnknownRelayKey(relayKey);
        address operator = key.operator;
        if (operator != msg.sender) revert NotRelayKeyOperator(relayKey, msg.sender, operator);
        key.authorized = false;
        emit RelayKeyRevoked(msg.sender, relayKey);
    }

    // ----------------------------------------------------------------------------------------
    // Slashing
    // ----------------------------------------------------------------------------------------

    /// @inheritdoc IRelayStaking
    function reportTampering(
        ManifestEntry calldata entry,
        bytes calldata originSignature,
        DeliveryStatement calldata statement,
        bytes calldata relaySignature
    ) external returns (uint256 reportId) {
        bytes32 streamId = entry.streamId;
        uint64 sequence = entry.sequence;
        if (statement.streamId != streamId || statement.sequence != sequence) {
            revert ProofMismatch(streamId, sequence, statement.streamId, statement.sequence);
        }
        if (statement.hash == entry.hash) revert NoTampering(entry.hash);
        address expected = _originSignerAt(streamId, sequence);
        if (expected == address(0)) revert StreamNotRegistered(streamId);
        if (_streams[streamId].equivocated) revert StreamEquivocated(streamId);
        address recovered = ECDSA.recoverCalldata(_manifestEntryDigest(entry), originSignature);
        if (recovered != expected)
            revert InvalidOriginSignature(streamId, sequence, recovered, expected);
        address relayKey = ECDSA.recoverCalldata(
            _deliveryStatementDigest(statement),
            relaySignature
        );
        RelayKeyRecord memory key = _relayKeys[relayKey];
        if (!key.authorized) revert UnknownRelayKey(relayKey);
        address operator = key.operator;

        bytes32 proofKey = keccak256(abi.encode(streamId, sequence, operator));
        if (_reportedProofs[proofKey]) revert AlreadyReported(streamId, sequence, operator);
        _reportedProofs[proofKey] = true;

        reportId = _nextTamperReportId++;
        _tamperReports[reportId] = TamperReport({
            operator: operator,
            executableAt: uint64(block.timestamp) + _parameters.challengeWindow,
            reporter: msg.sender,
            sequence: sequence,
            streamId: streamId,
            statementHash: statement.hash
        });
        ++_operators[operator].pendingSlashes;
        emit TamperingReported(reportId, operator, msg.sender, streamId, sequence);
    }

    /// @inheritdoc IRelayStaking
    function disputeTampering(
        uint256 reportId,
        ManifestEntry calldata other,
        bytes calldata otherSignature
    ) external {
        TamperReport storage report = _tamperReports[reportId];
        address operator = report.operator;
        if (operator == address(0)) revert TamperReportNotFound(reportId);
        bytes32 streamId = report.streamId;
        uint64 sequence = report.sequence;
        if (other.streamId != streamId || other.sequence != sequence) {
            revert ProofMismatch(streamId, sequence, other.streamId, other.sequence);
        }
        bytes32 statementHash = report.statementHash;
        if (other.hash != statementHash)
            revert DisputeHashMismatch(reportId, statementHash, other.hash);
        address recovered = ECDSA.recoverCalldata(_manifestEntryDigest(other), otherSignature);
        StreamRecord storage stream = _streams[streamId];
        if (!_wasOriginSigner(stream, recovered)) revert NotOriginSigner(streamId, recovered);

        delete _tamperReports[reportId];
        --_operators[operator].pendingSlashes;
        emit TamperingDisputed(reportId, msg.sender);
        if (!stream.equivocated) {
            stream.equivocated = true;
            emit OriginEquivocated(streamId, sequence);
        }
    }

    /// @inheritdoc IRelayStaking
    function executeTampering(uint256 reportId) external nonReentrant returns (uint256 slashed) {
        TamperReport memory report = _tamperReports[reportId];
        if (report.operator == address(0)) revert TamperReportNotFound(reportId);
        if (block.timestamp < report.executableAt) {
            revert ChallengeWindowNotOver(reportId, report.executableAt, block.timestamp);
        }
        delete _tamperReports[reportId];
        OperatorRecord storage record = _operators[report.operator];
        --record.pendingSlashes;

        Parameters memory params = _parameters;
        slashed = _slash(
            report.operator,
            StakingMath.fraction(uint256(record.bonded) + record.unbonding, params.slashBps)
        );
        uint256 reporterReward = StakingMath.fraction(slashed, params.reporterShareBps);
        uint256 treasuryAmount;
        // Safe: reporterShareBps <= 10000, so reporterReward <= slashed.
        unchecked {
            treasuryAmount = slashed - reporterReward;
        }
        emit TamperingProven(
            report.streamId,
            report.sequence,
            report.operator,
            report.reporter,
            reporterReward,
            treasuryAmount
        );
        emit TamperingExecuted(reportId, slashed);

        if (reporterReward != 0) _stakeToken.safeTransfer(report.reporter, reporterReward);
        if (treasuryAmount != 0) _stakeToken.safeTransfer(_treasury, treasuryAmount);
    }

    /// @inheritdoc IRelayStaking
    function proposeSlash(
        address operator,
        uint128 amount,
        string calldata reason
    ) external onlyRole(SLASHER_ROLE) returns (uint256 proposalId) {
        if (operator == address(0)) revert InvalidOperator(operator);
        if (amount == 0) revert ZeroAmount();
        proposalId = _nextSlashProposalId++;
        uint64 executableAt = uint64(block.timestamp) + _parameters.slashDelay;
        _slashProposals[proposalId] = SlashProposal({
            operator: operator,
            executableAt: executableAt,
            amount: amount
        });
        ++_operators[operator].pendingSlashes;
        emit SlashProposed(proposalId, operator, amount, executableAt, reason);
    }

    /// @inheritdoc IRelayStaking
    function executeSlash(uint256 proposalId) external nonReentrant returns (uint256 slashed) {
        SlashProposal memory proposal = _slashProposals[proposalId];
        if (proposal.operator == address(0)) revert SlashProposalNotFound(proposalId);
        if (block.timestamp < proposal.executableAt) {
            revert SlashDelayNotElapsed(proposalId, proposal.executableAt, block.timestamp);
        }
        delete _slashProposals[proposalId];
        --_operators[proposal.operator].pendingSlashes;
        slashed = _slash(proposal.operator, proposal.amount);
        emit SlashExecuted(proposalId, proposal.operator, slashed);
        if (slashed != 0) _stakeToken.safeTransfer(_treasury, slashed);
    }

    /// @inheritdoc IRelayStaking
    function cancelSlash(uint256 proposalId) external onlyRole(GUARDIAN_ROLE) {
        address operator = _slashProposals[proposalId].operator;
        if (operator == address(0)) revert SlashProposalNotFound(proposalId);
        delete _slashProposals[proposalId];
        --_operators[operator].pendingSlashes;
        emit SlashCancelled(proposalId, operator);
    }

    /// @inheritdoc IRelayStaking
    function unjail(address operator) external onlyRole(DEFAULT_ADMIN_ROLE) {
        OperatorRecord storage record = _operators[operator];
        if (!record.jailed) revert NotJailed(operator);
        record.jailed = false;
        emit Unjailed(operator);
    }

    // ----------------------------------------------------------------------------------------
    // Governance
    // ----------------------------------------------------------------------------------------

    /// @inheritdoc IRelayStaking
    function setParameters(Parameters calldata parameters_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setParameters(parameters_);
    }

    /// @inheritdoc IRelayStaking
    function setTreasury(address treasury_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setTreasury(treasury_);
    }

    // ----------------------------------------------------------------------------------------
    // Views
    // ----------------------------------------------------------------------------------------

    /// @inheritdoc IRelayStaking
    function stakeToken() external view returns (IERC20) {
        return _stakeToken;
    }

    /// @inheritdoc IRelayStaking
    function stakeOf(
        address operator
    ) external view returns (uint256 bonded, uint256 unbonding, uint64 releaseTime, bool jailed) {
        OperatorRecord storage record = _operators[operator];
        return (record.bonded, record.unbonding, record.releaseTime, record.jailed);
    }

    /// @inheritdoc IRelayStaking
    function isActive(address operator) external view returns (bool) {
        OperatorRecord storage record = _operators[operator];
        return !record.jailed && record.bonded >= _parameters.minStake;
    }

    /// @inheritdoc IRelayStaking
    function pendingSlashes(address operator) external view returns (uint256) {
        return _operators[operator].pendingSlashes;
    }

    /// @inheritdoc IRelayStaking
    function parameters() external view returns (Parameters memory) {
        return _parameters;
    }

    /// @inheritdoc IRelayStaking
    function treasury() external view returns (address) {
        return _treasury;
    }

    /// @inheritdoc IRelayStaking
    function streamOf(
        bytes32 streamId
    ) external view returns (address owner, address originSigner) {
        StreamRecord storage stream = _streams[streamId];
        return (stream.owner, address(stream.signers.latest()));
    }

    /// @inheritdoc IRelayStaking
    function originSignerAt(bytes32 streamId, uint64 sequence) external view returns (address) {
        return _originSignerAt(streamId, sequence);
    }

    /// @inheritdoc IRelayStaking
    function isReportedFor(
        bytes32 streamId,
        uint64 sequence,
        address operator
    ) external view returns (bool) {
        return _reportedProofs[keccak256(abi.encode(streamId, sequence, operator))];
    }

    /// @inheritdoc IRelayStaking
    function isEquivocated(bytes32 streamId) external view returns (bool) {
        return _streams[streamId].equivocated;
    }

    /// @inheritdoc IRelayStaking
    function streamIdOf(address owner, bytes32 salt) external pure returns (bytes32) {
        return _streamIdOf(owner, salt);
    }

    /// @inheritdoc IRelayStaking
    function operatorOf(address relayKey) external view returns (address) {
        RelayKeyRecord memory key = _relayKeys[relayKey];
        return key.authorized ? key.operator : address(0);
    }

    /// @inheritdoc IRelayStaking
    function tamperReport(uint256 reportId) external view returns (TamperReport memory) {
        return _tamperReports[reportId];
    }

    /// @inheritdoc IRelayStaking
    function nextTamperReportId() external view returns (uint256) {
        return _nextTamperReportId;
    }

    /// @inheritdoc IRelayStaking
    function slashProposal(uint256 proposalId) external view returns (SlashProposal memory) {
        return _slashProposals[proposalId];
    }

    /// @inheritdoc IRelayStaking
    function nextSlashProposalId() external view returns (uint256) {
        return _nextSlashProposalId;
    }

    /// @inheritdoc IRelayStaking
    function manifestEntryDigest(ManifestEntry calldata entry) external view returns (bytes32) {
        return _manifestEntryDigest(entry);
    }

    /// @inheritdoc IRelayStaking
    function deliveryStatementDigest(
        DeliveryStatement calldata statement
    ) external view returns (bytes32) {
        return _deliveryStatementDigest(statement);
    }

    /// @inheritdoc IRelayStaking
    function relayKeyAuthorizationDigest(
        address operator,
        address relayKey,
        uint64 deadline
    ) external view returns (bytes32) {
        return _relayKeyAuthorizationDigest(operator, relayKey, deadline);
    }

    // ----------------------------------------------------------------------------------------
    // Internal
    // ----------------------------------------------------------------------------------------

    /// @dev Bonds `amount` for the caller: effects, event, then the token pull.
    function _stake(uint256 amount) private {
        if (amount == 0) revert ZeroAmount();
        OperatorRecord storage record = _operators[msg.sender];
        uint256 bonded = record.bonded;
        // Capping bonded + unbonding at 2^128 - 1 keeps every later sum of the two in uint128.
        // No underflow: that cap holds before this call, so bonded + unbonding <= 2^128 - 1.
        if (amount > type(uint128).max - bonded - record.unbonding)
            revert StakeOverflow(msg.sender, bonded, amount);
        uint256 newBonded;
        // Safe: amount <= 2^128 - 1 - bonded by the check above.
        unchecked {
            newBonded = bonded + amount;
        }
        record.bonded = uint128(newBonded);
        emit Staked(msg.sender, amount, newBonded);
        _stakeToken.safeTransferFrom(msg.sender, address(this), amount);
    }

    /// @dev Takes up to `amount` from `operator` (bonded first, then unbonding) and jails it.
    ///      The caller transfers the returned amount out.
    function _slash(address operator, uint256 amount) private returns (uint256 slashed) {
        OperatorRecord storage record = _operators[operator];
        uint256 bonded = record.bonded;
        uint256 unbonding = record.unbonding;
        (uint256 fromBonded, uint256 fromUnbonding) = StakingMath.splitSlash(
            amount,
            bonded,
            unbonding
        );
        // Safe: splitSlash returns fromBonded <= bonded and fromUnbonding <= unbonding, and their
        // sum is <= bonded + unbonding < 2^128.
        unchecked {
            bonded -= fromBonded;
            unbonding -= fromUnbonding;
            slashed = fromBonded + fromUnbonding;
        }
        record.bonded = uint128(bonded);
        record.unbonding = uint128(unbonding);
        emit Slashed(operator, slashed, bonded, unbonding);
        if (!record.jailed) {
            record.jailed = true;
            emit Jailed(operator);
        }
    }

    /// @dev Validates and stores the parameters (see {InvalidMinStake}, {InvalidDuration},
    ///      {InvalidBasisPoints}).
    function _setParameters(Parameters memory parameters_) private {
        if (parameters_.minStake == 0) revert InvalidMinStake(parameters_.minStake);
        if (parameters_.unbondingPeriod == 0) revert InvalidDuration(parameters_.unbondingPeriod);
        if (parameters_.slashDelay == 0) revert InvalidDuration(parameters_.slashDelay);
        if (parameters_.challengeWindow == 0) revert InvalidDuration(parameters_.challengeWindow);
        if (parameters_.slashBps == 0 || parameters_.slashBps > StakingMath.BPS) {
            revert InvalidBasisPoints(parameters_.slashBps);
        }
        if (parameters_.reporterShareBps > StakingMath.BPS)
            revert InvalidBasisPoints(parameters_.reporterShareBps);
        _parameters = parameters_;
        emit ParametersUpdated(parameters_);
    }

    /// @dev Stores a non-zero treasury.
    function _setTreasury(address treasury_) private {
        if (treasury_ == address(0)) revert InvalidAccount(treasury_);
        _treasury = treasury_;
        emit TreasuryUpdated(treasury_);
    }

    /// @dev The signer of the latest rotation whose first sequence is <= `sequence` (zero if unregistered).
    function _originSignerAt(bytes32 streamId, uint64 sequence) private view returns (address) {
        return address(_streams[streamId].signers.upperLookupRecent(sequence));
    }

    /// @dev Whether `signer` signs, or ever signed, `stream`'s manifest (a short history: one
    ///      entry per rotation).
    function _wasOriginSigner(
        StreamRecord storage stream,
        address signer
    ) private view returns (bool) {
        uint256 count = stream.signers.length();
        for (uint256 i; i < count; ++i) {
            if (address(stream.signers.at(uint32(i))._value) == signer) return true;
        }
        return false;
    }

    /// @dev `keccak256(abi.encode(owner, salt))`.
    function _streamIdOf(address owner, bytes32 salt) private pure returns (bytes32) {
        return keccak256(abi.encode(owner, salt));
    }

    /// @dev EIP-712 digest of a RelayKeyAuthorization under this contract's domain.
    function _relayKeyAuthorizationDigest(
        address operator,
        address relayKey,
        uint64 deadline
    ) private view returns (bytes32) {
        return
            _hashTypedDataV4(
                keccak256(
                    abi.encode(RELAY_KEY_AUTHORIZATION_TYPEHASH, operator, relayKey, deadline)
                )
            );
    }

    /// @dev EIP-712 digest of a ManifestEntry under this contract's domain.
    function _manifestEntryDigest(ManifestEntry calldata entry) private view returns (bytes32) {
        return
            _hashTypedDataV4(
                keccak256(
                    abi.encode(
                        MANIFEST_ENTRY_TYPEHASH,
                        entry.streamId,
                        entry.sequence,
                        entry.size,
                        entry.durationMs,
                        entry.hash
                    )
                )
            );
    }

    /// @dev EIP-712 digest of a DeliveryStatement under this contract's domain.
    function _deliveryStatementDigest(
        DeliveryStatement calldata statement
    ) private view returns (bytes32) {
        return
            _hashTypedDataV4(
                keccak256(
                    abi.encode(
                        DELIVERY_STATEMENT_TYPEHASH,
                        statement.streamId,
                        statement.sequence,
                        statement.hash
                    )
                )
            );
    }
}
