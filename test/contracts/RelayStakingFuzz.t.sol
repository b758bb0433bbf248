// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {RelayStaking} from "../../contracts/RelayStaking.sol";
import {IRelayStaking} from "../../contracts/interfaces/IRelayStaking.sol";
import {StakingMath} from "../../contracts/libraries/StakingMath.sol";
import {TestToken} from "../../contracts/token/TestToken.sol";
import {VmTest} from "./utils/Vm.sol";

/// @notice Fuzz tests of RelayStaking: unbonding is honoured, slashing never exceeds stake and
///         conserves tokens, origin signer history.
contract RelayStakingFuzzTest is VmTest {
    uint256 private constant ORIGIN_KEY = 0x0A11CE;
    uint256 private constant RELAY_KEY = 0x0B0B;
    bytes32 private constant STREAM = keccak256("fuzz-stream");
    address private constant TREASURY = address(0x7EA5);
    address private constant REPORTER = address(0x4E90);
    uint32 private constant UNBONDING = 7 days;
    uint32 private constant SLASH_DELAY = 2 days;

    TestToken private token;
    RelayStaking private staking;
    address private relay;

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
        staking.registerStream(STREAM, vm.addr(ORIGIN_KEY));
        relay = vm.addr(RELAY_KEY);
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
                reporterShareBps: shareBps
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
                reporterShareBps: 5_000
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
    function testFuzz_slashForTampering_neverExceedsStake(
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

        IRelayStaking.ManifestEntry memory entry = IRelayStaking.ManifestEntry(
            STREAM,
            1,
            1_000,
            2_000,
            "good"
        );
        IRelayStaking.DeliveryStatement memory statement = IRelayStaking.DeliveryStatement(
            STREAM,
            1,
            "bad"
        );
        bytes memory originSig = signature(ORIGIN_KEY, staking.manifestEntryDigest(entry));
        bytes memory relaySig = signature(RELAY_KEY, staking.deliveryStatementDigest(statement));
        vm.prank(REPORTER);
        (address operator, uint256 slashed) = staking.slashForTampering(
            entry,
            originSig,
            statement,
            relaySig
        );

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

    /// A stake can only ever be slashed once per (stream, sequence, operator).
    function testFuzz_slashForTampering_sameProofTwice_reverts(uint64 sequence) public {
        _stakeAs(relay, 1_000e6);
        IRelayStaking.ManifestEntry memory entry = IRelayStaking.ManifestEntry(
            STREAM,
            sequence,
            1,
            1,
            "good"
        );
        IRelayStaking.DeliveryStatement memory statement = IRelayStaking.DeliveryStatement(
            STREAM,
            sequence,
            "bad"
        );
        bytes memory originSig = signature(ORIGIN_KEY, staking.manifestEntryDigest(entry));
        bytes memory relaySig = signature(RELAY_KEY, staking.deliveryStatementDigest(statement));
        staking.slashForTampering(entry, originSig, statement, relaySig);
        vm.expectRevert(
            abi.encodeWithSelector(IRelayStaking.AlreadySlashed.selector, STREAM, sequence, relay)
        );
        staking.slashForTampering(entry, originSig, statement, relaySig);
    }
}
