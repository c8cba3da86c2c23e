// SPDX-License-Identifier: MIT
pragma solidity 0.8.29;

import {IAccessManager} from "@openzeppelin/contracts/access/manager/IAccessManager.sol";
import {IAccessManaged} from "@openzeppelin/contracts/access/manager/IAccessManaged.sol";
import {Initializable} from "@openzeppelin/contracts-upgradeable/proxy/utils/Initializable.sol";
import {PlatformBase} from "./PlatformBase.sol";
import {MockModule} from "./mocks/MockModule.sol";
import {MockModuleSetup} from "./mocks/MockModuleSetup.sol";
import {ModuleKernel} from "../../../kernel/ModuleKernel.sol";
import {IModuleSetup} from "../../../kernel/IModuleSetup.sol";
import {Committee} from "../../../governance/Committee.sol";
import {Roles} from "../../../libraries/Roles.sol";

/// @notice Another setup's code with the published setup's behaviour: a look-alike.
contract LookAlikeSetup is MockModuleSetup {
    function lookAlike() external pure returns (bool) {
        return true;
    }
}

contract PlatformModuleKernelTest is PlatformBase {
    string internal constant NAME = "@citysync/dpan-mock";
    string internal constant V1 = "1.0.0";
    string internal constant V2 = "2.0.0";
    bytes32 internal constant HASH1 = keccak256("package 1.0.0");
    bytes32 internal constant HASH2 = keccak256("package 2.0.0");
    bytes32 internal moduleId = keccak256(bytes(NAME));

    MockModuleSetup internal setup;

    function setUp() public override {
        super.setUp();
        setup = new MockModuleSetup();
    }

    function _prepare(MockModuleSetup s) internal returns (uint256 id) {
        id = kernel.prepareInstall(address(s), NAME, V1, HASH1, "");
    }

    function _approve(uint256 preparationId) internal {
        _committeeCall(MODULES_IDX, address(kernel), abi.encodeCall(ModuleKernel.approve, (preparationId)));
    }

    function _install() internal returns (address module) {
        uint256 id = _prepare(setup);
        _approve(id);
        kernel.applyPreparation(id, HASH1);
        module = setup.lastModule();
    }

    function _roles(uint64 a) internal pure returns (uint64[] memory r) {
        r = new uint64[](1);
        r[0] = a;
    }

    function _hasRole(uint64 role, address who) internal view returns (bool yes) {
        (yes,) = manager.hasRole(role, who);
    }

    // ---------------------------------------------------------------- initialize

    function test_RevertIf_initialize_again() public {
        vm.expectRevert(Initializable.InvalidInitialization.selector);
        kernel.initialize(address(manager));
    }

    // ---------------------------------------------------------------- prepareInstall

    function test_prepareInstall_deploysAndRecords() public {
        address expected = vm.computeCreateAddress(address(setup), vm.getNonce(address(setup)));
        IModuleSetup.Permission[] memory perms = new IModuleSetup.Permission[](1);
        perms[0] = IModuleSetup.Permission(Roles.MODULE_OPERATOR, expected);
        vm.expectEmit(address(kernel));
        emit ModuleKernel.ModulePrepared(1, moduleId, ModuleKernel.Operation.Install, NAME, V1, HASH1, expected, perms);
        vm.prank(stranger); // anyone may prepare: nothing is granted yet
        uint256 id = kernel.prepareInstall(address(setup), NAME, V1, HASH1, "");

        assertEq(id, 1);
        ModuleKernel.Preparation memory p = kernel.preparation(id);
        assertEq(uint8(p.operation), uint8(ModuleKernel.Operation.Install));
        assertEq(uint8(p.state), uint8(ModuleKernel.PreparationState.Prepared));
        assertEq(p.moduleId, moduleId);
        assertEq(p.module, expected);
        assertEq(p.setup, address(setup));
        assertEq(p.contentHash, HASH1);
        assertEq(p.name, NAME);
        assertEq(p.version, V1);
        assertEq(p.permissions.length, 1);
        assertEq(p.permissions[0].role, Roles.MODULE_OPERATOR);
        assertEq(p.permissions[0].grantee, expected);
        assertFalse(_hasRole(Roles.MODULE_OPERATOR, expected));
        // The module itself is wired to the city.
        assertEq(MockModule(expected).moduleId(), moduleId);
        assertEq(MockModule(expected).kernel(), address(kernel));
        assertEq(MockModule(expected).authority(), address(manager));
    }

    function test_RevertIf_prepareInstall_committeeRoleRequested() public {
        setup.setRoles(_roles(Roles.ISSUANCE_COMMITTEE));
        vm.expectRevert(
            abi.encodeWithSelector(ModuleKernel.ModuleKernelRoleNotGrantable.selector, Roles.ISSUANCE_COMMITTEE)
        );
        _prepare(setup);
    }

    function test_RevertIf_prepareInstall_adminRoleRequested() public {
        setup.setRoles(_roles(Roles.ADMIN));
        vm.expectRevert(abi.encodeWithSelector(ModuleKernel.ModuleKernelRoleNotGrantable.selector, Roles.ADMIN));
        _prepare(setup);
    }

    function test_RevertIf_prepareInstall_kernelRoleRequested() public {
        setup.setRoles(_roles(Roles.KERNEL));
        vm.expectRevert(abi.encodeWithSelector(ModuleKernel.ModuleKernelRoleNotGrantable.selector, Roles.KERNEL));
        _prepare(setup);
    }

    function test_RevertIf_prepareInstall_oneBadRoleAmongGood() public {
        uint64[] memory r = new uint64[](3);
        r[0] = Roles.MODULE_OPERATOR;
        r[1] = Roles.GUARDIAN;
        r[2] = Roles.MODULE_OPERATOR;
        setup.setRoles(r);
        vm.expectRevert(abi.encodeWithSelector(ModuleKernel.ModuleKernelRoleNotGrantable.selector, Roles.GUARDIAN));
        _prepare(setup);
    }

    function test_RevertIf_prepareInstall_tooManyPermissions() public {
        uint64[] memory r = new uint64[](17);
        for (uint256 i; i < r.length; ++i) {
            r[i] = Roles.MODULE_OPERATOR;
        }
        setup.setRoles(r);
        vm.expectRevert(abi.encodeWithSelector(ModuleKernel.ModuleKernelTooManyPermissions.selector, 17, 16));
        _prepare(setup);
    }

    function test_prepareInstall_maxPermissions() public {
        assertEq(kernel.MAX_PERMISSIONS(), 16);
        uint64[] memory r = new uint64[](16);
        for (uint256 i; i < r.length; ++i) {
            r[i] = Roles.MODULE_OPERATOR;
        }
        setup.setRoles(r);
        uint256 id = _prepare(setup);
        assertEq(kernel.preparation(id).permissions.length, 16);
    }

    function test_RevertIf_prepareInstall_zeroModule() public {
        setup.setZeroModule(true);
        vm.expectRevert(ModuleKernel.ModuleKernelZeroModule.selector);
        _prepare(setup);
    }

    function test_RevertIf_prepareInstall_emptyName() public {
        vm.expectRevert(ModuleKernel.ModuleKernelEmptyName.selector);
        kernel.prepareInstall(address(setup), "", V1, HASH1, "");
    }

    function test_RevertIf_prepareInstall_alreadyInstalled() public {
        _install();
        vm.expectRevert(abi.encodeWithSelector(ModuleKernel.ModuleKernelAlreadyInstalled.selector, moduleId));
        _prepare(setup);
    }

    function test_prepareInstall_noPermissions() public {
        setup.setRoles(new uint64[](0));
        uint256 id = _prepare(setup);
        _approve(id);
        kernel.applyPreparation(id, HASH1);
        assertTrue(kernel.installation(NAME).installed);
        assertEq(kernel.installation(NAME).permissions.length, 0);
    }

    // ---------------------------------------------------------------- approve

    function test_approve_throughModulesCommittee() public {
        uint256 id = _prepare(setup);
        uint256 pid = _schedule(MODULES_IDX, address(kernel), abi.encodeCall(ModuleKernel.approve, (id)));
        vm.warp(block.timestamp + COMMITTEE_DELAY);
        vm.expectEmit(address(kernel));
        emit ModuleKernel.PreparationApproved(id);
        committees[MODULES_IDX].execute(pid);
        assertEq(uint8(kernel.preparation(id).state), uint8(ModuleKernel.PreparationState.Approved));
    }

    function test_RevertIf_approve_stranger() public {
        uint256 id = _prepare(setup);
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(IAccessManaged.AccessManagedUnauthorized.selector, stranger));
        kernel.approve(id);
    }

    function test_RevertIf_approve_committeeMemberDirectly() public {
        uint256 id = _prepare(setup);
        vm.prank(members[MODULES_IDX][0]);
        vm.expectRevert(
            abi.encodeWithSelector(IAccessManaged.AccessManagedUnauthorized.selector, members[MODULES_IDX][0])
        );
        kernel.approve(id);
    }

    function test_RevertIf_approve_otherCommittee() public {
        uint256 id = _prepare(setup);
        Committee other = committees[ISSUANCE_IDX];
        bytes memory call = abi.encodeCall(ModuleKernel.approve, (id));
        vm.prank(members[ISSUANCE_IDX][0]);
        uint256 pid = other.propose(address(kernel), call, keccak256(call));
        vm.prank(members[ISSUANCE_IDX][1]);
        vm.expectRevert(
            abi.encodeWithSelector(
                IAccessManager.AccessManagerUnauthorizedCall.selector,
                address(other),
                address(kernel),
                ModuleKernel.approve.selector
            )
        );
        other.approve(pid);
    }

    function test_RevertIf_approve_unknownPreparation() public {
        uint256 pid = _schedule(MODULES_IDX, address(kernel), abi.encodeCall(ModuleKernel.approve, (9)));
        vm.warp(block.timestamp + COMMITTEE_DELAY);
        vm.expectRevert(abi.encodeWithSelector(ModuleKernel.ModuleKernelUnknownPreparation.selector, 9));
        committees[MODULES_IDX].execute(pid);
    }

    function test_RevertIf_approve_twice() public {
        uint256 id = _prepare(setup);
        _approve(id);
        uint256 pid = _schedule(MODULES_IDX, address(kernel), abi.encodeCall(ModuleKernel.approve, (id)));
        vm.warp(block.timestamp + COMMITTEE_DELAY);
        vm.expectRevert(
            abi.encodeWithSelector(
                ModuleKernel.ModuleKernelWrongState.selector, id, ModuleKernel.PreparationState.Approved
            )
        );
        committees[MODULES_IDX].execute(pid);
    }

    // ---------------------------------------------------------------- applyPreparation

    function test_applyPreparation_grantsExactlyTheRequestedRoles() public {
        uint256 id = _prepare(setup);
        address module = setup.lastModule();
        _approve(id);

        vm.expectEmit(address(kernel));
        emit ModuleKernel.ModuleInstalled(moduleId, NAME, V1, HASH1, module);
        vm.prank(stranger); // anyone may apply once approved
        kernel.applyPreparation(id, HASH1);

        (bool isOperator, uint32 delay) = manager.hasRole(Roles.MODULE_OPERATOR, module);
        assertTrue(isOperator);
        assertEq(delay, 0);
        for (uint64 role; role <= Roles.KERNEL; ++role) {
            assertFalse(_hasRole(role, module));
        }
        assertFalse(_hasRole(Roles.MODULE_OPERATOR, address(setup)));

        ModuleKernel.Installation memory inst = kernel.installation(NAME);
        assertTrue(inst.installed);
        assertEq(inst.module, module);
        assertEq(inst.setup, address(setup));
        assertEq(inst.contentHash, HASH1);
        assertEq(inst.name, NAME);
        assertEq(inst.version, V1);
        assertEq(inst.permissions.length, 1);
        assertEq(kernel.installationById(moduleId).module, module);
        bytes32[] memory ids = kernel.moduleIds();
        assertEq(ids.length, 1);
        assertEq(ids[0], moduleId);
        assertEq(uint8(kernel.preparation(id).state), uint8(ModuleKernel.PreparationState.Applied));
    }

    function test_applyPreparation_grantedRoleIsUsable() public {
        address module = _install();
        // The city routes a module function to MODULE_OPERATOR; the module can now call it on itself.
        bytes4[] memory sel = new bytes4[](1);
        sel[0] = MockModule.poke.selector;
        _committeeCall(
            UPGRADES_IDX,
            address(manager),
            abi.encodeCall(IAccessManager.setTargetFunctionRole, (module, sel, Roles.MODULE_OPERATOR))
        );
        vm.prank(module);
        MockModule(module).poke();
        assertEq(MockModule(module).pokes(), 1);
    }

    function test_RevertIf_applyPreparation_contentHashMismatch() public {
        uint256 id = _prepare(setup);
        _approve(id);
        bytes32 wrong = keccak256("tampered package");
        vm.expectRevert(
            abi.encodeWithSelector(ModuleKernel.ModuleKernelContentHashMismatch.selector, id, wrong, HASH1)
        );
        kernel.applyPreparation(id, wrong);
        assertFalse(_hasRole(Roles.MODULE_OPERATOR, setup.lastModule()));
    }

    function testFuzz_RevertIf_applyPreparation_contentHashMismatch(bytes32 wrong) public {
        vm.assume(wrong != HASH1);
        uint256 id = _prepare(setup);
        _approve(id);
        vm.expectRevert(
            abi.encodeWithSelector(ModuleKernel.ModuleKernelContentHashMismatch.selector, id, wrong, HASH1)
        );
        kernel.applyPreparation(id, wrong);
    }

    function test_RevertIf_applyPreparation_beforeApprove() public {
        uint256 id = _prepare(setup);
        vm.expectRevert(
            abi.encodeWithSelector(
                ModuleKernel.ModuleKernelWrongState.selector, id, ModuleKernel.PreparationState.Prepared
            )
        );
        kernel.applyPreparation(id, HASH1);
    }

    function test_RevertIf_applyPreparation_twice() public {
        uint256 id = _prepare(setup);
        _approve(id);
        kernel.applyPreparation(id, HASH1);
        vm.expectRevert(
            abi.encodeWithSelector(ModuleKernel.ModuleKernelWrongState.selector, id, ModuleKernel.PreparationState.Applied)
        );
        kernel.applyPreparation(id, HASH1);
    }

    function test_RevertIf_applyPreparation_unknown() public {
        vm.expectRevert(abi.encodeWithSelector(ModuleKernel.ModuleKernelUnknownPreparation.selector, 5));
        kernel.applyPreparation(5, HASH1);
    }

    function test_RevertIf_preparation_unknown() public {
        vm.expectRevert(abi.encodeWithSelector(ModuleKernel.ModuleKernelUnknownPreparation.selector, 0));
        kernel.preparation(0);
    }

    /// @dev A failed apply leaves nothing behind.
    function test_RevertIf_applyPreparation_secondInstallOfSameName() public {
        MockModuleSetup setupB = new MockModuleSetup();
        uint256 a = _prepare(setup);
        address moduleA = setup.lastModule();
        uint256 b = _prepare(setupB);
        address moduleB = setupB.lastModule();
        _approve(a);
        _approve(b);
        kernel.applyPreparation(a, HASH1);

        vm.expectRevert(abi.encodeWithSelector(ModuleKernel.ModuleKernelStalePreparation.selector, b, 0, 1));
        kernel.applyPreparation(b, HASH1);

        assertFalse(_hasRole(Roles.MODULE_OPERATOR, moduleB));
        assertTrue(_hasRole(Roles.MODULE_OPERATOR, moduleA));
        assertEq(uint8(kernel.preparation(b).state), uint8(ModuleKernel.PreparationState.Approved));
        assertEq(kernel.installation(NAME).module, moduleA);
        assertEq(kernel.moduleIds().length, 1);
    }

    // ---------------------------------------------------------------- update

    function test_prepareUpdate_applyRevokesOldGrantsNew() public {
        address oldModule = _install();
        MockModuleSetup setupV2 = new MockModuleSetup();
        uint256 id = kernel.prepareUpdate(address(setupV2), NAME, V2, HASH2, "");
        address newModule = setupV2.lastModule();
        assertEq(uint8(kernel.preparation(id).operation), uint8(ModuleKernel.Operation.Update));
        _approve(id);

        vm.expectEmit(address(kernel));
        emit ModuleKernel.ModuleInstalled(moduleId, NAME, V2, HASH2, newModule);
        kernel.applyPreparation(id, HASH2);

        assertFalse(_hasRole(Roles.MODULE_OPERATOR, oldModule));
        assertTrue(_hasRole(Roles.MODULE_OPERATOR, newModule));
        ModuleKernel.Installation memory inst = kernel.installation(NAME);
        assertEq(inst.module, newModule);
        assertEq(inst.setup, address(setupV2));
        assertEq(inst.version, V2);
        assertEq(inst.contentHash, HASH2);
        assertEq(inst.permissions.length, 1);
        assertEq(inst.permissions[0].grantee, newModule);
        assertEq(kernel.moduleIds().length, 1);
    }

    function test_RevertIf_prepareUpdate_notInstalled() public {
        vm.expectRevert(abi.encodeWithSelector(ModuleKernel.ModuleKernelNotInstalled.selector, moduleId));
        kernel.prepareUpdate(address(setup), NAME, V2, HASH2, "");
    }

    function test_RevertIf_prepareUpdate_nonGrantableRole() public {
        _install();
        MockModuleSetup setupV2 = new MockModuleSetup();
        setupV2.setRoles(_roles(Roles.UPGRADES_COMMITTEE));
        vm.expectRevert(
            abi.encodeWithSelector(ModuleKernel.ModuleKernelRoleNotGrantable.selector, Roles.UPGRADES_COMMITTEE)
        );
        kernel.prepareUpdate(address(setupV2), NAME, V2, HASH2, "");
    }

    function test_RevertIf_applyUpdate_afterUninstall() public {
        _install();
        uint256 update = kernel.prepareUpdate(address(new MockModuleSetup()), NAME, V2, HASH2, "");
        uint256 uninstall = kernel.prepareUninstall(NAME);
        _approve(update);
        _approve(uninstall);
        kernel.applyPreparation(uninstall, HASH1);
        vm.expectRevert(abi.encodeWithSelector(ModuleKernel.ModuleKernelStalePreparation.selector, update, 1, 2));
        kernel.applyPreparation(update, HASH2);
    }

    // ---------------------------------------------------------------- uninstall

    function test_prepareUninstall_applyRevokesEverything() public {
        uint64[] memory r = new uint64[](2);
        r[0] = Roles.MODULE_OPERATOR;
        r[1] = Roles.MODULE_OPERATOR;
        setup.setRoles(r);
        setup.setGrantee(makeAddr("module.operator"));
        address module = _install();
        address grantee = makeAddr("module.operator");
        assertTrue(_hasRole(Roles.MODULE_OPERATOR, grantee));

        IModuleSetup.Permission[] memory perms = kernel.installation(NAME).permissions;
        vm.expectEmit(address(kernel));
        emit ModuleKernel.ModulePrepared(2, moduleId, ModuleKernel.Operation.Uninstall, NAME, V1, HASH1, module, perms);
        uint256 id = kernel.prepareUninstall(NAME);
        ModuleKernel.Preparation memory p = kernel.preparation(id);
        assertEq(uint8(p.operation), uint8(ModuleKernel.Operation.Uninstall));
        assertEq(p.module, module);
        assertEq(p.permissions.length, 2);
        _approve(id);

        vm.expectEmit(address(kernel));
        emit ModuleKernel.ModuleUninstalled(moduleId, NAME, V1);
        kernel.applyPreparation(id, HASH1);

        assertFalse(_hasRole(Roles.MODULE_OPERATOR, grantee));
        ModuleKernel.Installation memory inst = kernel.installation(NAME);
        assertFalse(inst.installed);
        assertEq(inst.permissions.length, 0);
    }

    function test_RevertIf_prepareUninstall_notInstalled() public {
        vm.expectRevert(abi.encodeWithSelector(ModuleKernel.ModuleKernelNotInstalled.selector, moduleId));
        kernel.prepareUninstall(NAME);
    }

    function test_RevertIf_prepareUninstall_emptyName() public {
        vm.expectRevert(ModuleKernel.ModuleKernelEmptyName.selector);
        kernel.prepareUninstall("");
    }

    function test_RevertIf_applyUninstall_contentHashMismatch() public {
        _install();
        uint256 id = kernel.prepareUninstall(NAME);
        _approve(id);
        vm.expectRevert(abi.encodeWithSelector(ModuleKernel.ModuleKernelContentHashMismatch.selector, id, HASH2, HASH1));
        kernel.applyPreparation(id, HASH2);
    }

    /// @dev `moduleIds()` lists every module id ever installed; reinstalling must not list it twice.
    function test_moduleIds_reinstallListedOnce() public {
        _install();
        uint256 un = kernel.prepareUninstall(NAME);
        _approve(un);
        kernel.applyPreparation(un, HASH1);
        uint256 again = _prepare(setup);
        _approve(again);
        kernel.applyPreparation(again, HASH1);
        assertTrue(kernel.installation(NAME).installed);
        assertEq(kernel.moduleIds().length, 1, "module id listed twice after reinstall");
    }

    // ---------------------------------------------------------------- stale approvals

    /// @dev Two updates approved side by side; once one is applied, the other must not roll the module back to it.
    function test_RevertIf_applyPreparation_rollbackToOlderVersionAfterUpdate() public {
        _install();
        uint256 toV2 = kernel.prepareUpdate(address(new MockModuleSetup()), NAME, V2, HASH2, "");
        uint256 toV3 = kernel.prepareUpdate(address(new MockModuleSetup()), NAME, "3.0.0", keccak256("package 3.0.0"), "");
        _approve(toV2);
        _approve(toV3);
        kernel.applyPreparation(toV3, keccak256("package 3.0.0"));

        vm.prank(stranger);
        (bool ok,) = address(kernel).call(abi.encodeCall(ModuleKernel.applyPreparation, (toV2, HASH2)));
        assertFalse(ok, "an approval prepared against 1.0.0 rolled 3.0.0 back to 2.0.0");
        assertEq(kernel.installation(NAME).version, "3.0.0");
    }

    /// @dev An install approved but never applied must not reinstall the module after the committee uninstalled it.
    function test_RevertIf_applyPreparation_reinstallAfterUninstallFromStaleApproval() public {
        uint256 first = _prepare(setup);
        uint256 stale = _prepare(new MockModuleSetup());
        _approve(first);
        _approve(stale);
        kernel.applyPreparation(first, HASH1);
        uint256 un = kernel.prepareUninstall(NAME);
        _approve(un);
        kernel.applyPreparation(un, HASH1);

        vm.prank(stranger);
        (bool ok,) = address(kernel).call(abi.encodeCall(ModuleKernel.applyPreparation, (stale, HASH1)));
        assertFalse(ok, "a stale install approval reinstalled an uninstalled module with its roles");
        assertFalse(kernel.installation(NAME).installed);
    }

    /// @dev An approval left unapplied for longer than a preparation lives cannot be applied.
    function test_RevertIf_applyPreparation_expiredApproval() public {
        uint256 id = _prepare(setup);
        _approve(id);
        vm.warp(kernel.preparation(id).expiresAt);
        vm.prank(stranger);
        (bool ok,) = address(kernel).call(abi.encodeCall(ModuleKernel.applyPreparation, (id, HASH1)));
        assertFalse(ok, "an approval applied after its preparation expired");
        assertFalse(kernel.installation(NAME).installed);
    }

    /// @dev The modules committee withdraws an approval it regrets; nobody can apply it afterwards.
    function test_RevertIf_applyPreparation_revokedApproval() public {
        uint256 id = _prepare(setup);
        _approve(id);
        _committeeCall(MODULES_IDX, address(kernel), abi.encodeCall(ModuleKernel.revoke, (id)));
        vm.prank(stranger);
        (bool ok,) = address(kernel).call(abi.encodeCall(ModuleKernel.applyPreparation, (id, HASH1)));
        assertFalse(ok, "a revoked approval was applied");
        assertFalse(kernel.installation(NAME).installed);
    }

    function test_prepare_recordsInstalledStateAndExpiry() public {
        uint256 install = _prepare(setup);
        ModuleKernel.Preparation memory p = kernel.preparation(install);
        assertEq(p.installedRevision, 0);
        assertEq(p.installedContentHash, bytes32(0));
        assertEq(p.expiresAt, block.timestamp + kernel.DEFAULT_PREPARATION_LIFETIME());
        _approve(install);
        kernel.applyPreparation(install, HASH1);
        assertEq(kernel.installation(NAME).revision, 1);
        uint256 update = kernel.prepareUpdate(address(new MockModuleSetup()), NAME, V2, HASH2, "");
        assertEq(kernel.preparation(update).installedRevision, 1);
        assertEq(kernel.preparation(update).installedContentHash, HASH1);
        uint256 un = kernel.prepareUninstall(NAME);
        assertEq(kernel.preparation(un).installedContentHash, HASH1);
    }

    function test_RevertIf_approve_expired() public {
        // Shorter than the AccessManager's one-week expiry of a scheduled call.
        _committeeCall(MODULES_IDX, address(kernel), abi.encodeCall(ModuleKernel.setPreparationLifetime, (2 days)));
        uint256 id = _prepare(setup);
        uint40 expiresAt = kernel.preparation(id).expiresAt;
        uint256 pid = _schedule(MODULES_IDX, address(kernel), abi.encodeCall(ModuleKernel.approve, (id)));
        vm.warp(expiresAt);
        vm.expectRevert(abi.encodeWithSelector(ModuleKernel.ModuleKernelPreparationExpired.selector, id, expiresAt));
        committees[MODULES_IDX].execute(pid);
    }

    function test_RevertIf_applyPreparation_expiredReportsExpiry() public {
        uint256 id = _prepare(setup);
        _approve(id);
        uint40 expiresAt = kernel.preparation(id).expiresAt;
        vm.warp(expiresAt);
        vm.expectRevert(abi.encodeWithSelector(ModuleKernel.ModuleKernelPreparationExpired.selector, id, expiresAt));
        kernel.applyPreparation(id, HASH1);
        vm.warp(expiresAt - 1);
        kernel.applyPreparation(id, HASH1);
        assertTrue(kernel.installation(NAME).installed);
    }

    function test_revoke_emitsAndBlocksApprove() public {
        uint256 id = _prepare(setup);
        uint256 pid = _schedule(MODULES_IDX, address(kernel), abi.encodeCall(ModuleKernel.approve, (id)));
        uint256 rid = _schedule(MODULES_IDX, address(kernel), abi.encodeCall(ModuleKernel.revoke, (id)));
        vm.warp(block.timestamp + COMMITTEE_DELAY);
        vm.expectEmit(address(kernel));
        emit ModuleKernel.PreparationRevoked(id);
        committees[MODULES_IDX].execute(rid);
        assertEq(uint8(kernel.preparation(id).state), uint8(ModuleKernel.PreparationState.Revoked));
        vm.expectRevert(
            abi.encodeWithSelector(ModuleKernel.ModuleKernelWrongState.selector, id, ModuleKernel.PreparationState.Revoked)
        );
        committees[MODULES_IDX].execute(pid);
    }

    function test_RevertIf_revoke_applied() public {
        uint256 id = _prepare(setup);
        _approve(id);
        kernel.applyPreparation(id, HASH1);
        uint256 pid = _schedule(MODULES_IDX, address(kernel), abi.encodeCall(ModuleKernel.revoke, (id)));
        vm.warp(block.timestamp + COMMITTEE_DELAY);
        vm.expectRevert(
            abi.encodeWithSelector(ModuleKernel.ModuleKernelWrongState.selector, id, ModuleKernel.PreparationState.Applied)
        );
        committees[MODULES_IDX].execute(pid);
    }

    function test_RevertIf_revoke_stranger() public {
        uint256 id = _prepare(setup);
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(IAccessManaged.AccessManagedUnauthorized.selector, stranger));
        kernel.revoke(id);
    }

    function test_setPreparationLifetime_appliesToLaterPreparations() public {
        uint256 before = _prepare(setup);
        uint256 pid =
            _schedule(MODULES_IDX, address(kernel), abi.encodeCall(ModuleKernel.setPreparationLifetime, (2 days)));
        vm.warp(block.timestamp + COMMITTEE_DELAY);
        vm.expectEmit(address(kernel));
        emit ModuleKernel.PreparationLifetimeSet(2 days);
        committees[MODULES_IDX].execute(pid);
        assertEq(kernel.preparationLifetime(), 2 days);
        uint256 later = kernel.prepareInstall(address(new MockModuleSetup()), NAME, V1, HASH1, "");
        assertEq(kernel.preparation(later).expiresAt, block.timestamp + 2 days);
        assertLt(kernel.preparation(later).expiresAt, kernel.preparation(before).expiresAt);
    }

    function test_RevertIf_setPreparationLifetime_outOfBounds() public {
        uint40 tooShort = 1 days - 1;
        uint256 pid =
            _schedule(MODULES_IDX, address(kernel), abi.encodeCall(ModuleKernel.setPreparationLifetime, (tooShort)));
        vm.warp(block.timestamp + COMMITTEE_DELAY);
        vm.expectRevert(
            abi.encodeWithSelector(ModuleKernel.ModuleKernelLifetimeOutOfBounds.selector, tooShort, 1 days, 365 days)
        );
        committees[MODULES_IDX].execute(pid);
    }

    function test_RevertIf_setPreparationLifetime_stranger() public {
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(IAccessManaged.AccessManagedUnauthorized.selector, stranger));
        kernel.setPreparationLifetime(2 days);
    }

    // ---------------------------------------------------------------- setup code

    /// @dev A look-alike preparation: the same name, version and content hash as the published version's, with another
    /// setup. The committee compares the setup code hash the kernel recorded with the registry's and tells them apart.
    function test_lookAlikePreparation_sameNameVersionHashOtherSetup_isToldApart() public {
        bytes memory published = type(MockModuleSetup).creationCode;
        uint256 genuine = kernel.prepareInstallFromCode(published, NAME, V1, HASH1, "");
        // Look-alikes: a setup deployed elsewhere (here the published code itself, configured to grant the attacker),
        // and another setup's code deployed by the kernel. Same name, version and content hash.
        MockModuleSetup rigged = new MockModuleSetup();
        rigged.setGrantee(stranger);
        vm.startPrank(stranger);
        uint256 deployedElsewhere = kernel.prepareInstall(address(rigged), NAME, V1, HASH1, "");
        uint256 otherCode = kernel.prepareInstallFromCode(type(LookAlikeSetup).creationCode, NAME, V1, HASH1, "");
        vm.stopPrank();

        ModuleKernel.Preparation memory g = kernel.preparation(genuine);
        assertEq(g.setupInitCodeHash, keccak256(published));
        assertEq(g.setupCodeHash, g.setup.codehash);
        assertNotEq(g.setupCodeHash, bytes32(0));
        uint256[2] memory lookAlikes = [deployedElsewhere, otherCode];
        for (uint256 i; i < 2; ++i) {
            ModuleKernel.Preparation memory l = kernel.preparation(lookAlikes[i]);
            assertEq(l.name, g.name);
            assertEq(l.version, g.version);
            assertEq(l.contentHash, g.contentHash);
            assertNotEq(l.setupInitCodeHash, keccak256(published), "a look-alike setup passes for the published one");
        }
        assertEq(kernel.preparation(deployedElsewhere).setupInitCodeHash, bytes32(0));
        assertEq(kernel.preparation(otherCode).setupInitCodeHash, keccak256(type(LookAlikeSetup).creationCode));
    }

    function test_prepareInstallFromCode_emitsSetupAndInstalls() public {
        bytes memory code = type(MockModuleSetup).creationCode;
        address expected = vm.computeCreateAddress(address(kernel), vm.getNonce(address(kernel)));
        vm.expectEmit(address(kernel));
        emit ModuleKernel.ModuleSetupDeployed(expected, keccak256(code));
        uint256 id = kernel.prepareInstallFromCode(code, NAME, V1, HASH1, "");
        assertEq(kernel.preparation(id).setup, expected);
        _approve(id);
        kernel.applyPreparation(id, HASH1);
        assertEq(kernel.installation(NAME).setup, expected);
        uint256 up = kernel.prepareUpdateFromCode(code, NAME, V2, HASH2, "");
        assertEq(kernel.preparation(up).setupInitCodeHash, keccak256(code));
        assertEq(uint8(kernel.preparation(up).operation), uint8(ModuleKernel.Operation.Update));
    }

    function test_RevertIf_prepareInstallFromCode_codeDeploysNothing() public {
        bytes memory reverting = hex"60006000fd"; // PUSH1 0 PUSH1 0 REVERT
        vm.expectRevert(
            abi.encodeWithSelector(ModuleKernel.ModuleKernelSetupDeploymentFailed.selector, keccak256(reverting))
        );
        kernel.prepareInstallFromCode(reverting, NAME, V1, HASH1, "");
    }

    function test_RevertIf_prepareUpdateFromCode_notInstalled() public {
        vm.expectRevert(abi.encodeWithSelector(ModuleKernel.ModuleKernelNotInstalled.selector, moduleId));
        kernel.prepareUpdateFromCode(type(MockModuleSetup).creationCode, NAME, V2, HASH2, "");
    }

    // ---------------------------------------------------------------- isGrantable

    function test_isGrantable_onlyKernelAdministeredRoles() public view {
        assertTrue(kernel.isGrantable(Roles.MODULE_OPERATOR));
        assertFalse(kernel.isGrantable(Roles.ADMIN));
        assertFalse(kernel.isGrantable(Roles.PUBLIC));
        assertFalse(kernel.isGrantable(Roles.ACCREDITATION_COMMITTEE));
        assertFalse(kernel.isGrantable(Roles.ISSUANCE_COMMITTEE));
        assertFalse(kernel.isGrantable(Roles.RATES_COMMITTEE));
        assertFalse(kernel.isGrantable(Roles.MODULES_COMMITTEE));
        assertFalse(kernel.isGrantable(Roles.VAULT_COMMITTEE));
        assertFalse(kernel.isGrantable(Roles.UPGRADES_COMMITTEE));
        assertFalse(kernel.isGrantable(Roles.GUARDIAN));
        assertFalse(kernel.isGrantable(Roles.COVERAGE_SETTER));
        assertFalse(kernel.isGrantable(Roles.KERNEL));
        assertFalse(kernel.isGrantable(101));
    }

    function testFuzz_isGrantable_defaultCity(uint64 role) public view {
        assertEq(kernel.isGrantable(role), role == Roles.MODULE_OPERATOR);
    }

    function test_isGrantable_afterAdminHandsRoleToKernel() public {
        uint64 role = 101;
        _committeeCall(UPGRADES_IDX, address(manager), abi.encodeCall(IAccessManager.setRoleAdmin, (role, Roles.KERNEL)));
        assertTrue(kernel.isGrantable(role));
        setup.setRoles(_roles(role));
        address module = _install();
        assertTrue(_hasRole(role, module));
    }

    function test_RevertIf_grantRole_moduleRoleOutsideApply() public {
        // The kernel's power is reachable only through an approved preparation.
        vm.prank(stranger);
        vm.expectRevert(
            abi.encodeWithSelector(IAccessManager.AccessManagerUnauthorizedAccount.selector, stranger, Roles.KERNEL)
        );
        manager.grantRole(Roles.MODULE_OPERATOR, stranger, 0);
    }
}
