// SPDX-License-Identifier: MIT
pragma solidity 0.8.29;

import {IAccessManager} from "@openzeppelin/contracts/access/manager/IAccessManager.sol";
import {IAccessManaged} from "@openzeppelin/contracts/access/manager/IAccessManaged.sol";
import {IERC1967} from "@openzeppelin/contracts/interfaces/IERC1967.sol";
import {ERC1967Utils} from "@openzeppelin/contracts/proxy/ERC1967/ERC1967Utils.sol";
import {UUPSUpgradeable} from "@openzeppelin/contracts-upgradeable/proxy/utils/UUPSUpgradeable.sol";
import {Initializable} from "@openzeppelin/contracts-upgradeable/proxy/utils/Initializable.sol";
import {PlatformBase} from "./PlatformBase.sol";
import {
    AccreditationV2,
    CivicCreditV2,
    VoteTokenV2,
    IssuanceControllerV2,
    TaskBoardV2,
    CommitteeV2,
    ModuleKernelV2,
    CityGovernorV2,
    NotUUPS
} from "./mocks/UpgradeV2.sol";
import {MockModuleSetup} from "./mocks/MockModuleSetup.sol";
import {Accreditation} from "../../../identity/Accreditation.sol";
import {Committee} from "../../../governance/Committee.sol";
import {TaskBoard} from "../../../tasks/TaskBoard.sol";
import {ModuleKernel} from "../../../kernel/ModuleKernel.sol";
import {OrgRoles} from "../../../libraries/Roles.sol";

interface IVersioned {
    function version() external view returns (string memory);
}

contract PlatformUpgradesTest is PlatformBase {
    address internal alice;
    uint256 internal pendingCompletion;

    function setUp() public override {
        super.setUp();
        _accreditAll();
        _bigOffer();
        alice = _participant(1);
        _earn(alice, 40);
        pendingCompletion = _submit(_publish(15, 1), _participant(2));
    }

    function _call(address impl) internal pure returns (bytes memory) {
        return abi.encodeCall(UUPSUpgradeable.upgradeToAndCall, (impl, ""));
    }

    /// @dev Schedules through the upgrades committee, waits the delay, and checks the Upgraded event on execute.
    function _upgrade(address proxy, address impl) internal {
        uint256 id = _schedule(UPGRADES_IDX, proxy, _call(impl));
        vm.warp(block.timestamp + COMMITTEE_DELAY);
        vm.expectEmit(proxy);
        emit IERC1967.Upgraded(impl);
        committees[UPGRADES_IDX].execute(id);
        assertEq(_implementation(proxy), impl);
        assertEq(IVersioned(proxy).version(), "2");
    }

    function _implementation(address proxy) internal view returns (address) {
        return address(uint160(uint256(vm.load(proxy, ERC1967Utils.IMPLEMENTATION_SLOT))));
    }

    function _proxies() internal view returns (address[13] memory a) {
        a = [
            address(accreditation),
            address(credit),
            address(votes),
            address(issuance),
            address(board),
            address(governor),
            address(kernel),
            address(committees[0]),
            address(committees[1]),
            address(committees[2]),
            address(committees[3]),
            address(committees[4]),
            address(committees[5])
        ];
    }

    // ---------------------------------------------------------------- each proxy, through the upgrades committee

    function test_upgradeToAndCall_accreditationKeepsState() public {
        _upgrade(address(accreditation), address(new AccreditationV2()));
        assertEq(accreditation.rolesOf(issuer), OrgRoles.ISSUER);
        assertEq(accreditation.organization(redeemer).metadataHash, keccak256(abi.encode(redeemer)));
        assertEq(accreditation.authority(), address(manager));
        // Still governed the same way after the upgrade.
        _accredit(stranger, OrgRoles.AUDITOR);
        assertEq(accreditation.rolesOf(stranger), OrgRoles.AUDITOR);
    }

    function test_upgradeToAndCall_creditKeepsState() public {
        (uint256 mintedBefore,) = credit.totals();
        _upgrade(address(credit), address(new CivicCreditV2(address(forwarder))));
        assertEq(credit.balanceOf(alice), 40);
        assertEq(credit.mintedOf(alice), 40);
        (uint256 minted,) = credit.totals();
        assertEq(minted, mintedBefore);
        (address minter, address sink) = credit.issuer();
        assertEq(minter, address(issuance));
        assertEq(sink, address(votes));
        assertEq(credit.offerCount(), 1);
        assertEq(credit.symbol(), "BRKY");
        vm.prank(alice);
        credit.redeem(1, 2, type(uint256).max);
        assertEq(credit.balanceOf(alice), 20);
    }

    function test_upgradeToAndCall_votesKeepState() public {
        vm.prank(alice);
        votes.delegate(alice);
        _upgrade(address(votes), address(new VoteTokenV2()));
        assertEq(votes.balanceOf(alice), 40);
        assertEq(votes.getVotes(alice), 40);
        assertEq(votes.delegates(alice), alice);
        assertEq(votes.ledger(), address(credit));
        assertEq(votes.name(), "Berkeley Civic Vote");
    }

    function test_upgradeToAndCall_issuanceKeepsState() public {
        uint32 period = _period();
        _upgrade(address(issuance), address(new IssuanceControllerV2()));
        assertEq(issuance.moduleBudget(MODULE), MODULE_BUDGET);
        assertEq(issuance.moduleSpent(MODULE, period), 40);
        (address tb, address cr) = issuance.wiring();
        assertEq(tb, address(board));
        assertEq(cr, address(credit));
        (uint256 ratio,,) = issuance.coverage();
        assertEq(ratio, 10_000);
    }

    function test_upgradeToAndCall_taskBoardKeepsState() public {
        _upgrade(address(board), address(new TaskBoardV2(address(forwarder))));
        (uint256 tasks, uint256 completions) = board.counts();
        assertEq(tasks, 2);
        assertEq(completions, 2);
        assertEq(board.task(1).issuer, issuer);
        assertEq(uint8(board.completion(1).status), uint8(TaskBoard.Status.Verified));
        // A completion submitted before the upgrade is verified after it, once.
        vm.prank(issuer);
        board.verify(pendingCompletion);
        assertEq(credit.balanceOf(_participant(2)), 15);
        vm.prank(issuer);
        vm.expectRevert(abi.encodeWithSelector(TaskBoard.TaskBoardAlreadyVerified.selector, 1));
        board.verify(1);
    }

    function test_upgradeToAndCall_governorKeepsState() public {
        _upgrade(address(governor), address(new CityGovernorV2()));
        assertEq(governor.name(), "Berkeley Residents");
        assertEq(governor.votingDelay(), 1 hours);
        assertEq(governor.votingPeriod(), 3 days);
        assertEq(governor.quorumNumerator(), 4);
        assertEq(address(governor.token()), address(votes));
    }

    function test_upgradeToAndCall_kernelKeepsState() public {
        MockModuleSetup setup = new MockModuleSetup();
        uint256 id = kernel.prepareInstall(address(setup), "@citysync/dpan-mock", "1.0.0", keccak256("pkg"), "");
        _upgrade(address(kernel), address(new ModuleKernelV2()));
        assertEq(kernel.preparation(id).setup, address(setup));
        _committeeCall(MODULES_IDX, address(kernel), abi.encodeCall(ModuleKernel.approve, (id)));
        kernel.applyPreparation(id, keccak256("pkg"));
        assertTrue(kernel.installation("@citysync/dpan-mock").installed);
    }

    function test_upgradeToAndCall_everyCommitteeKeepsState() public {
        for (uint256 i; i < 6; ++i) {
            Committee c = committees[i];
            uint256 count = c.proposalCount();
            string memory name = c.name();
            _upgrade(address(c), address(new CommitteeV2()));
            // The upgrades committee counts the proposal that upgraded it.
            assertEq(c.proposalCount(), i == UPGRADES_IDX ? count + 1 : count);
            assertEq(c.name(), name);
            (address[] memory ms, uint256 threshold) = c.membership();
            assertEq(ms.length, MEMBERS);
            assertEq(threshold, THRESHOLD);
        }
        // The upgraded upgrades committee still decides: upgrade accreditation through it.
        _upgrade(address(accreditation), address(new AccreditationV2()));
    }

    // ---------------------------------------------------------------- refusals

    function test_RevertIf_upgradeToAndCall_stranger() public {
        address impl = address(new CommitteeV2());
        address[13] memory proxies = _proxies();
        for (uint256 i; i < proxies.length; ++i) {
            vm.prank(stranger);
            vm.expectRevert(abi.encodeWithSelector(IAccessManaged.AccessManagedUnauthorized.selector, stranger));
            UUPSUpgradeable(proxies[i]).upgradeToAndCall(impl, "");
        }
    }

    function test_RevertIf_upgradeToAndCall_upgradesMemberDirectly() public {
        address member = members[UPGRADES_IDX][0];
        address impl = address(new AccreditationV2());
        vm.prank(member);
        vm.expectRevert(abi.encodeWithSelector(IAccessManaged.AccessManagedUnauthorized.selector, member));
        accreditation.upgradeToAndCall(impl, "");
    }

    function testFuzz_RevertIf_upgradeToAndCall_anyCaller(address caller) public {
        vm.assume(caller != address(manager));
        address impl = address(new AccreditationV2());
        vm.prank(caller);
        vm.expectRevert(abi.encodeWithSelector(IAccessManaged.AccessManagedUnauthorized.selector, caller));
        accreditation.upgradeToAndCall(impl, "");
    }

    function test_RevertIf_upgradeToAndCall_otherCommittees() public {
        address impl = address(new CommitteeV2());
        address[13] memory proxies = _proxies();
        for (uint256 c; c < 5; ++c) {
            for (uint256 i; i < proxies.length; ++i) {
                bytes memory call = _call(impl);
                vm.prank(members[c][0]);
                uint256 id = committees[c].propose(proxies[i], call, keccak256(call));
                vm.prank(members[c][1]);
                vm.expectRevert(
                    abi.encodeWithSelector(
                        IAccessManager.AccessManagerUnauthorizedCall.selector,
                        address(committees[c]),
                        proxies[i],
                        UUPSUpgradeable.upgradeToAndCall.selector
                    )
                );
                committees[c].approve(id);
            }
        }
    }

    function test_RevertIf_upgradeToAndCall_beforeDelay() public {
        address impl = address(new AccreditationV2());
        address before = _implementation(address(accreditation));
        uint256 id = _schedule(UPGRADES_IDX, address(accreditation), _call(impl));
        vm.warp(block.timestamp + COMMITTEE_DELAY - 1);
        bytes32 op = manager.hashOperation(address(committees[UPGRADES_IDX]), address(accreditation), _call(impl));
        vm.expectRevert(abi.encodeWithSelector(IAccessManager.AccessManagerNotReady.selector, op));
        committees[UPGRADES_IDX].execute(id);
        assertEq(_implementation(address(accreditation)), before);
    }

    function test_RevertIf_upgradeToAndCall_guardianCancelled() public {
        address impl = address(new TaskBoardV2(address(forwarder)));
        address before = _implementation(address(board));
        uint256 id = _schedule(UPGRADES_IDX, address(board), _call(impl));
        vm.prank(guardian);
        manager.cancel(address(committees[UPGRADES_IDX]), address(board), _call(impl));
        vm.warp(block.timestamp + COMMITTEE_DELAY);
        bytes32 op = manager.hashOperation(address(committees[UPGRADES_IDX]), address(board), _call(impl));
        vm.expectRevert(abi.encodeWithSelector(IAccessManager.AccessManagerNotScheduled.selector, op));
        committees[UPGRADES_IDX].execute(id);
        assertEq(_implementation(address(board)), before);
    }

    function test_RevertIf_upgradeToAndCall_notUUPS() public {
        address impl = address(new NotUUPS());
        uint256 id = _schedule(UPGRADES_IDX, address(accreditation), _call(impl));
        vm.warp(block.timestamp + COMMITTEE_DELAY);
        vm.expectRevert(abi.encodeWithSelector(ERC1967Utils.ERC1967InvalidImplementation.selector, impl));
        committees[UPGRADES_IDX].execute(id);
    }

    function test_RevertIf_upgradeToAndCall_onImplementation() public {
        address impl = _implementation(address(accreditation));
        address v2 = address(new AccreditationV2());
        vm.expectRevert(UUPSUpgradeable.UUPSUnauthorizedCallContext.selector);
        Accreditation(impl).upgradeToAndCall(v2, "");
    }

    function test_RevertIf_initialize_afterUpgrade() public {
        _upgrade(address(accreditation), address(new AccreditationV2()));
        vm.expectRevert(Initializable.InvalidInitialization.selector);
        accreditation.initialize(stranger);
    }

    function test_upgradeToAndCall_withInitialCall() public {
        // The call runs in the proxy's context, under the committee's decision, in the same transaction.
        address impl = address(new AccreditationV2());
        bytes memory call = abi.encodeCall(
            UUPSUpgradeable.upgradeToAndCall, (impl, abi.encodeCall(AccreditationV2.version, ()))
        );
        _committeeCall(UPGRADES_IDX, address(accreditation), call);
        assertEq(_implementation(address(accreditation)), impl);
    }
}
