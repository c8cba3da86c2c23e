// SPDX-License-Identifier: MIT
pragma solidity 0.8.29;

import {ERC1967Proxy} from "@openzeppelin/contracts/proxy/ERC1967/ERC1967Proxy.sol";
import {PlatformBase} from "./PlatformBase.sol";
import {MockModule} from "./mocks/MockModule.sol";
import {MockModuleSetup} from "./mocks/MockModuleSetup.sol";
import {OrgRoles} from "../../../libraries/Roles.sol";

/// @notice Every ERC-7201 namespace constant ("citysync.storage.<Name>") must equal the standard formula. Each test
/// recomputes the slot and reads a known field of a live proxy there, so a wrong constant fails the test.
contract PlatformStorageLayoutTest is PlatformBase {
    address internal alice;

    function setUp() public override {
        super.setUp();
        _accreditAll();
        _bigOffer();
        alice = _participant(1);
        _earn(alice, 25);
    }

    function _erc7201(string memory id) internal pure returns (bytes32) {
        return keccak256(abi.encode(uint256(keccak256(bytes(id))) - 1)) & ~bytes32(uint256(0xff));
    }

    function _at(bytes32 base, uint256 offset) internal pure returns (bytes32) {
        return bytes32(uint256(base) + offset);
    }

    function _mapSlot(bytes32 key, bytes32 mappingSlot) internal pure returns (bytes32) {
        return keccak256(abi.encode(key, mappingSlot));
    }

    function _addr(address target, bytes32 slot) internal view returns (address) {
        return address(uint160(uint256(vm.load(target, slot))));
    }

    function _word(address target, bytes32 slot) internal view returns (uint256) {
        return uint256(vm.load(target, slot));
    }

    function test_storageLocation_formulaMatchesKnownValue() public pure {
        // The formula itself, against the value ERC-7201 gives for OpenZeppelin's Initializable namespace.
        assertEq(
            _erc7201("openzeppelin.storage.Initializable"),
            0xf0c57e16840df040f15088dc2f81fe391c3923bec73e23a9662efc9c229c6a00
        );
    }

    function test_storageLocation_accreditation() public view {
        bytes32 base = _erc7201("citysync.storage.Accreditation");
        // organizations: mapping at offset 0; Organization packs roles (uint8) and accreditedAt (uint40).
        bytes32 org = _mapSlot(bytes32(uint256(uint160(issuer))), base);
        assertEq(_word(address(accreditation), org) & 0xff, OrgRoles.ISSUER);
        assertEq((_word(address(accreditation), org) >> 8) & type(uint40).max, accreditation.organization(issuer).accreditedAt);
        assertEq(vm.load(address(accreditation), _at(org, 1)), keccak256(abi.encode(issuer)));
    }

    function test_storageLocation_civicCredit() public view {
        bytes32 base = _erc7201("citysync.storage.CivicCredit");
        // accounts (0), totals (1), issuer (2), votes (3), accreditation (4).
        uint256 account = _word(address(credit), _mapSlot(bytes32(uint256(uint160(alice))), base));
        assertEq(account & type(uint128).max, 25); // balance
        assertEq(account >> 128, 25); // minted
        assertEq(_word(address(credit), _at(base, 1)) & type(uint80).max, 25); // totals.minted
        assertEq(_addr(address(credit), _at(base, 2)), address(issuance));
        assertEq(_addr(address(credit), _at(base, 3)), address(votes));
        assertEq(_addr(address(credit), _at(base, 4)), address(accreditation));
    }

    function test_storageLocation_redemptionDesk() public view {
        bytes32 base = _erc7201("citysync.storage.RedemptionDesk");
        // offers (0), info (1), offerCount (2), standingValue (3).
        assertEq(_word(address(credit), _at(base, 2)), 1);
        assertEq(_word(address(credit), _at(base, 3)), BIG_PRICE * BIG_CAPACITY);
        assertEq(_addr(address(credit), _mapSlot(bytes32(uint256(1)), _at(base, 1))), redeemer);
    }

    function test_storageLocation_voteToken() public view {
        bytes32 base = _erc7201("citysync.storage.VoteToken");
        assertEq(_addr(address(votes), base), address(credit)); // ledger
    }

    function test_storageLocation_issuanceController() public view {
        bytes32 base = _erc7201("citysync.storage.IssuanceController");
        // credit (0), taskBoard (1), coverage (2), defaultRateBounds (3), periods (4), budgets (5).
        assertEq(_addr(address(issuance), base), address(credit));
        assertEq(_addr(address(issuance), _at(base, 1)), address(board));
        uint256 coverage = _word(address(issuance), _at(base, 2));
        assertEq(coverage & 0xffff, 10_000);
        assertEq((coverage >> 16) & 0xffff, 5_000);
        assertEq((coverage >> 32) & 0xffff, 15_000);
        assertEq(_word(address(issuance), _mapSlot(MODULE, _at(base, 5))), MODULE_BUDGET);
    }

    function test_storageLocation_taskBoard() public {
        bytes32 base = _erc7201("citysync.storage.TaskBoard");
        // accreditation (0); issuance and taskCount share slot 1 (20 + 8 bytes); completionCount (2).
        _publish(10, 1);
        assertEq(_addr(address(board), base), address(accreditation));
        assertEq(_addr(address(board), _at(base, 1)), address(issuance));
        assertEq(_word(address(board), _at(base, 1)) >> 160, 2); // taskCount
        assertEq(_word(address(board), _at(base, 2)), 1); // completionCount
    }

    function test_storageLocation_committee() public view {
        bytes32 base = _erc7201("citysync.storage.Committee");
        for (uint256 i; i < 6; ++i) {
            address c = address(committees[i]);
            // name (0), threshold (1), proposalCount (2), members.values (3).
            bytes32 name = vm.load(c, base);
            string memory expected = committees[i].name();
            assertEq(uint256(name) & 0xff, bytes(expected).length * 2); // short string: length * 2 in the low byte
            assertEq(bytes32(uint256(name) & ~uint256(0xff)), bytes32(bytes(expected)));
            assertEq(_word(c, _at(base, 1)), THRESHOLD);
            assertEq(_word(c, _at(base, 2)), committees[i].proposalCount());
            assertEq(_word(c, _at(base, 3)), MEMBERS);
        }
    }

    function test_storageLocation_moduleKernel() public {
        bytes32 base = _erc7201("citysync.storage.ModuleKernel");
        assertEq(_word(address(kernel), base), 0);
        kernel.prepareInstall(address(new MockModuleSetup()), "@citysync/dpan-mock", "1", keccak256("p"), "");
        assertEq(_word(address(kernel), base), 1); // preparationCount
    }

    function test_storageLocation_moduleBase() public {
        bytes32 base = _erc7201("citysync.storage.ModuleBase");
        bytes32 id = keccak256("@citysync/dpan-mock");
        MockModule module = MockModule(
            address(
                new ERC1967Proxy(
                    address(new MockModule()),
                    abi.encodeCall(MockModule.initialize, (address(manager), address(kernel), id))
                )
            )
        );
        assertEq(vm.load(address(module), base), id);
        assertEq(_addr(address(module), _at(base, 1)), address(kernel));
    }

    function test_storageLocation_cityVault() public view {
        bytes32 base = _erc7201("citysync.storage.CityVault");
        assertEq(_addr(address(vault), base), address(vault.lock()));
        assertEq(_addr(address(vault), _at(base, 1)), address(splitter));
    }

    function test_storageLocation_yieldSplitter() public view {
        bytes32 base = _erc7201("citysync.storage.YieldSplitter");
        // Slot 0 packs the asset (address) and origin (uint64); slot 1 periodLength (uint64) and the two bounds.
        assertEq(_addr(address(splitter), base), address(dollar));
        (uint64 origin, uint64 periodLength) = splitter.periodClock();
        assertEq(uint64(_word(address(splitter), base) >> 160), origin);
        uint256 packed = _word(address(splitter), _at(base, 1));
        assertEq(uint64(packed), periodLength);
        (uint16 minBps, uint16 maxBps) = splitter.splitBounds();
        assertEq(uint16(packed >> 64), minBps);
        assertEq(uint16(packed >> 80), maxBps);
    }

    function test_storageLocation_noSequentialSlotsUsed() public view {
        // Everything lives in namespaces: slots 0..3 of every proxy stay empty.
        address[10] memory proxies = [
            address(accreditation),
            address(credit),
            address(votes),
            address(issuance),
            address(board),
            address(governor),
            address(kernel),
            address(committees[0]),
            address(vault),
            address(splitter)
        ];
        for (uint256 i; i < proxies.length; ++i) {
            for (uint256 s; s < 4; ++s) {
                assertEq(vm.load(proxies[i], bytes32(s)), bytes32(0));
            }
        }
    }
}
