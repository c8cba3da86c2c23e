// SPDX-License-Identifier: MIT
pragma solidity 0.8.29;

import {ERC1967Proxy} from "@openzeppelin/contracts/proxy/ERC1967/ERC1967Proxy.sol";
import {AccessManager} from "@openzeppelin/contracts/access/manager/AccessManager.sol";
import {IAccessManaged} from "@openzeppelin/contracts/access/manager/IAccessManaged.sol";
import {Initializable} from "@openzeppelin/contracts-upgradeable/proxy/utils/Initializable.sol";
import {ModuleKernel} from "@citysync/contracts/kernel/ModuleKernel.sol";
import {IssuanceController} from "@citysync/contracts/issuance/IssuanceController.sol";
import {TaskBoard} from "@citysync/contracts/tasks/TaskBoard.sol";
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
        assertEq(board.modulePolicy(MODULE), address(economy), "the modules committee registered the task policy");
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
        economy.initialize(address(manager), address(kernel), MODULE, types, mins, maxs);
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

    function test_RevertIf_publish_taskTypeNotInCatalog() public {
        _install();
        // The city's default bounds (1..100) let the rate through: the policy is what refuses the type.
        _expectPublishRefused(
            _moduleTask(NOT_IN_CATALOG, 20, 1),
            abi.encodeWithSelector(GeneralEconomy.GeneralEconomyUnknownTaskType.selector, NOT_IN_CATALOG)
        );
    }

    function test_RevertIf_publish_rateOutsideCatalogBounds_evenIfTheCityWidensThem() public {
        _install();
        // The rates committee may later widen the city's bounds for the type; the reviewed catalog still holds.
        _committeeCall(RATES_IDX, address(issuance), abi.encodeCall(IssuanceController.setRateBounds, (TUTORING, 1, 100)));
        _expectPublishRefused(
            _moduleTask(TUTORING, 26, 1),
            abi.encodeWithSelector(GeneralEconomy.GeneralEconomyRateOutOfBounds.selector, TUTORING, 26, 10, 25)
        );
        _expectPublishRefused(
            _moduleTask(TUTORING, 9, 1),
            abi.encodeWithSelector(GeneralEconomy.GeneralEconomyRateOutOfBounds.selector, TUTORING, 9, 10, 25)
        );
    }

    function test_RevertIf_publish_rateOutsideCityBounds() public {
        _install();
        TaskBoard.TaskParams memory p = _moduleTask(TUTORING, 26, 1);
        vm.prank(issuer);
        vm.expectRevert(
            abi.encodeWithSelector(IssuanceController.IssuanceControllerRateOutOfBounds.selector, TUTORING, 26, 10, 25)
        );
        board.publishTask(p);
    }

    function test_RevertIf_publish_kOfNVerification() public {
        _install();
        TaskBoard.TaskParams memory p = _moduleTask(FOOD_BANK, 30, 1);
        p.verifiersRequired = 2;
        _expectPublishRefused(
            p, abi.encodeWithSelector(GeneralEconomy.GeneralEconomyWrongVerification.selector, FOOD_BANK, 2, 0)
        );
    }

    function test_taskPublishedBeforeThePolicy_cannotMintUnderIt() public {
        // Kernel install alone: the budget line still carries the rules it opened with (the fixture's open policy),
        // so an off-catalog task can be published; once the modules committee registers the module's policy, that
        // task can no longer be claimed or verified.
        (bytes32[] memory types, uint256[] memory mins, uint256[] memory maxs) = _catalog();
        uint256 id = _prepare(_initData(types, mins, maxs));
        _approve(id);
        kernel.applyPreparation(id, CONTENT_HASH);
        economy = GeneralEconomy(kernel.installation(NAME).module);
        uint256 taskId = _publishModuleTask(NOT_IN_CATALOG, 20, 1);
        (, uint256 before) = board.modulePolicyVersion(MODULE);
        _committeeCall(MODULES_IDX, address(board), abi.encodeCall(TaskBoard.setModulePolicy, (MODULE, address(economy))));
        address alice = makeAddr("alice");
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(TaskBoard.TaskBoardTaskPolicyChanged.selector, taskId, before, before + 1));
        board.claim(taskId);
    }

    function test_policy_ignoresAnotherModulesTasks() public {
        _install();
        bytes32 otherModule = keccak256("@citysync/dpan-other");
        _committeeCall(ISSUANCE_IDX, address(issuance), abi.encodeCall(IssuanceController.setModuleBudget, (otherModule, 100)));
        _committeeCall(MODULES_IDX, address(board), abi.encodeCall(TaskBoard.setModulePolicy, (otherModule, openPolicy)));
        TaskBoard.TaskParams memory p = _moduleTask(NOT_IN_CATALOG, 20, 1);
        p.moduleId = otherModule;
        vm.prank(issuer);
        uint256 taskId = board.publishTask(p);
        assertEq(board.task(taskId).moduleId, otherModule);
        // Asked directly (an app's pre-flight), the policy names the mismatch.
        vm.expectRevert(abi.encodeWithSelector(GeneralEconomy.GeneralEconomyWrongModule.selector, otherModule, MODULE));
        economy.checkTask(issuer, p);
    }

    function test_checkTask_asAppPreflight() public {
        _install();
        economy.checkTask(issuer, _moduleTask(PARK_CLEANUP, 40, 1));
        vm.expectRevert(abi.encodeWithSelector(GeneralEconomy.GeneralEconomyUnknownTaskType.selector, NOT_IN_CATALOG));
        economy.checkTask(issuer, _moduleTask(NOT_IN_CATALOG, 20, 1));
        vm.expectRevert(
            abi.encodeWithSelector(GeneralEconomy.GeneralEconomyRateOutOfBounds.selector, PARK_CLEANUP, 9, 10, 40)
        );
        economy.checkTask(issuer, _moduleTask(PARK_CLEANUP, 9, 1));
    }

    /// @dev With every type's city bounds widened to the city's 1..100, the policy alone decides: a task is
    /// published iff its type is in the catalog, its rate inside the type's bounds and its issuer verifies alone.
    function testFuzz_publish_iffCatalogTypeInsideBoundsIssuerVerified(uint256 typeSeed, uint256 rate, uint8 verifiers)
        public
    {
        _install();
        bytes32[4] memory candidates = [PARK_CLEANUP, FOOD_BANK, TUTORING, NOT_IN_CATALOG];
        bytes32 taskType = candidates[typeSeed % 4];
        if (taskType != NOT_IN_CATALOG) {
            _committeeCall(RATES_IDX, address(issuance), abi.encodeCall(IssuanceController.setRateBounds, (taskType, 1, 100)));
        }
        rate = bound(rate, 1, 100);
        verifiers = uint8(bound(verifiers, 0, 2));
        TaskBoard.TaskParams memory p = _moduleTask(taskType, rate, 1);
        p.verifiersRequired = verifiers;
        (bool listed, uint256 min, uint256 max) = economy.rateBounds(taskType);
        assertEq(listed, taskType != NOT_IN_CATALOG);
        bytes memory refusal;
        if (!listed) {
            refusal = abi.encodeWithSelector(GeneralEconomy.GeneralEconomyUnknownTaskType.selector, taskType);
        } else if (rate < min || rate > max) {
            refusal = abi.encodeWithSelector(GeneralEconomy.GeneralEconomyRateOutOfBounds.selector, taskType, rate, min, max);
        } else if (verifiers != 0) {
            refusal = abi.encodeWithSelector(GeneralEconomy.GeneralEconomyWrongVerification.selector, taskType, verifiers, 0);
        }
        if (refusal.length != 0) {
            _expectPublishRefused(p, refusal);
        } else {
            uint256 taskId = _publishModuleTask(taskType, rate, 1);
            assertEq(board.task(taskId).rate, rate);
        }
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
