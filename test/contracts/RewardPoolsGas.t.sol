// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {RewardPools} from "../../contracts/RewardPools.sol";
import {IRewardPools} from "../../contracts/interfaces/IRewardPools.sol";
import {TestToken} from "../../contracts/token/TestToken.sol";
import {VmTest} from "./utils/Vm.sol";

/// @notice One RewardPools call per test, so `hardhat test solidity --snapshot` records what
///         each hot path costs (committed in .gas-snapshot and checked in CI).
contract RewardPoolsGasTest is VmTest {
    uint256 private constant KEY = 0xA11CE;
    address private constant RELAY = address(0xBEEF);
    address private constant HOLDER = address(0xCAFE);

    RewardPools private pools;
    TestToken private token;
    IRewardPools.Attestation private first;
    IRewardPools.Attestation private repeat;
    bytes private firstSignature;
    bytes private repeatSignature;
    IRewardPools.Attestation[] private batch;
    bytes private batchSignatures;

    function setUp() public {
        address[] memory set = new address[](1);
        set[0] = vm.addr(KEY);
        pools = new RewardPools(address(this), address(this), set, 1, 0, 1 hours);
        token = new TestToken("Test USD", "TUSD", 6);
        token.mint(address(this), 1e18);
        token.mint(HOLDER, 1);
        token.approve(address(pools), type(uint256).max);
        for (uint256 i; i < 3; ++i) {
            pools.createPool(address(token), 1e6, 2e6, 0, 1 days);
            pools.fund(i + 1, 1e12);
        }
        first = IRewardPools.Attestation(1, RELAY, 10e9, 10e6);
        firstSignature = signCompact(KEY, pools.attestationDigest(first));
        IRewardPools.Attestation memory earlier = IRewardPools.Attestation(1, HOLDER, 10e9, 10e6);
        pools.claim(earlier, signCompact(KEY, pools.attestationDigest(earlier)));
        repeat = IRewardPools.Attestation(1, HOLDER, 20e9, 20e6);
        repeatSignature = signCompact(KEY, pools.attestationDigest(repeat));
        for (uint256 i; i < 3; ++i) {
            IRewardPools.Attestation memory a = IRewardPools.Attestation(i + 1, RELAY, 10e9, 10e6);
            batch.push(a);
            batchSignatures = bytes.concat(
                batchSignatures,
                signCompact(KEY, pools.attestationDigest(a))
            );
        }
    }

    function test_gas_claim_first() public {
        pools.claim(first, firstSignature);
    }

    function test_gas_claim_repeat() public {
        pools.claim(repeat, repeatSignature);
    }

    function test_gas_claimBatch_threePoolsFirst() public {
        pools.claimBatch(batch, batchSignatures);
    }

    function test_gas_fund_topUp() public {
        pools.fund(1, 1e9);
    }

    function test_gas_createPool() public {
        pools.createPool(address(token), 1e6, 2e6, 0, 1 days);
    }
}
