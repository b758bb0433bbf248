// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {RelayStaking} from "../../contracts/RelayStaking.sol";
import {IRelayStaking} from "../../contracts/interfaces/IRelayStaking.sol";
import {TestToken} from "../../contracts/token/TestToken.sol";
import {VmTest} from "./utils/Vm.sol";

/// @notice Drives RelayStaking with random sequences of stakes, unstakes, withdrawals, time,
///         tamper reports and executions, governance slashes by a few operators and attempts by
///         a revoked relay key, and records in ghost variables anything the invariants forbid.
contract RelayStakingHandler is VmTest {
    uint256 private constant ORIGIN_KEY = 0x0A11CE;
    uint256 private constant REVOKED_KEY = 0xDEAD01;
    address internal constant TREASURY = address(0x7EA5);
    uint256 internal constant OPERATORS = 3;

    TestToken internal immutable token;
    RelayStaking internal immutable staking;

    bytes32 private immutable STREAM;

    uint64 private _sequence;
    uint256[] private _proposalIds;
    uint256[] private _reportIds;

    /// Ghosts: each stays zero unless an invariant is broken.
    uint256 public withdrawalsBeforeRelease;
    uint256 public slashesBeyondStake;
    uint256 public slashesNotConserved;
    uint256 public tamperPayoutsInsideWindow;
    uint256 public revokedKeyMoves;
    /// Coverage of the campaign (not asserted).
    uint256 public withdrawals;
    uint256 public slashes;

    constructor(TestToken token_, RelayStaking staking_) {
        token = token_;
        staking = staking_;
        STREAM = staking_.registerStream(keccak256("invariant-stream"), vm.addr(ORIGIN_KEY));
        // Each operator signs with its own address (one-key set-up); operator 0 also had a
        // second key, since revoked.
        for (uint256 i; i < OPERATORS; ++i) _authorize(operatorAt(i), operatorKey(i));
        _authorize(operatorAt(0), REVOKED_KEY);
        vm.prank(operatorAt(0));
        staking_.revokeRelayKey(vm.addr(REVOKED_KEY));
    }

    function _authorize(address operator, uint256 key) private {
        address relayKey = vm.addr(key);
        uint64 deadline = uint64(block.timestamp + 1 days);
        bytes memory sig = signature(
            key,
            staking.relayKeyAuthorizationDigest(operator, relayKey, deadline)
        );
        vm.prank(operator);
        staking.authorizeRelayKey(relayKey, deadline, sig);
    }

    function _proof(
        uint256 key
    )
        private
        returns (
            IRelayStaking.ManifestEntry memory entry,
            bytes memory originSig,
            IRelayStaking.DeliveryStatement memory statement,
            bytes memory relaySig
        )
    {
        uint64 sequence = ++_sequence;
        entry = IRelayStaking.ManifestEntry(STREAM, sequence, 1, 1, "good");
        statement = IRelayStaking.DeliveryStatement(STREAM, sequence, "bad");
        originSig = signature(ORIGIN_KEY, staking.manifestEntryDigest(entry));
        relaySig = signature(key, staking.deliveryStatementDigest(statement));
    }

    function operatorKey(uint256 index) public pure returns (uint256) {
        return 0xB0B0 + index;
    }

    function operatorAt(uint256 index) public pure returns (address) {
        return vm.addr(operatorKey(index));
    }

    function _pick(uint256 seed) private pure returns (uint256 key, address operator) {
        key = operatorKey(seed % OPERATORS);
        operator = vm.addr(key);
    }

    function _total(address operator) private view returns (uint256) {
        (uint256 bonded, uint256 unbonding, , ) = staking.stakeOf(operator);
        return bonded + unbonding;
    }

    function stake(uint256 seed, uint256 amount) external {
        (, address operator) = _pick(seed);
        amount = bound(amount, 1, 1e30);
        token.mint(operator, amount);
        vm.prank(operator);
        token.approve(address(staking), amount);
        vm.prank(operator);
        staking.stake(amount);
    }

    function requestUnstake(uint256 seed, uint256 amount) external {
        (, address operator) = _pick(seed);
        (uint256 bonded, , , ) = staking.stakeOf(operator);
        if (bonded == 0) return;
        amount = bound(amount, 1, bonded);
        vm.prank(operator);
        staking.requestUnstake(amount);
    }

    function withdraw(uint256 seed) external {
        (, address operator) = _pick(seed);
        (, uint256 unbonding, uint64 releaseTime, ) = staking.stakeOf(operator);
        uint256 before = token.balanceOf(operator);
        vm.prank(operator);
        try staking.withdraw() returns (uint256 amount) {
            ++withdrawals;
            if (block.timestamp < releaseTime) ++withdrawalsBeforeRelease;
            if (amount != unbonding || token.balanceOf(operator) != before + amount)
                ++slashesNotConserved;
        } catch {
            // Reverts are expected: nothing unbonding, not yet released, or frozen.
        }
    }

    function warp(uint256 secondsAhead) external {
        vm.warp(block.timestamp + bound(secondsAhead, 0, 10 days));
    }

    function reportTampering(uint256 seed) external {
        (uint256 key, ) = _pick(seed);
        (
            IRelayStaking.ManifestEntry memory entry,
            bytes memory originSig,
            IRelayStaking.DeliveryStatement memory statement,
            bytes memory relaySig
        ) = _proof(key);
        _reportIds.push(staking.reportTampering(entry, originSig, statement, relaySig));
    }

    /// Tries any pending report, inside its window or not.
    function executeTampering(uint256 seed) external {
        if (_reportIds.length == 0) return;
        uint256 index = seed % _reportIds.length;
        uint256 id = _reportIds[index];
        IRelayStaking.TamperReport memory report = staking.tamperReport(id);
        uint256 totalBefore = _total(report.operator);
        uint256 paidBefore = token.balanceOf(address(this)) + token.balanceOf(TREASURY);
        try staking.executeTampering(id) returns (uint256 slashed) {
            _reportIds[index] = _reportIds[_reportIds.length - 1];
            _reportIds.pop();
            ++slashes;
            if (block.timestamp < report.executableAt) ++tamperPayoutsInsideWindow;
            if (slashed > totalBefore) ++slashesBeyondStake;
            if (_total(report.operator) != totalBefore - slashed) ++slashesNotConserved;
            if (token.balanceOf(address(this)) + token.balanceOf(TREASURY) != paidBefore + slashed)
                ++slashesNotConserved;
        } catch {
            // Expected inside the challenge window.
            if (_total(report.operator) != totalBefore) ++tamperPayoutsInsideWindow;
        }
    }

    /// The revoked key tries to get its former operator slashed and to move stake.
    function useRevokedKey(uint256 amount) external {
        (
            IRelayStaking.ManifestEntry memory entry,
            bytes memory originSig,
            IRelayStaking.DeliveryStatement memory statement,
            bytes memory relaySig
        ) = _proof(REVOKED_KEY);
        try staking.reportTampering(entry, originSig, statement, relaySig) {
            ++revokedKeyMoves;
        } catch {
            // UnknownRelayKey: expected.
        }
        address revoked = vm.addr(REVOKED_KEY);
        vm.prank(revoked);
        try staking.withdraw() {
            ++revokedKeyMoves;
        } catch {
            // NothingToWithdraw: expected.
        }
        vm.prank(revoked);
        try staking.requestUnstake(bound(amount, 1, 1e30)) {
            ++revokedKeyMoves;
        } catch {
            // InsufficientBondedStake: expected.
        }
    }

    function proposeSlash(uint256 seed, uint128 amount) external {
        (, address operator) = _pick(seed);
        amount = uint128(bound(amount, 1, 1e30));
        _proposalIds.push(staking.proposeSlash(operator, amount, "invariant"));
    }

    function executeSlash(uint256 seed) external {
        if (_proposalIds.length == 0) return;
        uint256 index = seed % _proposalIds.length;
        uint256 id = _proposalIds[index];
        IRelayStaking.SlashProposal memory proposal = staking.slashProposal(id);
        if (block.timestamp < proposal.executableAt) return;
        _proposalIds[index] = _proposalIds[_proposalIds.length - 1];
        _proposalIds.pop();
        uint256 totalBefore = _total(proposal.operator);
        uint256 treasuryBefore = token.balanceOf(TREASURY);
        uint256 slashed = staking.executeSlash(id);
        ++slashes;
        if (slashed > totalBefore || slashed > proposal.amount) ++slashesBeyondStake;
        if (_total(proposal.operator) != totalBefore - slashed) ++slashesNotConserved;
        if (token.balanceOf(TREASURY) != treasuryBefore + slashed) ++slashesNotConserved;
    }

    function cancelSlash(uint256 seed) external {
        if (_proposalIds.length == 0) return;
        uint256 index = seed % _proposalIds.length;
        uint256 id = _proposalIds[index];
        _proposalIds[index] = _proposalIds[_proposalIds.length - 1];
        _proposalIds.pop();
        staking.cancelSlash(id);
    }

    function unjail(uint256 seed) external {
        (, address operator) = _pick(seed);
        (, , , bool jailed) = staking.stakeOf(operator);
        if (jailed) staking.unjail(operator);
    }
}

/// @notice Invariants of RelayStaking under the handler's random call sequences.
contract RelayStakingInvariantTest is VmTest {
    TestToken private token;
    RelayStaking private staking;
    RelayStakingHandler private handler;

    function setUp() public {
        token = new TestToken("Test USD", "tUSD", 6);
        staking = new RelayStaking(
            IERC20(address(token)),
            address(this),
            address(0x7EA5),
            IRelayStaking.Parameters({
                minStake: 100e6,
                unbondingPeriod: 7 days,
                slashDelay: 2 days,
                slashBps: 2_500,
                reporterShareBps: 5_000,
                challengeWindow: 1 days
            })
        );
        handler = new RelayStakingHandler(token, staking);
        staking.grantRole(staking.DEFAULT_ADMIN_ROLE(), address(handler));
        staking.grantRole(staking.SLASHER_ROLE(), address(handler));
        staking.grantRole(staking.GUARDIAN_ROLE(), address(handler));
    }

    /// @notice Forge-compatible target selection: only the handler is called.
    function targetContracts() public view returns (address[] memory targets) {
        targets = new address[](1);
        targets[0] = address(handler);
    }

    /// hardhat-config: invariant.runs = 48
    /// hardhat-config: invariant.depth = 64
    function invariant_tokenBalanceEqualsSumOfStakes() public view {
        uint256 sum;
        for (uint256 i; i < 3; ++i) {
            (uint256 bonded, uint256 unbonding, , ) = staking.stakeOf(handler.operatorAt(i));
            sum += bonded + unbonding;
        }
        assertEq(token.balanceOf(address(staking)), sum, "balance != sum of stakes");
    }

    /// hardhat-config: invariant.runs = 48
    /// hardhat-config: invariant.depth = 64
    function invariant_noWithdrawalBeforeRelease() public view {
        assertEq(handler.withdrawalsBeforeRelease(), 0, "withdrawal before release");
    }

    /// hardhat-config: invariant.runs = 48
    /// hardhat-config: invariant.depth = 64
    function invariant_slashingNeverExceedsStakeAndConservesTokens() public view {
        assertEq(handler.slashesBeyondStake(), 0, "slash beyond stake");
        assertEq(handler.slashesNotConserved(), 0, "tokens not conserved");
    }

    /// hardhat-config: invariant.runs = 48
    /// hardhat-config: invariant.depth = 64
    function invariant_noTamperSlashInsideChallengeWindow() public view {
        assertEq(handler.tamperPayoutsInsideWindow(), 0, "tamper slash inside window");
    }

    /// hardhat-config: invariant.runs = 48
    /// hardhat-config: invariant.depth = 64
    function invariant_revokedRelayKeyMovesNothing() public view {
        assertEq(handler.revokedKeyMoves(), 0, "revoked key moved something");
    }
}
