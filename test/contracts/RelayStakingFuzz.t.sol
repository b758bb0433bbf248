// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {RelayStaking} from "../../contracts/RelayStaking.sol";
import {IRelayStaking} from "../../contracts/interfaces/IRelayStaking.sol";
import {StakingMath} from "../../contracts/libraries/StakingMath.sol";
import {TestToken} from "../../contracts/token/TestToken.sol";
import {VmTest} from "./utils/Vm.sol";

/// @notice Fuzz tests of RelayStaking: unbonding is honoured, slashing never exceeds stake and
///         conserves tokens, no tamper slash pays out inside the challenge window, an
///         equivocating origin cannot get a relay slashed, a revoked relay key moves nothing,
///         origin signer history.
contract RelayStakingFuzzTest is VmTest {
    uint256 private constant ORIGIN_KEY = 0x0A11CE;
    uint256 private constant RELAY_KEY = 0x0B0B;
    uint256 private constant OPERATOR_KEY = 0x0C01D;
    bytes32 private constant SALT = keccak256("fuzz-stream");
    address private constant TREASURY = address(0x7EA5);
    address private constant REPORTER = address(0x4E90);
    uint32 private constant UNBONDING = 7 days;
    uint32 private constant SLASH_DELAY = 2 days;
    uint32 private constant CHALLENGE_WINDOW = 1 days;

    TestToken private token;
    RelayStaking private staking;
    address private relay;
    bytes32 private STREAM;

    function setUp() public {
        token = new TestToken("Test USD", "tUSD", 6);
        staking = new RelayStaking(
            IERC20(address(token)),
            address(this),
            TREASURY,
            _params(1_000, 5_000)
        );
        staking.grantRole(staking.SLASHER_ROLE(), address(this));
        staking.grantRole(staking.GUARDIAN_ROLE(), address(this));
        STREAM = staking.registerStream(SALT, vm.addr(ORIGIN_KEY));
        relay = vm.addr(RELAY_KEY);
        _authorize(relay, RELAY_KEY);
    }

    /// `operator` authorizes the relay key with private key `key` (self-signed when the same).
    function _authorize(address operator, uint256 key) private {
        uint64 deadline = uint64(block.timestamp + 1 days);
        address relayKey = vm.addr(key);
        bytes memory sig = signature(
            key,
            staking.relayKeyAuthorizationDigest(operator, relayKey, deadline)
        );
        vm.prank(operator);
        staking.authorizeRelayKey(relayKey, deadline, sig);
    }

    /// A tampering proof for `sequence`: the origin's entry (hash "good") and the relay key's
    /// statement (hash "bad"); the report is filed by REPORTER.
    function _report(uint64 sequence, uint256 relayKey) private returns (uint256 reportId) {
        IRelayStaking.ManifestEntry memory entry = IRelayStaking.ManifestEntry(
            STREAM,
            sequence,
            1_000,
            2_000,
            "good"
        );
        IRelayStaking.DeliveryStatement memory statement = IRelayStaking.DeliveryStatement(
            STREAM,
            sequence,
            "bad"
        );
        bytes memory originSig = signature(ORIGIN_KEY, staking.manifestEntryDigest(entry));
        bytes memory relaySig = signature(relayKey, staking.deliveryStatementDigest(statement));
        vm.prank(REPORTER);
        reportId = staking.reportTampering(entry, originSig, statement, relaySig);
    }

    function _params(
        uint16 slashBps,
        uint16 shareBps
    ) private pure returns (IRelayStaking.Parameters memory) {
        return
            IRelayStaking.Parameters({
                minStake: 100e6,
                unbondingPeriod: UNBONDING,
                slashDelay: SLASH_DELAY,
                slashBps: slashBps,
                reporterShareBps: shareBps,
                challengeWindow: CHALLENGE_WINDOW
            });
    }

    function _stakeAs(address operator, uint256 amount) private {
        token.mint(operator, amount);
        vm.prank(operator);
        token.approve(address(staking), amount);
        vm.prank(operator);
        staking.stake(amount);
    }

    function _total(address operator) private view returns (uint256) {
        (uint256 bonded, uint256 unbonding, , ) = staking.stakeOf(operator);
        return bonded + unbonding;
    }

    /// Unbonding is honoured: a withdrawal before the release time reverts, at or after it pays out.
    function testFuzz_withdraw_onlyFromReleaseTime(
        uint256 amount,
        uint256 unstake,
        uint256 wait
    ) public {
        amount = bound(amount, 1, type(uint128).max);
        unstake = bound(unstake, 1, amount);
        wait = bound(wait, 0, 3 * uint256(UNBONDING));
        _stakeAs(relay, amount);
        vm.prank(relay);
        staking.requestUnstake(unstake);
        (, , uint64 releaseTime, ) = staking.stakeOf(relay);
        assertEq(releaseTime, block.timestamp + UNBONDING, "release time");

        vm.warp(block.timestamp + wait);
        if (block.timestamp < releaseTime) {
            vm.expectRevert(
                abi.encodeWithSelector(
                    IRelayStaking.UnbondingNotReleased.selector,
                    relay,
                    releaseTime,
                    block.timestamp
                )
            );
            vm.prank(relay);
            staking.withdraw();
        } else {
            vm.prank(relay);
            assertEq(staking.withdraw(), unstake, "withdrawn");
            assertEq(token.balanceOf(relay), unstake, "relay balance");
            assertEq(token.balanceOf(address(staking)), amount - unstake, "contract balance");
        }
    }

    /// A second unstake request never makes the release time earlier.
    function testFuzz_requestUnstake_releaseTimeNeverDecreases(
        uint256 gap,
        uint32 newPeriod
    ) public {
        newPeriod = uint32(bound(newPeriod, 1, 30 days));
        gap = bound(gap, 0, 30 days);
        _stakeAs(relay, 1_000e6);
        vm.prank(relay);
        staking.requestUnstake(100e6);
        (, , uint64 first, ) = staking.stakeOf(relay);
        staking.setParameters(
            IRelayStaking.Parameters({
                minStake: 100e6,
                unbondingPeriod: newPeriod,
                slashDelay: SLASH_DELAY,
                slashBps: 1_000,
                reporterShareBps: 5_000,
                challengeWindow: CHALLENGE_WINDOW
            })
        );
        vm.warp(block.timestamp + gap);
        vm.prank(relay);
        staking.requestUnstake(100e6);
        (, uint256 unbonding, uint64 second, ) = staking.stakeOf(relay);
        assertTrue(second >= first, "release time decreased");
        assertTrue(second >= block.timestamp + newPeriod, "release before now + period");
        assertEq(unbonding, 200e6, "unbonding");
    }

    /// Slashing takes exactly slashBps of the slashable stake, never more, bonded first, and
    /// every slashed token goes to the reporter or the treasury.
    function testFuzz_executeTampering_neverExceedsStake(
        uint256 bonded,
        uint256 unbonding,
        uint16 slashBps,
        uint16 shareBps
    ) public {
        bonded = bound(bonded, 0, type(uint128).max / 2);
        unbonding = bound(unbonding, 0, type(uint128).max / 2);
        slashBps = uint16(bound(slashBps, 1, 10_000));
        shareBps = uint16(bound(shareBps, 0, 10_000));
        staking.setParameters(_params(slashBps, shareBps));
        if (bonded + unbonding != 0) _stakeAs(relay, bonded + unbonding);
        if (unbonding != 0) {
            vm.prank(relay);
            staking.requestUnstake(unbonding);
        }

        uint256 reportId = _report(1, RELAY_KEY);
        vm.warp(block.timestamp + CHALLENGE_WINDOW);
        uint256 slashed = staking.executeTampering(reportId);
        address operator = relay;

        uint256 total = bonded + unbonding;
        assertTrue(operator == relay, "operator");
        assertEq(slashed, StakingMath.fraction(total, slashBps), "slashed");
        assertLe(slashed, total, "slashed beyond stake");
        (uint256 bondedAfter, uint256 unbondingAfter, , bool jailed) = staking.stakeOf(relay);
        assertTrue(jailed, "jailed");
        assertEq(bondedAfter + unbondingAfter, total - slashed, "remaining stake");
        if (slashed <= bonded)
            assertEq(unbondingAfter, unbonding, "unbonding touched before bonded ran out");
        else assertEq(bondedAfter, 0, "bonded left while unbonding was slashed");
        assertEq(
            token.balanceOf(REPORTER),
            StakingMath.fraction(slashed, shareBps),
            "reporter reward"
        );
        assertEq(
            token.balanceOf(REPORTER) + token.balanceOf(TREASURY),
            slashed,
            "slash not conserved"
        );
        assertEq(token.balanceOf(address(staking)), total - slashed, "contract balance");
    }

    /// A governance slash takes at most the operator's slashable stake and sends it to the treasury.
    function testFuzz_executeSlash_cappedAtStake(
        uint256 staked,
        uint256 unstake,
        uint128 amount
    ) public {
        staked = bound(staked, 1, type(uint128).max);
        unstake = bound(unstake, 0, staked);
        amount = uint128(bound(amount, 1, type(uint128).max));
        _stakeAs(relay, staked);
        if (unstake != 0) {
            vm.prank(relay);
            staking.requestUnstake(unstake);
        }
        uint256 id = staking.proposeSlash(relay, amount, "fuzz");
        vm.warp(block.timestamp + SLASH_DELAY);
        uint256 slashed = staking.executeSlash(id);
        assertEq(slashed, amount < staked ? amount : staked, "slashed");
        assertEq(_total(relay), staked - slashed, "remaining");
        assertEq(token.balanceOf(TREASURY), slashed, "treasury");
    }

    /// A governance slash cannot run before its delay.
    function testFuzz_executeSlash_beforeDelay_reverts(uint256 wait) public {
        wait = bound(wait, 0, SLASH_DELAY - 1);
        uint256 id = staking.proposeSlash(relay, 1, "fuzz");
        uint64 executableAt = uint64(block.timestamp) + SLASH_DELAY;
        vm.warp(block.timestamp + wait);
        vm.expectRevert(
            abi.encodeWithSelector(
                IRelayStaking.SlashDelayNotElapsed.selector,
                id,
                executableAt,
                block.timestamp
            )
        );
        staking.executeSlash(id);
    }

    /// splitSlash takes from bonded first and never more than bonded + unbonding.
    function testFuzz_splitSlash_bondedFirstAndBounded(
        uint256 amount,
        uint128 bonded,
        uint128 unbonding
    ) public pure {
        (uint256 fromBonded, uint256 fromUnbonding) = StakingMath.splitSlash(
            amount,
            bonded,
            unbonding
        );
        uint256 total = uint256(bonded) + unbonding;
        assertLe(fromBonded, bonded, "fromBonded");
        assertLe(fromUnbonding, unbonding, "fromUnbonding");
        assertEq(fromBonded + fromUnbonding, amount < total ? amount : total, "sum");
        if (fromUnbonding != 0) assertEq(fromBonded, bonded, "unbonding taken before bonded");
    }

    /// After a rotation at `from`, earlier sequences keep the first signer, later ones get the new one.
    function testFuzz_rotateOriginSigner_history(uint64 from, uint64 sequence) public {
        from = uint64(bound(from, 1, type(uint64).max));
        address next = vm.addr(0xC0FFEE);
        staking.rotateOriginSigner(STREAM, next, from);
        address expected = sequence < from ? vm.addr(ORIGIN_KEY) : next;
        assertTrue(staking.originSignerAt(STREAM, sequence) == expected, "signer");
    }

    /// A (stream, sequence, operator) can only ever be reported once.
    function testFuzz_reportTampering_sameProofTwice_reverts(uint64 sequence) public {
        _stakeAs(relay, 1_000e6);
        _report(sequence, RELAY_KEY);
        vm.expectRevert(
            abi.encodeWithSelector(IRelayStaking.AlreadyReported.selector, STREAM, sequence, relay)
        );
        this.reportAs(sequence, RELAY_KEY);
    }

    /// No tamper slash pays out inside the challenge window: execution reverts, the stake, the
    /// reporter and the treasury are untouched, and the operator cannot withdraw meanwhile.
    function testFuzz_executeTampering_insideChallengeWindow_paysNothing(
        uint256 staked,
        uint256 wait
    ) public {
        staked = bound(staked, 1, type(uint128).max);
        wait = bound(wait, 0, CHALLENGE_WINDOW - 1);
        _stakeAs(relay, staked);
        uint256 reportId = _report(7, RELAY_KEY);
        uint64 executableAt = uint64(block.timestamp) + CHALLENGE_WINDOW;
        vm.warp(block.timestamp + wait);
        vm.expectRevert(
            abi.encodeWithSelector(
                IRelayStaking.ChallengeWindowNotOver.selector,
                reportId,
                executableAt,
                block.timestamp
            )
        );
        staking.executeTampering(reportId);
        assertEq(_total(relay), staked, "stake moved inside the window");
        assertEq(token.balanceOf(REPORTER) + token.balanceOf(TREASURY), 0, "paid out");
        assertEq(staking.pendingSlashes(relay), 1, "withdrawal not frozen");
    }

    /// An origin that signed the relay's hash too cannot get the relay slashed: any dispute with
    /// that entry voids the report, whatever sequence, and the stream takes no more reports.
    function testFuzz_disputeTampering_equivocatingOrigin_voidsReport(
        uint64 sequence,
        uint256 wait
    ) public {
        wait = bound(wait, 0, 10 * uint256(CHALLENGE_WINDOW));
        _stakeAs(relay, 1_000e6);
        uint256 reportId = _report(sequence, RELAY_KEY);
        vm.warp(block.timestamp + wait);
        IRelayStaking.ManifestEntry memory other = IRelayStaking.ManifestEntry(
            STREAM,
            sequence,
            1_000,
            2_000,
            "bad"
        );
        staking.disputeTampering(
            reportId,
            other,
            signature(ORIGIN_KEY, staking.manifestEntryDigest(other))
        );
        vm.expectRevert(
            abi.encodeWithSelector(IRelayStaking.TamperReportNotFound.selector, reportId)
        );
        staking.executeTampering(reportId);
        assertEq(_total(relay), 1_000e6, "relay slashed");
        assertTrue(staking.isEquivocated(STREAM), "stream not marked");
        assertEq(staking.pendingSlashes(relay), 0, "still frozen");
    }

    /// A revoked relay key moves nothing: statements it signed cannot be reported, and it holds
    /// no stake to unstake or withdraw.
    function testFuzz_revokedRelayKey_movesNothing(uint256 keySeed, uint256 staked) public {
        uint256 key = bound(keySeed, 1, 1e18);
        vm.assume(key != RELAY_KEY && key != OPERATOR_KEY && key != ORIGIN_KEY);
        staked = bound(staked, 1, type(uint128).max);
        address operator = vm.addr(OPERATOR_KEY);
        address relayKey = vm.addr(key);
        _stakeAs(operator, staked);
        _authorize(operator, key);
        vm.prank(operator);
        staking.revokeRelayKey(relayKey);
        assertTrue(staking.operatorOf(relayKey) == address(0), "still authorized");

        vm.expectRevert(abi.encodeWithSelector(IRelayStaking.UnknownRelayKey.selector, relayKey));
        this.reportAs(3, key);
        vm.expectRevert(abi.encodeWithSelector(IRelayStaking.NothingToWithdraw.selector, relayKey));
        vm.prank(relayKey);
        staking.withdraw();
        vm.expectRevert(
            abi.encodeWithSelector(
                IRelayStaking.InsufficientBondedStake.selector,
                relayKey,
                0,
                staked
            )
        );
        vm.prank(relayKey);
        staking.requestUnstake(staked);
        assertEq(_total(operator), staked, "operator stake moved");
        (, , , bool jailed) = staking.stakeOf(operator);
        assertTrue(!jailed, "operator jailed");
    }

    /// External wrapper so expectRevert applies to the report call, not to the signing views.
    function reportAs(uint64 sequence, uint256 relayKey) external returns (uint256) {
        return _report(sequence, relayKey);
    }
}
