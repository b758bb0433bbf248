// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {RelayStaking} from "../../contracts/RelayStaking.sol";
import {IRelayStaking} from "../../contracts/interfaces/IRelayStaking.sol";
import {TestToken} from "../../contracts/token/TestToken.sol";
import {VmTest} from "./utils/Vm.sol";

/// @notice One RelayStaking call per test, so `hardhat test solidity --snapshot` records what
///         each hot path costs (in .gas-snapshot). Whole-transaction figures, with the 21,000
///         base and calldata, are in test/contracts/snapshots/RelayStaking.gas.json.
contract RelayStakingGasTest is VmTest {
    uint256 private constant ORIGIN_KEY = 0x0A11CE;
    uint256 private constant RELAY_KEY = 0x0B0B;
    uint256 private constant PERMIT_KEY = 0x9E2;
    uint256 private constant NEW_KEY = 0x4E3;
    bytes32 private constant PERMIT_TYPEHASH = keccak256(
        "Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)"
    );
    address private constant WITHDRAWER = address(0x3D);
    address private constant UNSTAKER = address(0x5E);
    uint256 private constant AMOUNT = 1_000e6;

    TestToken private token;
    RelayStaking private staking;
    address private relay;
    address private permitOwner;
    bytes32 private STREAM;
    uint256 private proposalId;
    uint256 private reportId;
    uint64 private keyDeadline;
    bytes private keySignature;
    uint256 private permitDeadline;
    uint8 private permitV;
    bytes32 private permitR;
    bytes32 private permitS;
    IRelayStaking.ManifestEntry private entry;
    IRelayStaking.DeliveryStatement private statement;
    bytes private originSignature;
    bytes private relaySignature;

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
                slashBps: 1_000,
                reporterShareBps: 5_000,
                challengeWindow: 1 days
            })
        );
        staking.grantRole(staking.SLASHER_ROLE(), address(this));
        STREAM = staking.registerStream(keccak256("gas-stream"), vm.addr(ORIGIN_KEY));
        relay = vm.addr(RELAY_KEY);
        keyDeadline = uint64(block.timestamp + 30 days);
        keySignature = signature(
            RELAY_KEY,
            staking.relayKeyAuthorizationDigest(relay, relay, keyDeadline)
        );
        vm.prank(relay);
        staking.authorizeRelayKey(relay, keyDeadline, keySignature);
        keySignature = signature(
            NEW_KEY,
            staking.relayKeyAuthorizationDigest(relay, vm.addr(NEW_KEY), keyDeadline)
        );
        permitOwner = vm.addr(PERMIT_KEY);

        token.mint(address(this), AMOUNT);
        token.approve(address(staking), AMOUNT);
        _stakeAs(relay, 2 * AMOUNT);
        _stakeAs(UNSTAKER, AMOUNT);
        vm.prank(UNSTAKER);
        staking.requestUnstake(AMOUNT / 2);
        _stakeAs(WITHDRAWER, AMOUNT);
        vm.prank(WITHDRAWER);
        staking.requestUnstake(AMOUNT);
        proposalId = staking.proposeSlash(relay, 10e6, "gas");
        vm.warp(block.timestamp + 7 days);

        token.mint(permitOwner, AMOUNT);
        permitDeadline = block.timestamp + 2 days;
        bytes32 permitHash = keccak256(
            abi.encode(
                PERMIT_TYPEHASH,
                permitOwner,
                address(staking),
                AMOUNT,
                token.nonces(permitOwner),
                permitDeadline
            )
        );
        (permitV, permitR, permitS) = vm.sign(
            PERMIT_KEY,
            keccak256(abi.encodePacked("\x19\x01", token.DOMAIN_SEPARATOR(), permitHash))
        );

        entry = IRelayStaking.ManifestEntry(STREAM, 1, 1_000_000, 2_000, keccak256("good"));
        statement = IRelayStaking.DeliveryStatement(STREAM, 1, keccak256("bad"));
        originSignature = signature(ORIGIN_KEY, staking.manifestEntryDigest(entry));
        relaySignature = signature(RELAY_KEY, staking.deliveryStatementDigest(statement));
        IRelayStaking.ManifestEntry memory second = IRelayStaking.ManifestEntry(
            STREAM,
            2,
            1_000_000,
            2_000,
            keccak256("good")
        );
        IRelayStaking.DeliveryStatement memory secondStatement = IRelayStaking.DeliveryStatement(
            STREAM,
            2,
            keccak256("bad")
        );
        reportId = staking.reportTampering(
            second,
            signature(ORIGIN_KEY, staking.manifestEntryDigest(second)),
            secondStatement,
            signature(RELAY_KEY, staking.deliveryStatementDigest(secondStatement))
        );
        vm.warp(block.timestamp + 1 days);
    }

    function _stakeAs(address operator, uint256 amount) private {
        token.mint(operator, 2 * amount);
        vm.prank(operator);
        token.approve(address(staking), type(uint256).max);
        vm.prank(operator);
        staking.stake(amount);
    }

    function test_gas_stake_new() public {
        staking.stake(AMOUNT);
    }

    function test_gas_stake_topUp() public {
        vm.prank(relay);
        staking.stake(AMOUNT);
    }

    function test_gas_stakeWithPermit_new() public {
        vm.prank(permitOwner);
        staking.stakeWithPermit(AMOUNT, permitDeadline, permitV, permitR, permitS);
    }

    function test_gas_requestUnstake_first() public {
        vm.prank(relay);
        staking.requestUnstake(AMOUNT);
    }

    function test_gas_requestUnstake_again() public {
        vm.prank(UNSTAKER);
        staking.requestUnstake(AMOUNT / 2);
    }

    function test_gas_withdraw() public {
        vm.prank(WITHDRAWER);
        staking.withdraw();
    }

    function test_gas_registerStream() public {
        staking.registerStream(keccak256("another stream"), vm.addr(ORIGIN_KEY));
    }

    function test_gas_authorizeRelayKey() public {
        vm.prank(relay);
        staking.authorizeRelayKey(vm.addr(NEW_KEY), keyDeadline, keySignature);
    }

    function test_gas_reportTampering() public {
        staking.reportTampering(entry, originSignature, statement, relaySignature);
    }

    function test_gas_executeTampering() public {
        staking.executeTampering(reportId);
    }

    function test_gas_proposeSlash() public {
        staking.proposeSlash(relay, 10e6, "receipts for segments never fetched");
    }

    function test_gas_executeSlash() public {
        staking.executeSlash(proposalId);
    }
}
