// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {RewardPools} from "../../contracts/RewardPools.sol";
import {IRewardPools} from "../../contracts/interfaces/IRewardPools.sol";
import {TestToken} from "../../contracts/token/TestToken.sol";
import {VmTest} from "./utils/Vm.sol";

/// @notice Drives RewardPools with random funding, claims, batches holding replays, replays,
///         stale claims, closes, reclaims, pauses and time, keeping ghost totals for the
///         invariants.
contract RewardPoolsHandler is VmTest {
    uint256 internal constant POOLS = 2;
    uint256 internal constant ACCOUNTS = 3;
    uint88 internal constant MAX_RATE = 2e6;
    uint256 private constant KEY = 0xA11CE;

    RewardPools public immutable pools;
    TestToken public immutable token;

    mapping(uint256 poolId => uint256) public funded;
    mapping(uint256 poolId => uint256) public paid;
    mapping(uint256 poolId => uint256) public reclaimed;
    /// @notice Set when a replayed or stale attestation paid anything.
    bool public paidTwice;
    /// @notice Set when a claim record's cumulative values went down.
    bool public recordDecreased;
    /// @notice Set when a claim paid at or after its pool's closesAt, or a reclaim ran before it.
    bool public outsideNotice;

    mapping(uint256 poolId => mapping(address => IRewardPools.Attestation)) private _last;
    mapping(uint256 poolId => mapping(address => bytes)) private _lastSignatures;
    mapping(uint256 poolId => mapping(address => uint128[2])) private _seen;

    constructor() {
        address[] memory set = new address[](1);
        set[0] = vm.addr(KEY);
        pools = new RewardPools(address(this), address(this), set, 1, 0, 1 hours);
        token = new TestToken("Test USD", "TUSD", 6);
        token.approve(address(pools), type(uint256).max);
        for (uint256 i; i < POOLS; ++i) pools.createPool(address(token), 1e6, MAX_RATE, 0, 1 days);
    }

    function account(uint256 seed) public pure returns (address) {
        return address(uint160(0x1000 + (seed % ACCOUNTS)));
    }

    function fund(uint256 poolSeed, uint256 amount) external {
        uint256 poolId = 1 + (poolSeed % POOLS);
        amount = bound(amount, 1, 1e24);
        token.mint(address(this), amount);
        pools.fund(poolId, uint128(amount));
        funded[poolId] += amount;
        _checkRecords();
    }

    function claim(
        uint256 poolSeed,
        uint256 accountSeed,
        uint256 moreBytes,
        uint256 more
    ) external {
        uint256 poolId = 1 + (poolSeed % POOLS);
        address to = account(accountSeed);
        (uint128 lastBytes, uint128 lastAmount) = pools.claimed(poolId, to);
        uint256 newBytes = lastBytes + bound(moreBytes, 0, 1e21);
        uint256 ceiling = (newBytes * MAX_RATE) / 1e9;
        // Sometimes ask for more than the ceiling or the pool allows: those calls must revert.
        uint256 newAmount = lastAmount + bound(more, 1, 1e18);
        IRewardPools.Attestation memory a = IRewardPools.Attestation(
            poolId,
            to,
            uint128(newBytes),
            uint128(newAmount)
        );
        bytes memory signatures = signCompact(KEY, pools.attestationDigest(a));
        uint256 before = token.balanceOf(to);
        uint40 closesAt = pools.pool(poolId).closesAt;
        pools.claim(a, signatures);
        if (closesAt != 0 && block.timestamp >= closesAt) outsideNotice = true;
        uint256 gained = token.balanceOf(to) - before;
        assertEq(gained, newAmount - lastAmount, "paid the delta");
        assertLe(newAmount, ceiling, "paid within the ceiling");
        paid[poolId] += gained;
        _last[poolId][to] = a;
        _lastSignatures[poolId][to] = signatures;
        _checkRecords();
    }

    /// @notice Resubmits an account's last paid attestation: it must not pay.
    function replay(uint256 poolSeed, uint256 accountSeed) external {
        uint256 poolId = 1 + (poolSeed % POOLS);
        address to = account(accountSeed);
        IRewardPools.Attestation memory a = _last[poolId][to];
        if (a.account == address(0)) return;
        try pools.claim(a, _lastSignatures[poolId][to]) returns (uint128) {
            paidTwice = true;
        } catch {
            // Expected: NothingToClaim, or the pool expired.
        }
        _checkRecords();
    }

    /// @notice Submits a validly signed attestation below what was already claimed.
    function claimStale(uint256 poolSeed, uint256 accountSeed, uint256 less) external {
        uint256 poolId = 1 + (poolSeed % POOLS);
        address to = account(accountSeed);
        (uint128 lastBytes, uint128 lastAmount) = pools.claimed(poolId, to);
        if (lastAmount == 0) return;
        IRewardPools.Attestation memory a = IRewardPools.Attestation(
            poolId,
            to,
            lastBytes,
            uint128(bound(less, 0, lastAmount))
        );
        bytes memory signatures = signCompact(KEY, pools.attestationDigest(a));
        try pools.claim(a, signatures) returns (uint128) {
            paidTwice = true;
        } catch {
            // Expected: NothingToClaim.
        }
        _checkRecords();
    }

    /// @notice A batch of the account's last paid attestation (pays nothing: skipped) and a new one.
    function claimBatch(uint256 poolSeed, uint256 accountSeed, uint256 more) external {
        uint256 poolId = 1 + (poolSeed % POOLS);
        address to = account(accountSeed);
        IRewardPools.Attestation memory last = _last[poolId][to];
        if (last.account == address(0)) return;
        IRewardPools.Attestation[] memory list = new IRewardPools.Attestation[](2);
        list[0] = last;
        list[1] = IRewardPools.Attestation(
            poolId,
            to,
            last.cumulativeBytes + 1e12,
            last.cumulativeAmount + uint128(bound(more, 1, 1e18))
        );
        bytes memory signatures = abi.encodePacked(
            _lastSignatures[poolId][to],
            signCompact(KEY, pools.attestationDigest(list[1]))
        );
        uint256 before = token.balanceOf(to);
        pools.claimBatch(list, signatures);
        uint256 gained = token.balanceOf(to) - before;
        if (gained != list[1].cumulativeAmount - last.cumulativeAmount) paidTwice = true;
        paid[poolId] += gained;
        _last[poolId][to] = list[1];
        _lastSignatures[poolId][to] = signCompact(KEY, pools.attestationDigest(list[1]));
        _checkRecords();
    }

    function pause() external {
        if (pools.paused()) pools.unpause();
        else pools.pause();
    }

    function close(uint256 poolSeed) external {
        pools.closePool(1 + (poolSeed % POOLS));
    }

    function reclaim(uint256 poolSeed) external {
        uint256 poolId = 1 + (poolSeed % POOLS);
        uint40 closesAt = pools.pool(poolId).closesAt;
        reclaimed[poolId] += pools.reclaim(poolId);
        if (block.timestamp < closesAt) outsideNotice = true;
    }

    function wait(uint256 seconds_) external {
        vm.warp(block.timestamp + bound(seconds_, 1, 2 days));
    }

    /// @dev Flags any claim record whose cumulative values fell since the last look.
    function _checkRecords() private {
        for (uint256 p = 1; p <= POOLS; ++p) {
            for (uint256 i; i < ACCOUNTS; ++i) {
                address to = account(i);
                (uint128 b, uint128 m) = pools.claimed(p, to);
                uint128[2] storage seen = _seen[p][to];
                if (b < seen[0] || m < seen[1]) recordDecreased = true;
                seen[0] = b;
                seen[1] = m;
            }
        }
    }
}

/// @notice RewardPools invariants: no claim pays twice, a pool never pays out more than it was
///         funded, cumulative claim records only rise, and the contract holds what pools hold.
contract RewardPoolsInvariantTest is VmTest {
    RewardPoolsHandler private handler;

    function setUp() public {
        handler = new RewardPoolsHandler();
    }

    /// @notice The invariant runner calls only the handler.
    function targetContracts() public view returns (address[] memory targets) {
        targets = new address[](1);
        targets[0] = address(handler);
    }

    /// hardhat-config: invariant.runs = 64
    /// hardhat-config: invariant.depth = 40
    function invariant_noClaimPaysTwice() public view {
        assertTrue(!handler.paidTwice(), "a replayed or stale attestation paid");
    }

    /// hardhat-config: invariant.runs = 64
    /// hardhat-config: invariant.depth = 40
    function invariant_paidNeverExceedsFunded() public view {
        RewardPools pools = handler.pools();
        for (uint256 p = 1; p <= 2; ++p) {
            uint256 funded = handler.funded(p);
            uint256 out = handler.paid(p) + handler.reclaimed(p);
            assertLe(handler.paid(p), funded, "paid above funded");
            assertEq(out + pools.pool(p).balance, funded, "funded = paid + reclaimed + balance");
        }
    }

    /// hardhat-config: invariant.runs = 64
    /// hardhat-config: invariant.depth = 40
    function invariant_cumulativeValuesOnlyRise() public view {
        assertTrue(!handler.recordDecreased(), "a claim record decreased");
    }

    /// hardhat-config: invariant.runs = 64
    /// hardhat-config: invariant.depth = 40
    function invariant_claimRecordsSumToPaid() public view {
        RewardPools pools = handler.pools();
        for (uint256 p = 1; p <= 2; ++p) {
            uint256 sum;
            for (uint256 i; i < 3; ++i) {
                (, uint128 amount) = pools.claimed(p, handler.account(i));
                sum += amount;
            }
            assertEq(sum, handler.paid(p), "claimed amounts = paid");
        }
    }

    /// hardhat-config: invariant.runs = 64
    /// hardhat-config: invariant.depth = 40
    function invariant_contractHoldsPoolBalances() public view {
        RewardPools pools = handler.pools();
        uint256 held = pools.pool(1).balance + uint256(pools.pool(2).balance);
        assertEq(handler.token().balanceOf(address(pools)), held, "token balance = pool balances");
    }

    /// hardhat-config: invariant.runs = 64
    /// hardhat-config: invariant.depth = 40
    function invariant_claimsOnlyWithinNoticeAndReclaimOnlyAfter() public view {
        assertTrue(!handler.outsideNotice(), "claim after closesAt or reclaim before it");
    }
}
