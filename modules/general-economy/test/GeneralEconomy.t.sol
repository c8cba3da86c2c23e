// SPDX-License-Identifier: MIT
pragma solidity 0.8.29;

import {ERC1967Proxy} from "@openzeppelin/contracts/proxy/ERC1967/ERC1967Proxy.sol";
import {AccessManager} from "@openzeppelin/contracts/access/manager/AccessManager.sol";
import {IAccessManaged} from "@openzeppelin/contracts/access/manager/IAccessManaged.sol";
import {Initializable} from "@openzeppelin/contracts-upgradeable/proxy/utils/Initializable.sol";
import {ModuleKernel} from "@citysync/core/contracts/kernel/ModuleKernel.sol";
import {IssuanceController} from "@citysync/core/contracts/issuance/IssuanceController.sol";
import {TaskBoard} from "@citysync/core/contracts/tasks/TaskBoard.sol";
import {GeneralEconomy} from "../contracts/GeneralEconomy.sol";
import {GeneralEconomySetup} from "../contracts/GeneralEconomySetup.sol";
import {GeneralEconomyBase} from "./GeneralEconomyBase.sol";

contract GeneralEconomyTest is GeneralEconomyBase {
    // ---------------------------------------------------------------- install through the kernel

    function test_install_recordsVersionAndCatalog() public {
        _install();
        ModuleKernel.Installation memory inst = kernel.installation(NAME);
        assertTrue(inst.installed);
        assertEq(inst.version, VERSION);
        assertEq(inst.contentHash, CONTENT_HASH);
        assertEq(inst.permissions.length, 0, "the catalog needs no role");
        assertEq(economy.moduleId(), MODULE);
        assertEq(economy.kernel(), address(kernel));
        assertEq(economy.authority(), address(manager));
        assertEq(economy.taskBoard(), address(board));
        (bytes32[] memory types, uint256[] memory mins, uint256[] memory maxs) = economy.catalog();
        assertEq(types.length, 3);
        assertEq(types[1], FOOD_BANK);
        assertEq(mins[1], 20);
        assertEq(maxs[1], 50);
        (uint256 min, uint256 max) = issuance.rateBounds(FOOD_BANK);
        assertEq(min, 20);
        assertEq(max, 50);
    }

    function test_RevertIf_apply_withoutCommitteeApproval() public {
        (bytes32[] memory types, uint256[] memory mins, uint256[] memory maxs) = _catalog();
        uint256 id = _prepare(_initData(types, mins, maxs));
        vm.expectRevert(
            abi.encodeWithSelector(
                ModuleKernel.ModuleKernelWrongState.selector, id, ModuleKernel.PreparationState.Prepared
            )
        );
        kernel.applyPreparation(id, CONTENT_HASH);
        assertFalse(kernel.installation(NAME).installed);
    }

    function test_RevertIf_approve_notModulesCommittee() public {
        (bytes32[] memory types, uint256[] memory mins, uint256[] memory maxs) = _catalog();
        uint256 id = _prepare(_initData(types, mins, maxs));
        vm.prank(members[MODULES_IDX][0]); // a member alone is not the committee
        vm.expectRevert(abi.encodeWithSelector(IAccessManaged.AccessManagedUnauthorized.selector, members[MODULES_IDX][0]));
        kernel.approve(id);
    }

    function test_RevertIf_apply_contentHashDiffers_leavesNothing() public {
        (bytes32[] memory types, uint256[] memory mins, uint256[] memory maxs) = _catalog();
        uint256 id = _prepare(_initData(types, mins, maxs));
        _approve(id);
        bytes32 other = keccak256("tampered package");
        vm.expectRevert(
            abi.encodeWithSelector(ModuleKernel.ModuleKernelContentHashMismatch.selector, id, other, CONTENT_HASH)
        );
        kernel.applyPreparation(id, other);
        assertFalse(kernel.installation(NAME).installed);
        assertEq(kernel.moduleIds().length, 0);
        // The reviewed hash still applies: a failed apply changed nothing.
        kernel.applyPreparation(id, CONTENT_HASH);
        assertTrue(kernel.installation(NAME).installed);
    }

    function test_RevertIf_prepare_boundsOutsideCity() public {
        (bytes32[] memory types, uint256[] memory mins, uint256[] memory maxs) = _catalog();
        maxs[2] = 101; // the city allows 1..100
        vm.expectRevert(
            abi.encodeWithSelector(
                GeneralEconomySetup.GeneralEconomySetupOutsideCityBounds.selector, TUTORING, 10, 101, 1, 100
            )
        );
        _prepare(_initData(types, mins, maxs));
    }

    function test_RevertIf_prepare_foreignIssuance() public {
        AccessManager otherManager = new AccessManager(address(this));
        address other = address(
            new ERC1967Proxy(
                address(new IssuanceController()),
                abi.encodeCall(IssuanceController.initialize, (address(otherManager), address(credit), 10_000, 5_000, 15_000, 1, 1_000))
            )
        );
        (bytes32[] memory types, uint256[] memory mins, uint256[] memory maxs) = _catalog();
        vm.expectRevert(
            abi.encodeWithSelector(
                GeneralEconomySetup.GeneralEconomySetupForeignCity.selector, other, address(manager), address(otherManager)
            )
        );
        _prepare(abi.encode(other, types, mins, maxs));
    }

    function test_RevertIf_prepare_emptyCatalog() public {
        vm.expectRevert(GeneralEconomy.GeneralEconomyEmptyCatalog.selector);
        _prepare(_initData(new bytes32[](0), new uint256[](0), new uint256[](0)));
    }

    function test_RevertIf_prepare_lengthMismatch() public {
        (bytes32[] memory types, uint256[] memory mins,) = _catalog();
        vm.expectRevert(
            abi.encodeWithSelector(GeneralEconomySetup.GeneralEconomySetupLengthMismatch.selector, 3, 3, 2)
        );
        _prepare(_initData(types, mins, new uint256[](2)));
    }

    function test_RevertIf_prepare_duplicateTaskType() public {
        (bytes32[] memory types, uint256[] memory mins, uint256[] memory maxs) = _catalog();
        types[2] = PARK_CLEANUP;
        vm.expectRevert(abi.encodeWithSelector(GeneralEconomy.GeneralEconomyDuplicateTaskType.selector, PARK_CLEANUP));
        _prepare(_initData(types, mins, maxs));
    }

    function test_RevertIf_prepare_invertedBounds() public {
        (bytes32[] memory types, uint256[] memory mins, uint256[] memory maxs) = _catalog();
        (mins[0], maxs[0]) = (30, 20);
        vm.expectRevert(
            abi.encodeWithSelector(GeneralEconomy.GeneralEconomyInvalidBounds.selector, PARK_CLEANUP, 30, 20)
        );
        _prepare(_initData(types, mins, maxs));
    }

    function test_RevertIf_initialize_again() public {
        _install();
        (bytes32[] memory types, uint256[] memory mins, uint256[] memory maxs) = _catalog();
        vm.expectRevert(Initializable.InvalidInitialization.selector);
        economy.initialize(address(manager), address(kernel), MODULE, address(board), types, mins, maxs);
    }

    function test_initData_matchesOffChainEncoding() public view {
        (bytes32[] memory types, uint256[] memory mins, uint256[] memory maxs) = _catalog();
        assertEq(setup.initData(address(issuance), types, mins, maxs), _initData(types, mins, maxs));
    }

    // ---------------------------------------------------------------- the economy it gives

    function test_catalogTask_earnsAgainstModuleBudget() public {
        _install();
        _offer(10, 100); // cap: 1000 credits this period at 100% coverage
        address alice = makeAddr("alice");
        uint256 taskId = _publishModuleTask(FOOD_BANK, 30, 2);
        uint256 completionId = _submit(taskId, alice);
        vm.prank(issuer);
        board.verify(completionId);
        assertEq(credit.balanceOf(alice), 30);
        assertEq(issuance.moduleSpent(MODULE, credit.currentPeriod()), 30);
    }

    function test_RevertIf_claim_taskTypeNotInCatalog() public {
        _install();
        uint256 taskId = _publishModuleTask(NOT_IN_CATALOG, 20, 1); // the city's default bounds let it publish
        address alice = makeAddr("alice");
        vm.prank(alice);
        vm.expectRevert(
            abi.encodeWithSelector(TaskBoard.TaskBoardClaimGated.selector, taskId, alice, address(economy))
        );
        board.claim(taskId);
    }

    function test_RevertIf_publish_rateOutsideTypeBounds() public {
        _install();
        TaskBoard.TaskParams memory p = _moduleTask(TUTORING, 26, 1);
        vm.prank(issuer);
        vm.expectRevert(
            abi.encodeWithSelector(IssuanceController.IssuanceControllerRateOutOfBounds.selector, TUTORING, 26, 10, 25)
        );
        board.publishTask(p);
    }

    function test_canClaim_falseForAnotherModulesTask() public {
        _install();
        bytes32 otherModule = keccak256("@citysync/dpan-other");
        _committeeCall(ISSUANCE_IDX, address(issuance), abi.encodeCall(IssuanceController.setModuleBudget, (otherModule, 100)));
        TaskBoard.TaskParams memory p = _moduleTask(PARK_CLEANUP, 20, 1);
        p.moduleId = otherModule;
        vm.prank(issuer);
        uint256 taskId = board.publishTask(p);
        assertFalse(economy.canClaim(taskId, makeAddr("alice")));
    }

    function test_checkTask() public {
        _install();
        economy.checkTask(PARK_CLEANUP, 40);
        vm.expectRevert(abi.encodeWithSelector(GeneralEconomy.GeneralEconomyUnknownTaskType.selector, NOT_IN_CATALOG));
        economy.checkTask(NOT_IN_CATALOG, 20);
        vm.expectRevert(
            abi.encodeWithSelector(GeneralEconomy.GeneralEconomyRateOutOfBounds.selector, PARK_CLEANUP, 9, 10, 40)
        );
        economy.checkTask(PARK_CLEANUP, 9);
    }

    function testFuzz_canClaim_iffCatalogTypeInsideBounds(uint256 typeSeed, uint256 rate) public {
        _install();
        bytes32[4] memory candidates = [PARK_CLEANUP, FOOD_BANK, TUTORING, NOT_IN_CATALOG];
        bytes32 taskType = candidates[typeSeed % 4];
        (uint256 min, uint256 max) = issuance.rateBounds(taskType);
        rate = bound(rate, min, max);
        uint256 taskId = _publishModuleTask(taskType, rate, 1);
        (bool listed, uint256 cmin, uint256 cmax) = economy.rateBounds(taskType);
        assertEq(economy.canClaim(taskId, makeAddr("alice")), listed && rate >= cmin && rate <= cmax);
        assertEq(listed, taskType != NOT_IN_CATALOG);
    }

    // ---------------------------------------------------------------- upgrades

    function test_RevertIf_upgrade_notUpgradesCommittee() public {
        _install();
        address impl = setup.implementation();
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(IAccessManaged.AccessManagedUnauthorized.selector, stranger));
        economy.upgradeToAndCall(impl, "");
    }
}
