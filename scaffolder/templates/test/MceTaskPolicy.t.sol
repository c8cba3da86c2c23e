// SPDX-License-Identifier: MIT
pragma solidity 0.8.29;

import {ERC1967Proxy} from "@openzeppelin/contracts/proxy/ERC1967/ERC1967Proxy.sol";
import {AccessManager} from "@openzeppelin/contracts/access/manager/AccessManager.sol";
import {IAccessManaged} from "@openzeppelin/contracts/access/manager/IAccessManaged.sol";
import {Initializable} from "@openzeppelin/contracts-upgradeable/proxy/utils/Initializable.sol";
import {ModuleKernel} from "@citysync/contracts/kernel/ModuleKernel.sol";
import {IssuanceController} from "@citysync/contracts/issuance/IssuanceController.sol";
import {TaskBoard} from "@citysync/contracts/tasks/TaskBoard.sol";
import {MceTaskPolicy} from "../contracts/MceTaskPolicy.sol";
import {MceTaskPolicySetup} from "../contracts/MceTaskPolicySetup.sol";
import {MceTaskPolicyBase} from "./MceTaskPolicyBase.sol";

/// @notice The module's rules on chain, for its own catalog (MceTaskPolicyBase) and, where the catalog may lack a
/// case, for a small catalog of the test's own. The same file in every package `dpan scaffold --from-mce` renders.
contract MceTaskPolicyTest is MceTaskPolicyBase {
    // ---------------------------------------------------------------- install through the kernel

    function test_install_recordsVersionCatalogAndPolicy() public {
        _install();
        ModuleKernel.Installation memory inst = kernel.installation(NAME);
        assertTrue(inst.installed);
        assertEq(inst.version, VERSION);
        assertEq(inst.contentHash, CONTENT_HASH);
        assertEq(inst.permissions.length, 0, "the policy needs no role");
        assertEq(policy.moduleId(), MODULE_ID);
        assertEq(policy.kernel(), address(kernel));
        assertEq(policy.authority(), address(manager));
        assertEq(board.modulePolicy(MODULE_ID), address(policy), "the modules committee registered the task policy");
        MceTaskPolicySetup.Init memory init = _init();
        uint256[] memory expected = _verifiers();
        (bytes32[] memory types, uint256[] memory mins, uint256[] memory maxs, uint256[] memory ks) = policy.catalog();
        assertEq(types.length, init.taskTypes.length);
        for (uint256 i; i < types.length; ++i) {
            assertEq(types[i], init.taskTypes[i]);
            assertEq(mins[i], init.minRates[i]);
            assertEq(maxs[i], init.maxRates[i]);
            assertEq(ks[i], expected[i], "each type's verifiers come from its rule");
            MceTaskPolicy.TaskTypeRule memory rule = policy.taskTypeRule(types[i]);
            assertTrue(rule.listed);
            (uint256 cityMin, uint256 cityMax) = issuance.rateBounds(types[i]);
            assertEq(cityMin, init.minRates[i], "the rates committee pinned the catalog's bounds");
            assertEq(cityMax, init.maxRates[i]);
        }
        assertFalse(policy.taskTypeRule(NOT_IN_CATALOG).listed);
    }

    function test_initData_isWhatPrepareDecodes() public view {
        MceTaskPolicySetup.Init memory init = _init();
        bytes memory data = setup.initData(
            init.issuance,
            init.taskTypes,
            init.minRates,
            init.maxRates,
            init.taskRules,
            init.ruleIds,
            init.ruleVerifiers
        );
        assertEq(data, _encode(init));
        assertEq(abi.encode(setup.decodeInit(data)), abi.encode(init));
    }

    function test_RevertIf_apply_withoutCommitteeApproval() public {
        uint256 id = _prepare(_init());
        vm.expectRevert(
            abi.encodeWithSelector(
                ModuleKernel.ModuleKernelWrongState.selector, id, ModuleKernel.PreparationState.Prepared
            )
        );
        kernel.applyPreparation(id, CONTENT_HASH);
        assertFalse(kernel.installation(NAME).installed);
    }

    function test_RevertIf_prepare_unknownRule() public {
        MceTaskPolicySetup.Init memory init = _init();
        bytes32 missing = keccak256("no-such-rule");
        init.taskRules[0] = missing;
        vm.expectRevert(
            abi.encodeWithSelector(
                MceTaskPolicySetup.MceTaskPolicySetupUnknownRule.selector, init.taskTypes[0], missing
            )
        );
        _prepare(init);
    }

    function test_RevertIf_prepare_boundsOutsideCity() public {
        MceTaskPolicySetup.Init memory init = _init();
        (uint256 cityMin, uint256 cityMax) = issuance.rateBounds(init.taskTypes[0]);
        init.maxRates[0] = cityMax + 1;
        vm.expectRevert(
            abi.encodeWithSelector(
                MceTaskPolicySetup.MceTaskPolicySetupOutsideCityBounds.selector,
                init.taskTypes[0],
                init.minRates[0],
                cityMax + 1,
                cityMin,
                cityMax
            )
        );
        _prepare(init);
    }

    function test_RevertIf_prepare_foreignIssuance() public {
        AccessManager otherManager = new AccessManager(address(this));
        address other = address(
            new ERC1967Proxy(
                address(new IssuanceController()),
                abi.encodeCall(
                    IssuanceController.initialize,
                    (address(otherManager), address(credit), 10_000, 5_000, 15_000, 1, 1_000)
                )
            )
        );
        MceTaskPolicySetup.Init memory init = _init();
        init.issuance = other;
        vm.expectRevert(
            abi.encodeWithSelector(
                MceTaskPolicySetup.MceTaskPolicySetupForeignCity.selector,
                other,
                address(manager),
                address(otherManager)
            )
        );
        _prepare(init);
    }

    function test_RevertIf_prepare_lengthMismatch() public {
        MceTaskPolicySetup.Init memory init = _init();
        uint256 n = init.taskTypes.length;
        init.maxRates = new uint256[](n + 1);
        vm.expectRevert(
            abi.encodeWithSelector(MceTaskPolicySetup.MceTaskPolicySetupLengthMismatch.selector, n, n, n + 1, n)
        );
        _prepare(init);
        init = _init();
        uint256 rules = init.ruleIds.length;
        init.ruleVerifiers = new uint256[](rules + 1);
        vm.expectRevert(
            abi.encodeWithSelector(MceTaskPolicySetup.MceTaskPolicySetupRulesMismatch.selector, rules, rules + 1)
        );
        _prepare(init);
    }

    function test_RevertIf_prepare_emptyCatalog() public {
        MceTaskPolicySetup.Init memory init = _init();
        init.taskTypes = new bytes32[](0);
        init.minRates = new uint256[](0);
        init.maxRates = new uint256[](0);
        init.taskRules = new bytes32[](0);
        vm.expectRevert(MceTaskPolicy.MceTaskPolicyEmptyCatalog.selector);
        _prepare(init);
    }

    function test_RevertIf_prepare_duplicateTaskType() public {
        MceTaskPolicySetup.Init memory init = _withType(_init(), _init().taskTypes[0], 1, 2, _init().taskRules[0]);
        vm.expectRevert(
            abi.encodeWithSelector(MceTaskPolicy.MceTaskPolicyDuplicateTaskType.selector, init.taskTypes[0])
        );
        _prepare(init);
    }

    function test_RevertIf_prepare_invertedBounds() public {
        MceTaskPolicySetup.Init memory init = _init();
        (init.minRates[0], init.maxRates[0]) = (3, 2);
        vm.expectRevert(
            abi.encodeWithSelector(MceTaskPolicy.MceTaskPolicyInvalidBounds.selector, init.taskTypes[0], 3, 2)
        );
        _prepare(init);
    }

    function test_RevertIf_prepare_moreVerifiersThanTheBoardAllows() public {
        MceTaskPolicySetup.Init memory init = _init();
        // The first type's rule now asks 17 verifiers: the first type is refused when it is listed.
        uint256 r;
        while (init.ruleIds[r] != init.taskRules[0]) ++r;
        init.ruleVerifiers[r] = 17;
        vm.expectRevert(
            abi.encodeWithSelector(
                MceTaskPolicy.MceTaskPolicyTooManyVerifiers.selector, init.taskTypes[0], 17, _maxVerifiers()
            )
        );
        _prepare(init);
    }

    function test_RevertIf_initialize_again() public {
        _install();
        MceTaskPolicy.Catalog memory catalog;
        vm.expectRevert(Initializable.InvalidInitialization.selector);
        policy.initialize(address(manager), address(kernel), MODULE_ID, catalog);
    }

    function test_RevertIf_initialize_implementation() public {
        MceTaskPolicy implementation = MceTaskPolicy(setup.implementation());
        MceTaskPolicy.Catalog memory catalog;
        vm.expectRevert(Initializable.InvalidInitialization.selector);
        implementation.initialize(address(manager), address(kernel), MODULE_ID, catalog);
    }

    // ---------------------------------------------------------------- the rules at publish

    function test_publish_everyCatalogTypeAtItsBounds() public {
        _install();
        MceTaskPolicySetup.Init memory init = _init();
        for (uint256 i; i < init.taskTypes.length; ++i) {
            uint256 atMin = _publishAs(_task(i, init.minRates[i]));
            uint256 atMax = _publishAs(_task(i, init.maxRates[i]));
            assertEq(board.task(atMin).rate, init.minRates[i]);
            assertEq(board.task(atMax).rate, init.maxRates[i]);
            assertEq(board.task(atMax).verifiersRequired, _verifiers()[i]);
        }
    }

    function test_RevertIf_publish_typeNotInCatalog() public {
        _install();
        TaskBoard.TaskParams memory p = _task(0, _init().minRates[0]);
        p.taskType = NOT_IN_CATALOG;
        // The city's default bounds let the rate through: the policy is what refuses the type.
        vm.prank(issuer);
        vm.expectRevert(abi.encodeWithSelector(MceTaskPolicy.MceTaskPolicyUnknownTaskType.selector, NOT_IN_CATALOG));
        board.publishTask(p);
    }

    function test_RevertIf_publish_rateOutsideCatalogBounds_evenIfTheCityWidensThem() public {
        _install();
        MceTaskPolicySetup.Init memory init = _init();
        bytes32 taskType = init.taskTypes[0];
        (uint256 min, uint256 max) = (init.minRates[0], init.maxRates[0]);
        // The rates committee may later widen the city's bounds; the reviewed catalog still holds.
        _committeeCall(
            RATES_IDX, address(issuance), abi.encodeCall(IssuanceController.setRateBounds, (taskType, 1, max + 10))
        );
        vm.prank(issuer);
        vm.expectRevert(
            abi.encodeWithSelector(MceTaskPolicy.MceTaskPolicyRateOutOfBounds.selector, taskType, max + 1, min, max)
        );
        board.publishTask(_task(0, max + 1));
        if (min > 1) {
            vm.prank(issuer);
            vm.expectRevert(
                abi.encodeWithSelector(MceTaskPolicy.MceTaskPolicyRateOutOfBounds.selector, taskType, min - 1, min, max)
            );
            board.publishTask(_task(0, min - 1));
        }
    }

    function test_RevertIf_publish_otherVerificationThanItsRule() public {
        _install();
        MceTaskPolicySetup.Init memory init = _init();
        uint256[] memory k = _verifiers();
        for (uint256 i; i < init.taskTypes.length; ++i) {
            TaskBoard.TaskParams memory p = _task(i, init.minRates[i]);
            // An issuer-verified type asks for a verifier; a k-of-n type for one verifier fewer than its rule.
            p.verifiersRequired = k[i] == 0 ? 1 : uint8(k[i] - 1);
            vm.prank(issuer);
            vm.expectRevert(
                abi.encodeWithSelector(
                    MceTaskPolicy.MceTaskPolicyWrongVerification.selector, init.taskTypes[i], p.verifiersRequired, k[i]
                )
            );
            board.publishTask(p);
        }
    }

    function test_RevertIf_checkTask_anotherModulesTask() public {
        _install();
        TaskBoard.TaskParams memory p = _task(0, _init().minRates[0]);
        p.moduleId = keccak256("@another/module");
        vm.expectRevert(abi.encodeWithSelector(MceTaskPolicy.MceTaskPolicyWrongModule.selector, p.moduleId, MODULE_ID));
        policy.checkTask(issuer, p);
    }

    function test_verifiedCompletion_mintsAgainstTheModuleBudget() public {
        _install();
        // Verifiers its rule needs, accredited before the task's window opens.
        address[] memory approvers = new address[](_verifiers()[0]);
        for (uint256 j; j < approvers.length; ++j) {
            approvers[j] = _verifier(j);
        }
        uint256 rate = _init().maxRates[0];
        uint256 taskId = _publishAs(_task(0, rate));
        address alice = makeAddr("alice");
        uint256 completionId = _submit(taskId, alice);
        if (approvers.length == 0) {
            vm.prank(issuer);
            board.verify(completionId);
        }
        for (uint256 j; j < approvers.length; ++j) {
            vm.prank(approvers[j]);
            board.approveCompletion(completionId);
        }
        assertEq(credit.balanceOf(alice), rate);
        assertEq(issuance.moduleSpent(MODULE_ID, credit.currentPeriod()), rate);
    }

    /// @dev Both kinds of rule, whatever this module's catalog holds: an issuer-verified type stays issuer-verified;
    /// a k-of-n type may ask more verifiers, never fewer.
    function test_checkTask_verificationOfBothKindsOfRule() public {
        bytes32 alone = keccak256("issuer-checked");
        bytes32 twoOf = keccak256("two-verifiers-checked");
        MceTaskPolicySetup.Init memory init;
        init.issuance = address(issuance);
        init.taskTypes = new bytes32[](2);
        init.minRates = new uint256[](2);
        init.maxRates = new uint256[](2);
        init.taskRules = new bytes32[](2);
        (init.taskTypes[0], init.minRates[0], init.maxRates[0], init.taskRules[0]) = (alone, 5, 15, keccak256("issuer"));
        (init.taskTypes[1], init.minRates[1], init.maxRates[1], init.taskRules[1]) = (twoOf, 5, 15, keccak256("two"));
        init.ruleIds = new bytes32[](2);
        init.ruleVerifiers = new uint256[](2);
        (init.ruleIds[0], init.ruleVerifiers[0]) = (keccak256("issuer"), 0);
        (init.ruleIds[1], init.ruleVerifiers[1]) = (keccak256("two"), 2);
        bytes32 moduleId = keccak256("@test/two-rules");
        (address module,) = setup.prepareInstallation(address(kernel), moduleId, _encode(init));
        MceTaskPolicy own = MceTaskPolicy(module);
        TaskBoard.TaskParams memory p = _taskParams(10, 1, 0);
        p.moduleId = moduleId;
        p.taskType = alone;
        own.checkTask(issuer, p);
        p.verifiersRequired = 2;
        vm.expectRevert(abi.encodeWithSelector(MceTaskPolicy.MceTaskPolicyWrongVerification.selector, alone, 2, 0));
        own.checkTask(issuer, p);
        p.taskType = twoOf;
        own.checkTask(issuer, p);
        p.verifiersRequired = 3;
        own.checkTask(issuer, p);
        p.verifiersRequired = 1;
        vm.expectRevert(abi.encodeWithSelector(MceTaskPolicy.MceTaskPolicyWrongVerification.selector, twoOf, 1, 2));
        own.checkTask(issuer, p);
    }

    /// @dev The policy alone decides (asked directly, as an issuer's app does before publishing): a task passes iff
    /// its type is in the catalog, its rate inside the type's bounds and its verifiers follow the type's rule; one
    /// that passes is then published by the board.
    function testFuzz_checkTask_iffCatalogTypeInsideBoundsWithItsRule(uint256 typeSeed, uint256 rate, uint8 verifiers)
        public
    {
        _install();
        MceTaskPolicySetup.Init memory init = _init();
        uint256 n = init.taskTypes.length;
        uint256 i = typeSeed % (n + 1); // n: a type outside the catalog
        rate = bound(rate, 1, HIGHEST_RATE + 5);
        verifiers = uint8(bound(verifiers, 0, 16));
        TaskBoard.TaskParams memory p = _taskParams(rate, 1, verifiers);
        p.moduleId = MODULE_ID;
        p.taskType = i == n ? NOT_IN_CATALOG : init.taskTypes[i];
        bytes memory refusal;
        if (i == n) {
            refusal = abi.encodeWithSelector(MceTaskPolicy.MceTaskPolicyUnknownTaskType.selector, NOT_IN_CATALOG);
        } else if (rate < init.minRates[i] || rate > init.maxRates[i]) {
            refusal = abi.encodeWithSelector(
                MceTaskPolicy.MceTaskPolicyRateOutOfBounds.selector,
                p.taskType,
                rate,
                init.minRates[i],
                init.maxRates[i]
            );
        } else {
            uint256 k = _verifiers()[i];
            if (k == 0 ? verifiers != 0 : verifiers < k) {
                refusal = abi.encodeWithSelector(
                    MceTaskPolicy.MceTaskPolicyWrongVerification.selector, p.taskType, verifiers, k
                );
            }
        }
        if (refusal.length != 0) {
            vm.expectRevert(refusal);
            policy.checkTask(issuer, p);
        } else {
            policy.checkTask(issuer, p);
            uint256 taskId = _publishAs(p);
            assertEq(board.task(taskId).rate, rate);
        }
    }

    // ---------------------------------------------------------------- upgrades

    function test_RevertIf_upgrade_notUpgradesCommittee() public {
        _install();
        address impl = setup.implementation();
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(IAccessManaged.AccessManagedUnauthorized.selector, stranger));
        policy.upgradeToAndCall(impl, "");
    }

    // ---------------------------------------------------------------- helpers

    function _maxVerifiers() internal view returns (uint256) {
        return MceTaskPolicy(setup.implementation()).MAX_VERIFIERS();
    }

    /// @dev `init` with one more catalog entry.
    function _withType(MceTaskPolicySetup.Init memory init, bytes32 taskType, uint256 min, uint256 max, bytes32 rule)
        internal
        pure
        returns (MceTaskPolicySetup.Init memory out)
    {
        uint256 n = init.taskTypes.length;
        (out.issuance, out.ruleIds, out.ruleVerifiers) = (init.issuance, init.ruleIds, init.ruleVerifiers);
        out.taskTypes = new bytes32[](n + 1);
        out.minRates = new uint256[](n + 1);
        out.maxRates = new uint256[](n + 1);
        out.taskRules = new bytes32[](n + 1);
        for (uint256 i; i < n; ++i) {
            (out.taskTypes[i], out.minRates[i], out.maxRates[i], out.taskRules[i]) =
            (init.taskTypes[i], init.minRates[i], init.maxRates[i], init.taskRules[i]);
        }
        (out.taskTypes[n], out.minRates[n], out.maxRates[n], out.taskRules[n]) = (taskType, min, max, rule);
    }
}
