// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {RewardPools} from "../../contracts/RewardPools.sol";
import {IRewardPools} from "../../contracts/interfaces/IRewardPools.sol";
import {FeeOnTransferToken} from "../../contracts/mocks/FeeOnTransferToken.sol";
import {TestToken} from "../../contracts/token/TestToken.sol";
import {VmTest} from "./utils/Vm.sol";

/// @notice Fuzz tests of RewardPools claims and funding.
contract RewardPoolsFuzzTest is VmTest {
    uint256 private constant GB = 1e9;
    uint88 private constant MAX_RATE = 2e6;
    uint128 private constant FUNDED = 1e30;

    RewardPools private pools;
    TestToken private token;
    uint256[] private keys;
    address private constant RELAY = address(0xBEEF);

    function setUp() public {
        keys.push(0xA11CE);
        address[] memory set = new address[](1);
        set[0] = vm.addr(keys[0]);
        pools = new RewardPools(address(this), address(this), set, 1, 0, 1 hours);
        token = new TestToken("Test USD", "TUSD", 6);
        token.mint(address(this), FUNDED);
        token.approve(address(pools), type(uint256).max);
        pools.createPool(address(token), 1e6, MAX_RATE, 0, 1 days);
        pools.fund(1, FUNDED);
    }

    function _attestation(
        uint256 poolId,
        address account,
        uint256 bytes_,
        uint256 amount
    ) private pure returns (IRewardPools.Attestation memory) {
        return IRewardPools.Attestation(poolId, account, uint128(bytes_), uint128(amount));
    }

    function _sign(
        IRewardPools.Attestation memory a,
        uint256 key
    ) private view returns (bytes memory) {
        return signCompact(key, pools.attestationDigest(a));
    }

    /// @dev The largest amount the ceiling allows for `bytes_`.
    function _ceiling(uint256 bytes_) private pure returns (uint256) {
        return (bytes_ * MAX_RATE) / GB;
    }

    function testFuzz_claim_twice_paysExactDeltas(
        uint256 firstBytes,
        uint256 firstAmount,
        uint256 secondBytes,
        uint256 secondAmount
    ) public {
        firstBytes = bound(firstBytes, GB, 1e24);
        firstAmount = bound(firstAmount, 1, _ceiling(firstBytes));
        secondBytes = bound(secondBytes, firstBytes, 1e24);
        secondAmount = bound(
            secondAmount,
            firstAmount + 1,
            _ceiling(secondBytes) > firstAmount ? _ceiling(secondBytes) : firstAmount + 1
        );
        vm.assume(secondAmount <= _ceiling(secondBytes));

        IRewardPools.Attestation memory a1 = _attestation(1, RELAY, firstBytes, firstAmount);
        assertEq(pools.claim(a1, _sign(a1, keys[0])), firstAmount, "first paid");
        IRewardPools.Attestation memory a2 = _attestation(1, RELAY, secondBytes, secondAmount);
        assertEq(pools.claim(a2, _sign(a2, keys[0])), secondAmount - firstAmount, "second paid");

        assertEq(token.balanceOf(RELAY), secondAmount, "relay holds the cumulative amount");
        assertEq(pools.pool(1).balance, FUNDED - secondAmount, "pool debited");
        (uint128 b, uint128 m) = pools.claimed(1, RELAY);
        assertEq(b, secondBytes, "bytes recorded");
        assertEq(m, secondAmount, "amount recorded");
    }

    function testFuzz_claim_replay_reverts(uint256 bytes_, uint256 amount) public {
        bytes_ = bound(bytes_, GB, 1e24);
        amount = bound(amount, 1, _ceiling(bytes_));
        IRewardPools.Attestation memory a = _attestation(1, RELAY, bytes_, amount);
        bytes memory signatures = _sign(a, keys[0]);
        pools.claim(a, signatures);
        vm.expectRevert(
            abi.encodeWithSelector(
                IRewardPools.NothingToClaim.selector,
                uint256(1),
                RELAY,
                uint128(amount),
                uint128(amount)
            )
        );
        pools.claim(a, signatures);
    }

    function testFuzz_claim_stale_reverts(uint256 bytes_, uint256 amount, uint256 older) public {
        bytes_ = bound(bytes_, GB, 1e24);
        amount = bound(amount, 2, _ceiling(bytes_));
        older = bound(older, 1, amount - 1);
        IRewardPools.Attestation memory a = _attestation(1, RELAY, bytes_, amount);
        pools.claim(a, _sign(a, keys[0]));
        IRewardPools.Attestation memory stale = _attestation(1, RELAY, bytes_, older);
        bytes memory signatures = _sign(stale, keys[0]);
        vm.expectRevert(
            abi.encodeWithSelector(
                IRewardPools.NothingToClaim.selector,
                uint256(1),
                RELAY,
                uint128(amount),
                uint128(older)
            )
        );
        pools.claim(stale, signatures);
    }

    function testFuzz_claim_aboveCeiling_reverts(uint128 bytes_, uint128 excess) public {
        uint256 ceiling = _ceiling(bytes_);
        vm.assume(ceiling < type(uint128).max);
        uint256 amount = bound(excess, ceiling + 1, type(uint128).max);
        IRewardPools.Attestation memory a = _attestation(1, RELAY, bytes_, amount);
        bytes memory signatures = _sign(a, keys[0]);
        vm.expectRevert(
            abi.encodeWithSelector(
                IRewardPools.RateCeilingExceeded.selector,
                uint256(1),
                bytes_,
                uint128(amount),
                MAX_RATE
            )
        );
        pools.claim(a, signatures);
    }

    function testFuzz_claim_neverPaysMoreThanPoolHolds(uint128 funded, uint256 amount) public {
        funded = uint128(bound(funded, 1, 1e24));
        pools.createPool(address(token), 1, type(uint88).max, 0, 1 hours);
        token.mint(address(this), funded);
        pools.fund(2, funded);
        amount = bound(amount, 1, type(uint128).max);
        IRewardPools.Attestation memory a = _attestation(2, RELAY, type(uint128).max, amount);
        bytes memory signatures = _sign(a, keys[0]);
        if (amount > funded) {
            vm.expectRevert(
                abi.encodeWithSelector(
                    IRewardPools.InsufficientPoolBalance.selector,
                    uint256(2),
                    funded,
                    uint128(amount)
                )
            );
            pools.claim(a, signatures);
        } else {
            pools.claim(a, signatures);
            assertEq(pools.pool(2).balance, funded - amount, "pool debited");
        }
    }

    function testFuzz_claim_wrongKey_reverts(uint256 key) public {
        key = bound(key, 1, 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364140);
        vm.assume(key != keys[0]);
        IRewardPools.Attestation memory a = _attestation(1, RELAY, GB, 1);
        bytes memory signatures = _sign(a, key);
        vm.expectRevert(
            abi.encodeWithSelector(IRewardPools.UnknownAttestor.selector, vm.addr(key))
        );
        pools.claim(a, signatures);
    }

    /// @dev Any `threshold` distinct members, signing in ascending order, pass a k-of-n check.
    function testFuzz_claim_anyKOfN_pays(uint8 size, uint8 threshold, uint256 pick) public {
        size = uint8(bound(size, 2, 8));
        threshold = uint8(bound(threshold, 1, size));
        uint256[] memory sortedKeys = _sortedKeys(size);
        address[] memory set = new address[](size);
        for (uint256 i; i < size; ++i) set[i] = vm.addr(sortedKeys[i]);
        RewardPools multi = new RewardPools(
            address(this),
            address(this),
            set,
            threshold,
            0,
            1 hours
        );
        multi.createPool(address(token), 1, MAX_RATE, 0, 1 hours);
        token.approve(address(multi), type(uint256).max);
        token.mint(address(this), 1e18);
        multi.fund(1, 1e18);

        IRewardPools.Attestation memory a = _attestation(1, RELAY, GB, 1e6);
        bytes32 digest = multi.attestationDigest(a);
        bytes memory signatures;
        uint256 chosen;
        // Walk the members, taking each with a pseudo-random coin, then fill up from the end.
        for (uint256 i; i < size && chosen < threshold; ++i) {
            bool take = (pick >> i) & 1 == 1 || size - i == threshold - chosen;
            if (take) {
                signatures = bytes.concat(signatures, signCompact(sortedKeys[i], digest));
                ++chosen;
            }
        }
        assertEq(multi.claim(a, signatures), 1e6, "paid");
    }

    function testFuzz_fund_feeOnTransfer_creditsReceived(uint256 feeBps, uint128 amount) public {
        feeBps = bound(feeBps, 0, 9_999);
        amount = uint128(bound(amount, 10_000, 1e30));
        FeeOnTransferToken fee = new FeeOnTransferToken(feeBps);
        fee.mint(address(this), amount);
        fee.approve(address(pools), amount);
        uint256 poolId = pools.createPool(address(fee), 1, 1, 0, 1 hours);
        uint256 expected = amount - (uint256(amount) * feeBps) / 10_000;
        assertEq(pools.fund(poolId, amount), expected, "credited");
        assertEq(pools.pool(poolId).balance, expected, "balance");
        assertEq(fee.balanceOf(address(pools)), expected, "held");
    }

    /// @dev `size` private keys whose addresses ascend.
    function _sortedKeys(uint256 size) private pure returns (uint256[] memory sortedKeys) {
        sortedKeys = new uint256[](size);
        for (uint256 i; i < size; ++i) sortedKeys[i] = uint256(keccak256(abi.encode("key", i)));
        for (uint256 i = 1; i < size; ++i) {
            for (uint256 j = i; j > 0 && vm.addr(sortedKeys[j]) < vm.addr(sortedKeys[j - 1]); --j) {
                (sortedKeys[j], sortedKeys[j - 1]) = (sortedKeys[j - 1], sortedKeys[j]);
            }
        }
    }
}
