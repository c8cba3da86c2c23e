// SPDX-License-Identifier: MIT
pragma solidity 0.8.29;

import {CityFixture} from "../utils/CityFixture.sol";
import {IAccessManaged} from "@openzeppelin/contracts/access/manager/IAccessManaged.sol";
import {IAccessManager} from "@openzeppelin/contracts/access/manager/IAccessManager.sol";
import {AccessManager} from "@openzeppelin/contracts/access/manager/AccessManager.sol";
import {Initializable} from "@openzeppelin/contracts-upgradeable/proxy/utils/Initializable.sol";
import {UUPSUpgradeable} from "@openzeppelin/contracts-upgradeable/proxy/utils/UUPSUpgradeable.sol";
import {IGovernor} from "@openzeppelin/contracts/governance/IGovernor.sol";
import {ERC2771Forwarder} from "@openzeppelin/contracts/metatx/ERC2771Forwarder.sol";
import {Accreditation} from "../../identity/Accreditation.sol";
import {CivicCredit} from "../../token/CivicCredit.sol";
import {VoteToken} from "../../token/VoteToken.sol";
import {IssuanceController} from "../../issuance/IssuanceController.sol";
import {TaskBoard} from "../../tasks/TaskBoard.sol";
import {Committee} from "../../governance/Committee.sol";
import {CityGovernor} from "../../governance/CityGovernor.sol";
import {ModuleKernel} from "../../kernel/ModuleKernel.sol";
import {IModuleSetup} from "../../kernel/IModuleSetup.sol";
import {CityForwarder} from "../../metatx/CityForwarder.sol";
import {RedemptionDesk} from "../../redemption/RedemptionDesk.sol";
import {Roles, OrgRoles} from "../../libraries/Roles.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC4626} from "@openzeppelin/contracts/interfaces/IERC4626.sol";
import {CityVault} from "../../vault/CityVault.sol";
import {PrincipalLock} from "../../vault/PrincipalLock.sol";
import {YieldSplitter} from "../../vault/YieldSplitter.sol";

/// @dev A module version with no contracts of its own and no requested roles: enough for the kernel to prepare.
contract NoopModuleSetup is IModuleSetup {
    function prepareInstallation(address, bytes32, bytes calldata)
        external
        view
        returns (address module, Permission[] memory permissions)
    {
        return (address(this), new Permission[](0));
    }
}

/// @title AccessMatrix
/// @notice Every privileged (AccessManager-restricted or caller-checked) function of every core contract, tried by
/// every actor of a deployed city. The expected matrix is data: one row per function lists who may call it at once
/// (`immediate`) and who may call it only through the AccessManager's schedule + delay (`scheduled`); every other
/// actor must be refused with the exact revert data. `test_everyExternalFunctionIsClassified` reads each contract's
/// dispatcher from its runtime code, so a new external function without a row (or a public-by-design listing) fails.
///
/// Note on errors: OpenZeppelin 5.4's `restricted` never throws `IAccessManaged.AccessManagedRequiredDelay`; a
/// role holder with an execution delay that calls directly reaches `consumeScheduledOp`, which reverts with
/// `AccessManagerNotScheduled(operationId)`. That is the error asserted for a committee calling without schedule.
contract AccessMatrixTest is CityFixture {
    enum Gate {
        Managed, // `restricted` (AccessManaged): AccessManagedUnauthorized / AccessManagerNotScheduled
        ManagerAdmin, // the AccessManager's own `onlyAuthorized`: AccessManagerUnauthorizedAccount / NotScheduled
        Custom, // a contract's own caller check: denyPrefix ++ [actor] ++ denySuffix
        Consume // AccessManager.consumeScheduledOp: only a managed target consuming its own schedule
    }

    struct Row {
        string group;
        string name;
        address target;
        bytes data;
        bytes opData; // what a scheduled actor schedules (differs from `data` for multicall)
        address[] immediate;
        address[] scheduled;
        Gate gate;
        uint64 adminRole;
        bytes denyPrefix;
        bool denyWithActor;
        bytes denySuffix;
        address[] overrideActors;
        bytes[] overrideErrors;
    }

    string[6] internal committeeNames = ["accreditation", "issuance", "rates", "modules", "vault", "upgrades"];

    address internal otherIssuer = makeAddr("issuer.parks");
    address internal resident = makeAddr("resident");
    address internal otherOrg = makeAddr("org.other");
    address internal signer;
    uint256 internal signerKey;

    address[] internal actors;
    string[] internal actorNames;
    Row[] internal rows;

    uint256 internal offerId;
    uint256 internal taskId;
    uint256 internal completionId;
    uint256 internal taskK;
    uint256 internal completionK;
    uint256 internal preparationId;
    uint256 internal govProposalId;
    bytes32 internal govDescriptionHash;
    uint256[6] internal pendingProposal;
    bytes internal cancellableOp;
    bytes internal rewireOp;
    bytes internal adminGrantOp;
    ERC2771Forwarder.ForwardRequestData internal signedClaim;

    uint256 internal failures;
    string internal failLog;

    function setUp() public override {
        super.setUp();
        _accreditAll();
        _accredit(otherIssuer, OrgRoles.ISSUER);
        (signer, signerKey) = makeAddrAndKey("signer");

        offerId = _offer(10, 100); // period cap 1000: issuance paths below can mint
        taskId = _publish(10, 5);
        completionId = _submit(taskId, resident);
        vm.prank(issuer);
        taskK = board.publishTask(_taskParams(10, 5, 2));
        completionK = _submit(taskK, resident);

        // A resident with votes and a pending Governor proposal (only its proposer may cancel it).
        _earn(resident, 50);
        vm.prank(resident);
        votes.delegate(resident);
        vm.warp(block.timestamp + 1);
        (address[] memory t, uint256[] memory v, bytes[] memory c) = _govCall();
        govDescriptionHash = keccak256("raise coverage");
        vm.prank(resident);
        govProposalId = governor.propose(t, v, c, "raise coverage");

        // A pending proposal on every committee (its own membership change), proposed by member 0.
        for (uint256 i; i < 6; ++i) {
            vm.prank(members[i][0]);
            pendingProposal[i] = committees[i].propose(address(committees[i]), _membershipData(), bytes32(i));
        }

        // A prepared module version for the modules committee to approve.
        preparationId = kernel.prepareInstall(address(new NoopModuleSetup()), "noop", "1.0.0", bytes32("noop"), "");

        // An operation scheduled by the accreditation committee, for the cancel row.
        cancellableOp = abi.encodeCall(Accreditation.accredit, (otherOrg, OrgRoles.AUDITOR, bytes32(0)));
        vm.prank(address(committees[0]));
        manager.schedule(address(accreditation), cancellableOp, 0);
        // Two upgrades-committee operations: rewiring the minter (guardian-vetoable) and an AccessManager admin
        // grant (OpenZeppelin's ADMIN role has no guardian: only the committee itself may cancel it).
        rewireOp = abi.encodeCall(CivicCredit.setIssuer, (otherOrg, otherOrg));
        adminGrantOp = abi.encodeCall(AccessManager.grantRole, (Roles.ISSUANCE_COMMITTEE, otherOrg, 0));
        vm.startPrank(address(committees[5]));
        manager.schedule(address(credit), rewireOp, 0);
        manager.schedule(address(manager), adminGrantOp, 0);
        vm.stopPrank();

        signedClaim = _signClaim(taskId);

        _buildActors();
        _buildRows();
    }

    // ---------------------------------------------------------------- the matrix, one test per contract

    function test_matrix_Accreditation() public {
        _runGroup("Accreditation");
    }

    function test_matrix_CivicCredit() public {
        _runGroup("CivicCredit");
    }

    function test_matrix_VoteToken() public {
        _runGroup("VoteToken");
    }

    function test_matrix_IssuanceController() public {
        _runGroup("IssuanceController");
    }

    function test_matrix_TaskBoard() public {
        _runGroup("TaskBoard");
    }

    function test_matrix_ModuleKernel() public {
        _runGroup("ModuleKernel");
    }

    function test_matrix_Committees() public {
        _runGroup("Committee");
    }

    function test_matrix_CityGovernor() public {
        _runGroup("CityGovernor");
    }

    function test_matrix_AccessManager() public {
        _runGroup("AccessManager");
    }

    function test_matrix_CityForwarder() public {
        _runGroup("CityForwarder");
    }

    function test_matrix_CityVault() public {
        _runGroup("CityVault");
    }

    function test_matrix_YieldSplitter() public {
        _runGroup("YieldSplitter");
    }

    function test_matrix_PrincipalLock() public {
        _runGroup("PrincipalLock");
    }

    /// @dev The rows name real actors, and every committee that can act only by schedule has that delay.
    function test_matrix_isWellFormed() public view {
        assertGt(rows.length, 90);
        for (uint256 i; i < rows.length; ++i) {
            Row storage r = rows[i];
            for (uint256 j; j < r.immediate.length; ++j) {
                assertTrue(_contains(actors, r.immediate[j]), r.name);
            }
            for (uint256 j; j < r.scheduled.length; ++j) {
                assertTrue(_contains(actors, r.scheduled[j]), r.name);
                assertFalse(_contains(r.immediate, r.scheduled[j]), r.name);
            }
        }
    }

    /// @dev Each contract's dispatcher (read from runtime code) must match rows + public-by-design listings exactly.
    function test_everyExternalFunctionIsClassified() public {
        string memory managed = "UPGRADE_INTERFACE_VERSION() authority() isConsumingScheduledOp() proxiableUUID() ";
        _classify(
            "Accreditation",
            address(accreditation),
            string.concat(managed, "hasAnyRole(address,uint8) hasRoles(address,uint8) organization(address) redeemerSink() roleSink() rolesOf(address)")
        );
        _classify(
            "CivicCredit",
            address(credit),
            string.concat(
                managed,
                "pruneExpiredOffer(uint256) redeem(uint256,uint256,uint256) allowance(address,address) decimals() ",
                "MAX_OFFERS_PER_REDEEMER() MAX_WINDOWED_OFFERS_PER_REDEEMER() MAX_WINDOW_HORIZON() ",
                "openOffersOf(address) standingValue() ",
                "MAX_WINDOWED_OFFERS() balanceOf(address) capacityValue(uint64,uint64) currentPeriod() ",
                "currentPeriodBounds() isTrustedForwarder(address) issuer() mintedOf(address) name() offer(uint256) ",
                "offerCount() periodLength() priceBounds() remainingCapacity(uint256) symbol() totalSupply() totals() ",
                "trustedForwarder()"
            )
        );
        _classify(
            "VoteToken",
            address(votes),
            string.concat(
                managed,
                "delegate(address) delegateBySig(address,uint256,uint256,uint8,bytes32,bytes32) CLOCK_MODE() ",
                "allowance(address,address) decimals() balanceOf(address) clock() delegates(address) eip712Domain() ",
                "getPastTotalSupply(uint256) getPastVotes(address,uint256) getVotes(address) ledger() name() ",
                "nonces(address) symbol() totalSupply()"
            )
        );
        _classify(
            "IssuanceController",
            address(issuance),
            string.concat(
                managed,
                "checkRate(bytes32,uint256) coverage() currentCap() moduleBudget(bytes32) ",
                "moduleSpent(bytes32,uint32) periodIssuance(uint32) rateBounds(bytes32) wiring() ",
                "issuerBudget(bytes32) issuerSpent(bytes32,address,uint32)"
            )
        );
        _classify(
            "TaskBoard",
            address(board),
            string.concat(
                managed,
                "claim(uint256) submitCompletion(uint256,bytes32) claimAndSubmit(uint256,bytes32) MAX_VERIFIERS() modulePolicy(bytes32) claimOf(uint256,address) ",
                "completion(uint256) counts() hasApproved(uint256,address) isTrustedForwarder(address) rolesOf(address) ",
                "task(uint256) modulePolicyVersion(bytes32) voteOf(uint256,address) ",
                "trustedForwarder()"
            )
        );
        _classify(
            "ModuleKernel",
            address(kernel),
            string.concat(
                managed,
                "applyPreparation(uint256,bytes32) prepareInstall(address,string,string,bytes32,bytes) ",
                "prepareUninstall(string) prepareUpdate(address,string,string,bytes32,bytes) MAX_PERMISSIONS() ",
                "prepareInstallFromCode(bytes,string,string,bytes32,bytes) prepareUpdateFromCode(bytes,string,string,bytes32,bytes) ",
                "installation(string) installationById(bytes32) isGrantable(uint64) moduleIds() preparation(uint256) ",
                "preparationLifetime() DEFAULT_PREPARATION_LIFETIME() MIN_PREPARATION_LIFETIME() MAX_PREPARATION_LIFETIME()"
            )
        );
        for (uint256 i; i < 6; ++i) {
            _classify(
                string.concat("Committee.", committeeNames[i]),
                address(committees[i]),
                string.concat(
                    managed,
                    "execute(uint256) MIN_THRESHOLD() hasApproved(uint256,address) isMember(address) membership() ",
                    "name() proposal(uint256) proposalCount() proposer(uint256) cancelApprovals(uint256) ",
                    "hasApprovedCancel(uint256,address)"
                )
            );
        }
        _classify("CityGovernor", address(governor), string.concat(managed, _governorPublic()));
        _classify(
            "AccessManager",
            address(manager),
            string.concat(
                "ADMIN_ROLE() PUBLIC_ROLE() canCall(address,address,bytes4) expiration() getAccess(uint64,address) ",
                "getNonce(bytes32) getRoleAdmin(uint64) getRoleGrantDelay(uint64) getRoleGuardian(uint64) ",
                "getSchedule(bytes32) getTargetAdminDelay(address) getTargetFunctionRole(address,bytes4) ",
                "hasRole(uint64,address) hashOperation(address,address,bytes) isTargetClosed(address) minSetback()"
            )
        );
        _classify(
            "CityVault",
            address(vault),
            string.concat(
                managed,
                // transferFrom is refused too (no share ever moves: CityVault.t.sol); approve is harmless.
                "donate(uint256,address,string) deposit(uint256,address) mint(uint256,address) harvest() ",
                "approve(address,uint256) transferFrom(address,address,uint256) MAX_DEDICATION_BYTES() allowance(address,address) ",
                "asset() balanceOf(address) convertToAssets(uint256) convertToShares(uint256) decimals() donationCount() ",
                "harvestable() lock() maxDeposit(address) maxMint(address) maxRedeem(address) maxWithdraw(address) name() ",
                "previewDeposit(uint256) previewMint(uint256) previewRedeem(uint256) previewWithdraw(uint256) splitter() ",
                "symbol() totalAssets() totalHarvested() totalPrincipal() totalSupply() yieldSource() ",
                // The PrincipalLock's creation code sits inside CityVault's (initialize deploys it), so the scan
                // also finds the lock's dispatcher; those are the lock's functions, classified below.
                "principal() lockPrincipal(uint256) totalValue() controller() surplus() releaseSurplus(address)"
            )
        );
        _classify(
            "YieldSplitter",
            address(splitter),
            string.concat(
                managed,
                "distribute() BPS() MAX_LINES() MAX_PURPOSE_BYTES() asset() budgetLines() currentPeriod() ",
                "lineKey(address,string) owed(address,string) paidInPeriod(address,string,uint256) paidTotal(address,string) ",
                "pending() periodClock() splitBounds() totalPaid() unclaimed(address,string) unclaimedTotal()"
            )
        );
        // No owner, no upgrade, nothing else: the only ways out of the lock are these rows.
        _classify(
            "PrincipalLock",
            address(vault.lock()),
            "asset() controller() principal() surplus() totalValue() yieldSource()"
        );
        _classify(
            "CityForwarder",
            address(forwarder),
            "verify((address,address,uint256,uint256,uint48,bytes,bytes)) accreditation() eip712Domain() nonces(address)"
        );
        assertEq(failures, 0, failLog);
    }

    // ---------------------------------------------------------------- actors

    function _buildActors() internal {
        _actor(stranger, "stranger");
        for (uint256 i; i < 6; ++i) {
            _actor(address(committees[i]), string.concat("committee.", committeeNames[i]));
            for (uint256 j; j < MEMBERS; ++j) {
                _actor(members[i][j], string.concat(committeeNames[i], ".member.", vm.toString(j)));
            }
        }
        _actor(guardian, "guardian");
        _actor(issuer, "issuer");
        _actor(otherIssuer, "issuer.other");
        _actor(redeemer, "redeemer");
        for (uint256 i; i < verifiers.length; ++i) {
            _actor(verifiers[i], string.concat("verifier.", vm.toString(i)));
        }
        _actor(auditor, "auditor");
        _actor(relayer, "relayer");
        _actor(resident, "resident");
        _actor(address(governor), "governor");
        _actor(address(kernel), "kernel");
        _actor(address(manager), "manager");
        _actor(address(factory), "factory");
        _actor(address(credit), "credit");
        _actor(address(votes), "votes");
        _actor(address(issuance), "issuance");
        _actor(address(board), "taskBoard");
        _actor(address(accreditation), "accreditation");
        _actor(address(vault), "vault");
        _actor(address(splitter), "splitter");
        _actor(address(vault.lock()), "vault.lock");
    }

    function _actor(address a, string memory name) internal {
        actors.push(a);
        actorNames.push(name);
    }

    // ---------------------------------------------------------------- rows

    function _buildRows() internal {
        _rowsAccreditation();
        _rowsCivicCredit();
        _rowsVoteToken();
        _rowsIssuance();
        _rowsTaskBoard();
        _rowsKernel();
        for (uint256 i; i < 6; ++i) {
            _rowsCommittee(i);
        }
        _rowsGovernor();
        _rowsManager();
        _rowsManagerOps();
        _rowsUpgradesCancels();
        _rowsForwarder();
        _rowsVault();
    }

    function _rowsVault() internal {
        string memory g = "CityVault";
        address t = address(vault);
        _managedCommon(g, t, address(new CityVault()));
        bytes memory init = abi.encodeCall(
            CityVault.initialize,
            (address(manager), IERC20(address(dollar)), IERC4626(address(yieldSource)), splitter, "x", "X")
        );
        _initialized(g, t, init);
        bytes memory locked = abi.encodeWithSelector(CityVault.CityVaultPrincipalLocked.selector);
        _fixed(g, "withdraw", t, abi.encodeCall(CityVault.withdraw, (1, stranger, stranger)), locked);
        _fixed(g, "redeem", t, abi.encodeCall(CityVault.redeem, (1, stranger, stranger)), locked);
        bytes memory nt = abi.encodeWithSelector(CityVault.CityVaultSharesNonTransferable.selector);
        _fixed(g, "transfer", t, abi.encodeCall(IERC20.transfer, (stranger, 1)), nt);

        g = "YieldSplitter";
        t = address(splitter);
        YieldSplitter.BudgetLine[] memory lines = new YieldSplitter.BudgetLine[](2);
        lines[0] = YieldSplitter.BudgetLine(backstop, 5_000, 1_000e6, "emergency backstop");
        lines[1] = YieldSplitter.BudgetLine(infrastructure, 5_000, 500e6, "infrastructure");
        _managed(g, "setSplit", t, abi.encodeCall(YieldSplitter.setSplit, (lines)), _a(), _a(address(committees[4])));
        _managed(g, "setSplitBounds", t, abi.encodeCall(YieldSplitter.setSplitBounds, (1_000, 6_000)), _a(), _a(address(committees[5])));
        _managedCommon(g, t, address(new YieldSplitter()));
        _initialized(g, t, abi.encodeCall(YieldSplitter.initialize, (address(manager), IERC20(address(dollar)), 1, 0, 1)));
        // Only a line's recipient has anything to claim, and only what it refused: nobody here does.
        _custom(
            g,
            "claim",
            t,
            abi.encodeCall(YieldSplitter.claim, ("x", stranger)),
            _a(),
            abi.encodeWithSelector(YieldSplitter.YieldSplitterNothingToClaim.selector),
            abi.encode(uint256(0x40), uint256(1), bytes32("x"))
        );

        g = "PrincipalLock";
        t = address(vault.lock());
        bytes memory notVault = abi.encodeWithSelector(PrincipalLock.PrincipalLockUnauthorized.selector);
        _custom(g, "lockPrincipal", t, abi.encodeCall(PrincipalLock.lockPrincipal, (0)), _a(address(vault)), notVault, "");
        _custom(g, "releaseSurplus", t, abi.encodeCall(PrincipalLock.releaseSurplus, (stranger)), _a(address(vault)), notVault, "");
    }

    function _rowsAccreditation() internal {
        string memory g = "Accreditation";
        address t = address(accreditation);
        address c0 = address(committees[0]);
        address c5 = address(committees[5]);
        _managed(g, "accredit", t, abi.encodeCall(Accreditation.accredit, (stranger, OrgRoles.ISSUER, bytes32(0))), _a(), _a(c0));
        _managed(g, "revoke", t, abi.encodeCall(Accreditation.revoke, (auditor)), _a(), _a(c0));
        _managed(g, "setRoleSink", t, abi.encodeCall(Accreditation.setRoleSink, (address(board))), _a(), _a(c5));
        _managed(g, "setRedeemerSink", t, abi.encodeCall(Accreditation.setRedeemerSink, (address(credit))), _a(), _a(c5));
        _managedCommon(g, t, address(new Accreditation()));
        _initialized(g, t, abi.encodeCall(Accreditation.initialize, (address(manager))));
    }

    function _rowsCivicCredit() internal {
        string memory g = "CivicCredit";
        address t = address(credit);
        address c1 = address(committees[1]);
        address c2 = address(committees[2]);
        address c5 = address(committees[5]);
        _managed(g, "setPeriodLength", t, abi.encodeCall(CivicCredit.setPeriodLength, (14 days)), _a(), _a(c1));
        _managed(g, "setPriceBounds", t, abi.encodeCall(CivicCredit.setPriceBounds, (1, 1000)), _a(), _a(c2));
        _managed(g, "forceCloseOffer", t, abi.encodeCall(CivicCredit.forceCloseOffer, (offerId)), _a(), _a(address(committees[0])));
        // Not mapped by the factory: falls back to the AccessManager's ADMIN role (the upgrades committee).
        _managed(g, "setIssuer", t, abi.encodeCall(CivicCredit.setIssuer, (address(issuance), address(votes))), _a(), _a(c5));
        _managedCommon(g, t, address(new CivicCredit(address(forwarder))));
        _initialized(g, t, abi.encodeCall(CivicCredit.initialize, (address(manager), "x", "X", address(accreditation), 1, 1, 1)));

        bytes memory minter = abi.encodeWithSelector(CivicCredit.CivicCreditUnauthorizedMinter.selector);
        _custom(g, "mint", t, abi.encodeCall(CivicCredit.mint, (stranger, 1)), _a(address(issuance)), minter, "");
        _custom(g, "mintBatch", t, abi.encodeCall(CivicCredit.mintBatch, (_a(stranger), _u(1))), _a(address(issuance)), minter, "");

        bytes memory notRedeemer = abi.encodeWithSelector(RedemptionDesk.RedemptionDeskNotRedeemer.selector);
        _custom(g, "createOffer", t, abi.encodeCall(RedemptionDesk.createOffer, (10, 5, 0, 0, bytes32(0))), _a(redeemer), notRedeemer, "");
        bytes memory notOwner = abi.encodeWithSelector(RedemptionDesk.RedemptionDeskNotOfferOwner.selector, offerId);
        _custom(g, "updateOffer", t, abi.encodeCall(RedemptionDesk.updateOffer, (offerId, 20, 5)), _a(redeemer), notOwner, "");
        _custom(g, "closeOffer", t, abi.encodeCall(RedemptionDesk.closeOffer, (offerId)), _a(redeemer), notOwner, "");
        bytes memory notRegistry = abi.encodeWithSelector(CivicCredit.CivicCreditNotAccreditation.selector);
        bytes memory revoked = abi.encodeCall(CivicCredit.onRedeemerRevoked, (redeemer));
        _custom(g, "onRedeemerRevoked", t, revoked, _a(address(accreditation)), notRegistry, "");

        bytes memory nt = abi.encodeWithSelector(CivicCredit.CivicCreditNonTransferable.selector);
        _fixed(g, "transfer", t, abi.encodeCall(CivicCredit.transfer, (stranger, 1)), nt);
        _fixed(g, "transferFrom", t, abi.encodeCall(CivicCredit.transferFrom, (resident, stranger, 1)), nt);
        _fixed(g, "approve", t, abi.encodeCall(CivicCredit.approve, (stranger, 1)), nt);
    }

    function _rowsVoteToken() internal {
        string memory g = "VoteToken";
        address t = address(votes);
        _managedCommon(g, t, address(new VoteToken()));
        _initialized(g, t, abi.encodeCall(VoteToken.initialize, (address(manager), address(credit), "x", "X")));
        bytes memory ledger = abi.encodeWithSelector(VoteToken.VoteTokenUnauthorizedLedger.selector);
        _custom(g, "onMint", t, abi.encodeCall(VoteToken.onMint, (stranger, 1)), _a(address(credit)), ledger, "");
        _custom(g, "onMintBatch", t, abi.encodeCall(VoteToken.onMintBatch, (_a(stranger), _u(1))), _a(address(credit)), ledger, "");
        bytes memory nt = abi.encodeWithSelector(VoteToken.VoteTokenNonTransferable.selector);
        _fixed(g, "transfer", t, abi.encodeCall(VoteToken.transfer, (stranger, 1)), nt);
        _fixed(g, "transferFrom", t, abi.encodeCall(VoteToken.transferFrom, (resident, stranger, 1)), nt);
        _fixed(g, "approve", t, abi.encodeCall(VoteToken.approve, (stranger, 1)), nt);
    }

    function _rowsIssuance() internal {
        string memory g = "IssuanceController";
        address t = address(issuance);
        address c1 = address(committees[1]);
        address c2 = address(committees[2]);
        address c5 = address(committees[5]);
        // Residents' Governor holds the coverage-setter role without delay; the issuance committee with its delay.
        _managed(g, "setCoverageRatio", t, abi.encodeCall(IssuanceController.setCoverageRatio, (12_000)), _a(address(governor)), _a(c1));
        _managed(g, "setCoverageBounds", t, abi.encodeCall(IssuanceController.setCoverageBounds, (4000, 16_000)), _a(), _a(c1));
        _managed(g, "setModuleBudget", t, abi.encodeCall(IssuanceController.setModuleBudget, (MODULE, 2e6)), _a(), _a(c1));
        _managed(g, "setIssuerBudget", t, abi.encodeCall(IssuanceController.setIssuerBudget, (MODULE, 5e5)), _a(), _a(c1));
        _managed(g, "refreshCap", t, abi.encodeCall(IssuanceController.refreshCap, ()), _a(), _a(c1));
        _managed(g, "setRateBounds", t, abi.encodeCall(IssuanceController.setRateBounds, (bytes32(0), 1, 200)), _a(), _a(c2));
        _managed(g, "setTaskBoard", t, abi.encodeCall(IssuanceController.setTaskBoard, (address(board))), _a(), _a(c5));
        _managedCommon(g, t, address(new IssuanceController()));
        _initialized(g, t, abi.encodeCall(IssuanceController.initialize, (address(manager), address(credit), 1, 1, 1, 1, 1)));

        bytes memory notBoard = abi.encodeWithSelector(IssuanceController.IssuanceControllerUnauthorizedIssuer.selector);
        _custom(g, "issue", t, abi.encodeCall(IssuanceController.issue, (MODULE, issuer, stranger, 1)), _a(address(board)), notBoard, "");
        bytes memory batch = abi.encodeCall(IssuanceController.issueBatch, (issuer, _b(MODULE), _u(1), _a(stranger), _u(1)));
        _custom(g, "issueBatch", t, batch, _a(address(board)), notBoard, "");
    }

    function _rowsTaskBoard() internal {
        string memory g = "TaskBoard";
        address t = address(board);
        bytes memory setPolicy = abi.encodeCall(TaskBoard.setModulePolicy, (keccak256("m"), address(0xBEEF)));
        _managed(g, "setModulePolicy", t, setPolicy, _a(), _a(address(committees[3])));
        _managedCommon(g, t, address(new TaskBoard(address(forwarder))));
        _initialized(g, t, abi.encodeCall(TaskBoard.initialize, (address(manager), address(accreditation), address(issuance))));

        bytes memory notIssuer = abi.encodeWithSelector(TaskBoard.TaskBoardNotIssuer.selector);
        bytes memory notTaskIssuer = abi.encodeWithSelector(TaskBoard.TaskBoardNotTaskIssuer.selector, taskId);
        bytes memory publish = abi.encodeCall(TaskBoard.publishTask, (_taskParams(10, 1, 0)));
        _custom(g, "publishTask", t, publish, _a(issuer, otherIssuer), notIssuer, "");
        _custom(g, "closeTask", t, abi.encodeCall(TaskBoard.closeTask, (taskId)), _a(issuer), notTaskIssuer, "");
        bytes memory notRegistry = abi.encodeWithSelector(TaskBoard.TaskBoardNotAccreditation.selector);
        bytes memory sync = abi.encodeCall(TaskBoard.syncRoles, (stranger, OrgRoles.ISSUER));
        _custom(g, "syncRoles", t, sync, _a(address(accreditation)), notRegistry, "");

        // Another accredited issuer passes the accreditation check and is refused as not the task's issuer.
        Row storage r = _custom(g, "verify", t, abi.encodeCall(TaskBoard.verify, (completionId)), _a(issuer), notIssuer, "");
        _override(r, otherIssuer, abi.encodeWithSelector(TaskBoard.TaskBoardNotTaskIssuer.selector, taskId, otherIssuer));
        r = _custom(g, "verifyBatch", t, abi.encodeCall(TaskBoard.verifyBatch, (_u(completionId))), _a(issuer), notIssuer, "");
        _override(r, otherIssuer, abi.encodeWithSelector(TaskBoard.TaskBoardNotTaskIssuer.selector, taskId, otherIssuer));

        _custom(g, "reject(issuer-verified)", t, abi.encodeCall(TaskBoard.reject, (completionId, 1)), _a(issuer), notTaskIssuer, "");
        address[] memory checkers = _a(issuer, verifiers[0], verifiers[1]);
        checkers = _push(checkers, verifiers[2]);
        bytes memory notTaskIssuerK = abi.encodeWithSelector(TaskBoard.TaskBoardNotTaskIssuer.selector, taskK);
        _custom(g, "reject(k-of-n)", t, abi.encodeCall(TaskBoard.reject, (completionK, 1)), checkers, notTaskIssuerK, "");
        bytes memory notVerifier = abi.encodeWithSelector(TaskBoard.TaskBoardNotVerifier.selector);
        address[] memory vs = _a(verifiers[0], verifiers[1], verifiers[2]);
        _custom(g, "approveCompletion", t, abi.encodeCall(TaskBoard.approveCompletion, (completionK)), vs, notVerifier, "");
    }

    function _rowsKernel() internal {
        string memory g = "ModuleKernel";
        address t = address(kernel);
        _managed(g, "approve", t, abi.encodeCall(ModuleKernel.approve, (preparationId)), _a(), _a(address(committees[3])));
        _managed(g, "revoke", t, abi.encodeCall(ModuleKernel.revoke, (preparationId)), _a(), _a(address(committees[3])));
        _managed(
            g,
            "setPreparationLifetime",
            t,
            abi.encodeCall(ModuleKernel.setPreparationLifetime, (7 days)),
            _a(),
            _a(address(committees[3]))
        );
        _managedCommon(g, t, address(new ModuleKernel()));
        _initialized(g, t, abi.encodeCall(ModuleKernel.initialize, (address(manager))));
    }

    function _rowsCommittee(uint256 i) internal {
        string memory g = "Committee";
        address t = address(committees[i]);
        string memory n = committeeNames[i];
        _managed(g, string.concat(n, ".setMembership"), t, _membershipData(), _a(), _a(t));
        Row storage r = _managed(
            g, string.concat(n, ".upgradeToAndCall"), t, _upgradeData(address(new Committee())), _a(), _a(address(committees[5]))
        );
        r = _custom(
            g,
            string.concat(n, ".setAuthority"),
            t,
            abi.encodeCall(IAccessManaged.setAuthority, (address(manager))),
            _a(address(manager)),
            abi.encodeWithSelector(IAccessManaged.AccessManagedUnauthorized.selector),
            ""
        );
        _fixed(
            g,
            string.concat(n, ".initialize"),
            t,
            abi.encodeCall(Committee.initialize, (address(manager), n, _a(stranger), 2)),
            abi.encodeWithSelector(Initializable.InvalidInitialization.selector)
        );

        address[3] memory m = members[i];
        bytes memory notMember = abi.encodeWithSelector(Committee.CommitteeNotMember.selector);
        bytes memory propose = abi.encodeCall(Committee.propose, (t, _membershipData(), bytes32("again")));
        _custom(g, string.concat(n, ".propose"), t, propose, _a(m[0], m[1], m[2]), notMember, "");
        uint256 pid = pendingProposal[i];
        r = _custom(g, string.concat(n, ".approve"), t, abi.encodeCall(Committee.approve, (pid)), _a(m[1], m[2]), notMember, "");
        _override(r, m[0], abi.encodeWithSelector(Committee.CommitteeAlreadyApproved.selector, pid, m[0]));
        // A pending proposal is withdrawn only by its proposer (member 0); other members are refused by name.
        r = _custom(g, string.concat(n, ".cancel(pending)"), t, abi.encodeCall(Committee.cancel, (pid)), _a(m[0]), notMember, "");
        _override(r, m[1], abi.encodeWithSelector(Committee.CommitteeNotProposer.selector, pid, m[1]));
        _override(r, m[2], abi.encodeWithSelector(Committee.CommitteeNotProposer.selector, pid, m[2]));
    }

    function _rowsGovernor() internal {
        string memory g = "CityGovernor";
        address t = address(governor);
        _managedCommon(g, t, address(new CityGovernor()));
        _initialized(g, t, abi.encodeCall(CityGovernor.initialize, (address(manager), address(votes), "x", 1, 1, 1, 1)));

        // onlyGovernance: the Governor itself, i.e. only as the execution of a passed proposal.
        bytes memory exec = abi.encodeWithSelector(IGovernor.GovernorOnlyExecutor.selector);
        address[] memory self = _a(address(governor));
        _custom(g, "setVotingDelay", t, abi.encodeWithSignature("setVotingDelay(uint48)", uint48(2 hours)), self, exec, "");
        _custom(g, "setVotingPeriod", t, abi.encodeWithSignature("setVotingPeriod(uint32)", uint32(4 days)), self, exec, "");
        _custom(g, "setProposalThreshold", t, abi.encodeWithSignature("setProposalThreshold(uint256)", 2), self, exec, "");
        _custom(g, "updateQuorumNumerator", t, abi.encodeWithSignature("updateQuorumNumerator(uint256)", 5), self, exec, "");
        bytes memory relay = abi.encodeWithSignature(
            "relay(address,uint256,bytes)", address(issuance), 0, abi.encodeCall(IssuanceController.setCoverageRatio, (12_000))
        );
        _custom(g, "relay", t, relay, self, exec, "");

        (address[] memory ts, uint256[] memory vs, bytes[] memory cs) = _govCall();
        bytes memory cancel = abi.encodeWithSignature(
            "cancel(address[],uint256[],bytes[],bytes32)", ts, vs, cs, govDescriptionHash
        );
        bytes memory unable = abi.encodeWithSelector(IGovernor.GovernorUnableToCancel.selector, govProposalId);
        _custom(g, "cancel", t, cancel, _a(resident), unable, "");
    }

    function _rowsManager() internal {
        address c5 = address(committees[5]);
        address acc = address(accreditation);
        uint64 issuanceRole = Roles.ISSUANCE_COMMITTEE;
        // Everything below is the AccessManager's ADMIN: only the upgrades committee, through its delay.
        _admin("labelRole", abi.encodeCall(AccessManager.labelRole, (issuanceRole, "x")), Roles.ADMIN, _a(), _a(c5));
        _admin("setRoleAdmin", abi.encodeCall(AccessManager.setRoleAdmin, (Roles.MODULE_OPERATOR, Roles.KERNEL)), Roles.ADMIN, _a(), _a(c5));
        _admin("setRoleGuardian", abi.encodeCall(AccessManager.setRoleGuardian, (issuanceRole, Roles.GUARDIAN)), Roles.ADMIN, _a(), _a(c5));
        _admin("setGrantDelay", abi.encodeCall(AccessManager.setGrantDelay, (issuanceRole, 1 days)), Roles.ADMIN, _a(), _a(c5));
        _admin("setTargetAdminDelay", abi.encodeCall(AccessManager.setTargetAdminDelay, (acc, 1 days)), Roles.ADMIN, _a(), _a(c5));
        _admin("updateAuthority", abi.encodeCall(AccessManager.updateAuthority, (acc, address(manager))), Roles.ADMIN, _a(), _a(c5));
        _admin("setTargetClosed", abi.encodeCall(AccessManager.setTargetClosed, (acc, false)), Roles.ADMIN, _a(), _a(c5));
        bytes4[] memory sels = new bytes4[](1);
        sels[0] = Accreditation.accredit.selector;
        bytes memory stfr = abi.encodeCall(AccessManager.setTargetFunctionRole, (acc, sels, Roles.ACCREDITATION_COMMITTEE));
        _admin("setTargetFunctionRole", stfr, Roles.ADMIN, _a(), _a(c5));
        bytes memory grant = abi.encodeCall(AccessManager.grantRole, (issuanceRole, stranger, 0));
        _admin("grantRole(committee role)", grant, Roles.ADMIN, _a(), _a(c5));
        _admin("revokeRole(guardian)", abi.encodeCall(AccessManager.revokeRole, (Roles.GUARDIAN, guardian)), Roles.ADMIN, _a(), _a(c5));
        // The kernel administers the module roles only, without delay (it grants them in applyPreparation).
        bytes memory grantOp = abi.encodeCall(AccessManager.grantRole, (Roles.MODULE_OPERATOR, stranger, 0));
        _admin("grantRole(module role)", grantOp, Roles.KERNEL, _a(address(kernel)), _a());
        bytes memory revokeOp = abi.encodeCall(AccessManager.revokeRole, (Roles.MODULE_OPERATOR, stranger));
        _admin("revokeRole(module role)", revokeOp, Roles.KERNEL, _a(address(kernel)), _a());
        // multicall delegates to itself: each inner call keeps its own authorization.
        bytes[] memory inner = new bytes[](1);
        inner[0] = grant;
        Row storage r = _admin("multicall(grantRole)", abi.encodeWithSignature("multicall(bytes[])", inner), Roles.ADMIN, _a(), _a(c5));
        r.opData = grant;
    }

    /// @dev The AccessManager's caller-checked operations: schedule, execute, cancel, consume, renounce.
    function _rowsManagerOps() internal {
        string memory g = "AccessManager";
        address t = address(manager);
        address acc = address(accreditation);
        address c0 = address(committees[0]);
        Row storage r;
        bytes memory accreditOp = abi.encodeCall(Accreditation.accredit, (stranger, OrgRoles.ISSUER, bytes32(0)));
        bytes memory unauthorizedCall = abi.encodeWithSelector(IAccessManager.AccessManagerUnauthorizedCall.selector);
        bytes memory callSuffix = abi.encode(acc, Accreditation.accredit.selector);
        _custom(g, "schedule", t, abi.encodeCall(AccessManager.schedule, (acc, accreditOp, 0)), _a(address(committees[0])), unauthorizedCall, callSuffix);
        r = _custom(g, "execute", t, abi.encodeCall(AccessManager.execute, (acc, accreditOp)), _a(), unauthorizedCall, callSuffix);
        _override(r, c0, abi.encodeWithSelector(IAccessManager.AccessManagerNotScheduled.selector, manager.hashOperation(c0, acc, accreditOp)));
        // Cancel: the scheduler, a guardian of the role, or an ADMIN holder (the upgrades committee).
        bytes memory cancel = abi.encodeCall(AccessManager.cancel, (c0, acc, cancellableOp));
        bytes memory unauthorizedCancel = abi.encodeWithSelector(IAccessManager.AccessManagerUnauthorizedCancel.selector);
        _custom(g, "cancel", t, cancel, _a(c0, guardian, address(committees[5])), unauthorizedCancel, abi.encode(c0, acc, Accreditation.accredit.selector));
        r = _custom(g, "consumeScheduledOp", t, abi.encodeCall(AccessManager.consumeScheduledOp, (stranger, accreditOp)), _a(), "", "");
        r.gate = Gate.Consume;
        bytes memory bad = abi.encodeWithSelector(IAccessManager.AccessManagerBadConfirmation.selector);
        r = _custom(g, "renounceRole", t, abi.encodeCall(AccessManager.renounceRole, (Roles.GUARDIAN, guardian)), _a(guardian), bad, "");
        r.denyWithActor = false;
    }

    /// @dev The guardian vetoes the upgrades committee's rewiring of the minter (mapped to the committee's role),
    /// not its AccessManager admin operations (OpenZeppelin's ADMIN role has no guardian; see Roles.GUARDIAN).
    function _rowsUpgradesCancels() internal {
        address t = address(manager);
        address c5 = address(committees[5]);
        address cr = address(credit);
        bytes memory unauthorizedCancel = abi.encodeWithSelector(IAccessManager.AccessManagerUnauthorizedCancel.selector);
        bytes memory cancel = abi.encodeCall(AccessManager.cancel, (c5, cr, rewireOp));
        bytes memory suffix = abi.encode(c5, cr, CivicCredit.setIssuer.selector);
        _custom("AccessManager", "cancel(upgrades: setIssuer)", t, cancel, _a(c5, guardian), unauthorizedCancel, suffix);
        cancel = abi.encodeCall(AccessManager.cancel, (c5, t, adminGrantOp));
        suffix = abi.encode(c5, t, AccessManager.grantRole.selector);
        _custom("AccessManager", "cancel(upgrades: grantRole)", t, cancel, _a(c5), unauthorizedCancel, suffix);
    }

    function _rowsForwarder() internal {
        string memory g = "CityForwarder";
        address t = address(forwarder);
        _fixed(g, "initialize", t, abi.encodeCall(CityForwarder.initialize, (address(accreditation))), abi.encodeWithSelector(CityForwarder.CityForwarderAlreadyInitialized.selector));
        bytes memory notRelayer = abi.encodeWithSelector(CityForwarder.CityForwarderUnauthorizedRelayer.selector);
        address[] memory relayers = _a(issuer, otherIssuer, redeemer);
        relayers = _push(relayers, relayer);
        _custom(g, "execute", t, abi.encodeCall(CityForwarder.execute, (signedClaim)), relayers, notRelayer, "");
        ERC2771Forwarder.ForwardRequestData[] memory batch = new ERC2771Forwarder.ForwardRequestData[](1);
        batch[0] = signedClaim;
        _custom(g, "executeBatch", t, abi.encodeCall(CityForwarder.executeBatch, (batch, payable(address(0)))), relayers, notRelayer, "");
    }

    /// @dev upgradeToAndCall (upgrades committee) and setAuthority (only the AccessManager) on a managed contract.
    function _managedCommon(string memory g, address t, address newImpl) internal {
        _managed(g, "upgradeToAndCall", t, _upgradeData(newImpl), _a(), _a(address(committees[5])));
        _custom(
            g,
            "setAuthority",
            t,
            abi.encodeCall(IAccessManaged.setAuthority, (address(manager))),
            _a(address(manager)),
            abi.encodeWithSelector(IAccessManaged.AccessManagedUnauthorized.selector),
            ""
        );
    }

    function _initialized(string memory g, address t, bytes memory data) internal {
        _fixed(g, "initialize", t, data, abi.encodeWithSelector(Initializable.InvalidInitialization.selector));
    }

    // ---------------------------------------------------------------- row constructors

    function _row(string memory g, string memory name, address t, bytes memory data, address[] memory immediate)
        internal
        returns (Row storage r)
    {
        r = rows.push();
        r.group = g;
        r.name = string.concat(g, ".", name);
        r.target = t;
        r.data = data;
        r.opData = data;
        r.immediate = immediate;
    }

    function _managed(
        string memory g,
        string memory name,
        address t,
        bytes memory data,
        address[] memory immediate,
        address[] memory scheduled
    ) internal returns (Row storage r) {
        r = _row(g, name, t, data, immediate);
        r.scheduled = scheduled;
        r.gate = Gate.Managed;
    }

    function _admin(string memory name, bytes memory data, uint64 role, address[] memory immediate, address[] memory scheduled)
        internal
        returns (Row storage r)
    {
        r = _row("AccessManager", name, address(manager), data, immediate);
        r.scheduled = scheduled;
        r.gate = Gate.ManagerAdmin;
        r.adminRole = role;
    }

    function _custom(
        string memory g,
        string memory name,
        address t,
        bytes memory data,
        address[] memory allowed,
        bytes memory prefix,
        bytes memory suffix
    ) internal returns (Row storage r) {
        r = _row(g, name, t, data, allowed);
        r.gate = Gate.Custom;
        r.denyPrefix = prefix;
        r.denyWithActor = true;
        r.denySuffix = suffix;
    }

    /// @dev Refused to everyone with the same error.
    function _fixed(string memory g, string memory name, address t, bytes memory data, bytes memory err)
        internal
        returns (Row storage r)
    {
        r = _custom(g, name, t, data, _a(), err, "");
        r.denyWithActor = false;
    }

    function _override(Row storage r, address actor, bytes memory err) internal {
        r.overrideActors.push(actor);
        r.overrideErrors.push(err);
    }

    // ---------------------------------------------------------------- running the matrix

    function _runGroup(string memory group) internal {
        uint256 ran;
        for (uint256 i; i < rows.length; ++i) {
            if (keccak256(bytes(rows[i].group)) != keccak256(bytes(group))) continue;
            _runRow(rows[i]);
            ++ran;
        }
        assertGt(ran, 0, "no rows");
        assertEq(failures, 0, failLog);
    }

    function _runRow(Row storage r) internal {
        uint256 snap = vm.snapshotState();
        for (uint256 k; k < actors.length; ++k) {
            address a = actors[k];
            bool allowed = _contains(r.immediate, a);
            bytes memory expected = allowed ? bytes("") : _expected(r, a);
            vm.prank(a);
            (bool ok, bytes memory ret) = r.target.call(r.data);
            if (ok) vm.revertToState(snap);
            if (allowed && !ok) _fail(r, k, "allowed call reverted", ret);
            else if (!allowed && ok) _fail(r, k, "denied call succeeded", "");
            else if (!allowed && keccak256(ret) != keccak256(expected)) {
                _fail(r, k, string.concat("wrong error, expected ", vm.toString(expected)), ret);
            }
        }
        for (uint256 k; k < r.scheduled.length; ++k) {
            _runScheduled(r, r.scheduled[k]);
            vm.revertToState(snap);
        }
        vm.deleteStateSnapshot(snap);
    }

    /// @dev The only path for a delayed role holder: schedule, be refused before the delay, succeed after it.
    function _runScheduled(Row storage r, address s) internal {
        address opTarget = r.gate == Gate.ManagerAdmin ? address(manager) : r.target;
        bytes32 id;
        vm.prank(s);
        try manager.schedule(opTarget, r.opData, 0) returns (bytes32 scheduledId, uint32) {
            id = scheduledId;
        } catch (bytes memory err) {
            _fail(r, _indexOf(s), "could not schedule", err);
            return;
        }
        uint48 readyAt = manager.getSchedule(id);
        if (readyAt != block.timestamp + COMMITTEE_DELAY) _fail(r, _indexOf(s), "scheduled with the wrong delay", "");
        vm.prank(s);
        (bool ok, bytes memory ret) = r.target.call(r.data);
        bytes memory notReady = abi.encodeWithSelector(IAccessManager.AccessManagerNotReady.selector, id);
        if (ok || keccak256(ret) != keccak256(notReady)) _fail(r, _indexOf(s), "scheduled call ran before its delay", ret);
        vm.warp(readyAt);
        vm.prank(s);
        (ok, ret) = r.target.call(r.data);
        if (!ok) _fail(r, _indexOf(s), "scheduled call reverted after its delay", ret);
    }

    function _expected(Row storage r, address a) internal view returns (bytes memory) {
        for (uint256 i; i < r.overrideActors.length; ++i) {
            if (r.overrideActors[i] == a) return r.overrideErrors[i];
        }
        if (r.gate == Gate.Managed || r.gate == Gate.ManagerAdmin) {
            address opTarget = r.gate == Gate.Managed ? r.target : address(manager);
            if (_contains(r.scheduled, a)) {
                bytes32 id = manager.hashOperation(a, opTarget, r.opData);
                return abi.encodeWithSelector(IAccessManager.AccessManagerNotScheduled.selector, id);
            }
            if (r.gate == Gate.Managed) return abi.encodeWithSelector(IAccessManaged.AccessManagedUnauthorized.selector, a);
            return abi.encodeWithSelector(IAccessManager.AccessManagerUnauthorizedAccount.selector, a, r.adminRole);
        }
        if (r.gate == Gate.Consume) {
            // The manager asks the caller whether it is consuming; an account without that function reverts bare.
            if (a.code.length == 0 || a == address(manager) || a == address(factory) || a == address(vault.lock())) {
                return "";
            }
            return abi.encodeWithSelector(IAccessManager.AccessManagerUnauthorizedConsume.selector, a);
        }
        return bytes.concat(r.denyPrefix, r.denyWithActor ? abi.encode(a) : bytes(""), r.denySuffix);
    }

    function _fail(Row storage r, uint256 actorIndex, string memory what, bytes memory ret) internal {
        ++failures;
        failLog = string.concat(failLog, "\n  ", r.name, " / ", actorNames[actorIndex], ": ", what);
        if (ret.length != 0) failLog = string.concat(failLog, " (got ", vm.toString(ret), ")");
    }

    // ---------------------------------------------------------------- selector classification

    function _classify(string memory label, address target, string memory publicSigs) internal {
        bytes4[] memory dispatched = _dispatchSelectors(_runtimeCode(target));
        bytes4[] memory listed = _selectorsOf(publicSigs);
        for (uint256 i; i < rows.length; ++i) {
            if (rows[i].target == target) listed = _push4(listed, bytes4(rows[i].data));
        }
        for (uint256 i; i < dispatched.length; ++i) {
            if (!_contains4(listed, dispatched[i])) {
                ++failures;
                failLog = string.concat(failLog, "\n  ", label, ": function ", vm.toString(abi.encodePacked(dispatched[i])), " has no row");
            }
        }
        for (uint256 i; i < listed.length; ++i) {
            if (!_contains4(dispatched, listed[i])) {
                ++failures;
                failLog = string.concat(failLog, "\n  ", label, ": listed ", vm.toString(abi.encodePacked(listed[i])), " is not a function");
            }
        }
    }

    /// @dev The implementation's code for an ERC-1967 proxy, else the account's own code.
    function _runtimeCode(address target) internal view returns (bytes memory) {
        bytes32 slot = 0x360894a13ba1a3210667c828492db98dca3e2076cc3735a920a3ca505d382bbc;
        address impl = address(uint160(uint256(vm.load(target, slot))));
        return impl == address(0) ? target.code : impl.code;
    }

    /// @dev Solidity's dispatcher compares the selector with `PUSH4 sel EQ PUSH2|PUSH3 dest JUMPI`; collect those.
    function _dispatchSelectors(bytes memory code) internal pure returns (bytes4[] memory out) {
        out = new bytes4[](0);
        uint256 i;
        while (i < code.length) {
            uint8 op = uint8(code[i]);
            if (op == 0x63 && i + 8 < code.length && uint8(code[i + 5]) == 0x14) {
                uint8 push = uint8(code[i + 6]);
                uint256 jumpi = i + 7 + (push - 0x5f);
                if ((push == 0x61 || push == 0x62) && jumpi < code.length && uint8(code[i + 7 + (push - 0x5f)]) == 0x57) {
                    bytes4 sel = bytes4(
                        (uint32(uint8(code[i + 1])) << 24) | (uint32(uint8(code[i + 2])) << 16)
                            | (uint32(uint8(code[i + 3])) << 8) | uint32(uint8(code[i + 4]))
                    );
                    if (!_contains4(out, sel)) out = _push4(out, sel);
                }
            }
            i += (op >= 0x60 && op <= 0x7f) ? op - 0x5e : 1;
        }
    }

    function _selectorsOf(string memory sigs) internal pure returns (bytes4[] memory out) {
        bytes memory s = bytes(sigs);
        out = new bytes4[](0);
        uint256 start;
        for (uint256 i; i <= s.length; ++i) {
            if (i == s.length || s[i] == " ") {
                if (i > start) {
                    bytes memory sig = new bytes(i - start);
                    for (uint256 j; j < sig.length; ++j) {
                        sig[j] = s[start + j];
                    }
                    out = _push4(out, bytes4(keccak256(sig)));
                }
                start = i + 1;
            }
        }
    }

    function _governorPublic() internal pure returns (string memory) {
        return string.concat(
            "castVote(uint256,uint8) castVoteBySig(uint256,uint8,address,bytes) castVoteWithReason(uint256,uint8,string) ",
            "castVoteWithReasonAndParams(uint256,uint8,string,bytes) ",
            "castVoteWithReasonAndParamsBySig(uint256,uint8,address,string,bytes,bytes) ",
            "onERC1155BatchReceived(address,address,uint256[],uint256[],bytes) ",
            "onERC1155Received(address,address,uint256,uint256,bytes) onERC721Received(address,address,uint256,bytes) ",
            "propose(address[],uint256[],bytes[],string) queue(address[],uint256[],bytes[],bytes32) ",
            "execute(address[],uint256[],bytes[],bytes32) COUNTING_MODE() hashProposal(address[],uint256[],bytes[],bytes32) ",
            "BALLOT_TYPEHASH() CLOCK_MODE() EXTENDED_BALLOT_TYPEHASH() clock() eip712Domain() ",
            "getProposalId(address[],uint256[],bytes[],bytes32) getVotes(address,uint256) ",
            "getVotesWithParams(address,uint256,bytes) hasVoted(uint256,address) name() nonces(address) ",
            "proposalDeadline(uint256) proposalEta(uint256) proposalNeedsQueuing(uint256) proposalProposer(uint256) ",
            "proposalSnapshot(uint256) proposalThreshold() proposalVotes(uint256) quorum(uint256) quorumDenominator() ",
            "quorumNumerator() quorumNumerator(uint256) state(uint256) supportsInterface(bytes4) token() version() ",
            "votingDelay() votingPeriod()"
        );
    }

    // ---------------------------------------------------------------- fixtures for the rows

    function _membershipData() internal returns (bytes memory) {
        return abi.encodeCall(Committee.setMembership, (_a(makeAddr("new.0"), makeAddr("new.1"), makeAddr("new.2")), 2));
    }

    function _upgradeData(address impl) internal pure returns (bytes memory) {
        return abi.encodeCall(UUPSUpgradeable.upgradeToAndCall, (impl, ""));
    }

    function _govCall() internal view returns (address[] memory t, uint256[] memory v, bytes[] memory c) {
        t = _a(address(issuance));
        v = _u(0);
        c = new bytes[](1);
        c[0] = abi.encodeCall(IssuanceController.setCoverageRatio, (12_000));
    }

    /// @dev A claim of `task` signed by `signer` for the city's forwarder (EIP-712 ForwardRequest).
    function _signClaim(uint256 task) internal view returns (ERC2771Forwarder.ForwardRequestData memory req) {
        bytes memory data = abi.encodeCall(TaskBoard.claim, (task));
        uint48 deadline = uint48(block.timestamp + 1 days);
        (, string memory name, string memory version, uint256 chainId, address verifying,,) = forwarder.eip712Domain();
        bytes32 domain = keccak256(
            abi.encode(
                keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"),
                keccak256(bytes(name)),
                keccak256(bytes(version)),
                chainId,
                verifying
            )
        );
        bytes32 structHash = keccak256(
            abi.encode(
                keccak256(
                    "ForwardRequest(address from,address to,uint256 value,uint256 gas,uint256 nonce,uint48 deadline,bytes data)"
                ),
                signer,
                address(board),
                0,
                300_000,
                forwarder.nonces(signer),
                deadline,
                keccak256(data)
            )
        );
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(signerKey, keccak256(abi.encodePacked("\x19\x01", domain, structHash)));
        req = ERC2771Forwarder.ForwardRequestData({
            from: signer,
            to: address(board),
            value: 0,
            gas: 300_000,
            deadline: deadline,
            data: data,
            signature: abi.encodePacked(r, s, v)
        });
    }

    // ---------------------------------------------------------------- small array helpers

    function _a() internal pure returns (address[] memory x) {
        x = new address[](0);
    }

    function _a(address p) internal pure returns (address[] memory x) {
        x = new address[](1);
        x[0] = p;
    }

    function _a(address p, address q) internal pure returns (address[] memory x) {
        x = new address[](2);
        (x[0], x[1]) = (p, q);
    }

    function _a(address p, address q, address s) internal pure returns (address[] memory x) {
        x = new address[](3);
        (x[0], x[1], x[2]) = (p, q, s);
    }

    function _push(address[] memory xs, address y) internal pure returns (address[] memory out) {
        out = new address[](xs.length + 1);
        for (uint256 i; i < xs.length; ++i) {
            out[i] = xs[i];
        }
        out[xs.length] = y;
    }

    function _u(uint256 p) internal pure returns (uint256[] memory x) {
        x = new uint256[](1);
        x[0] = p;
    }

    function _b(bytes32 p) internal pure returns (bytes32[] memory x) {
        x = new bytes32[](1);
        x[0] = p;
    }

    function _push4(bytes4[] memory xs, bytes4 y) internal pure returns (bytes4[] memory out) {
        out = new bytes4[](xs.length + 1);
        for (uint256 i; i < xs.length; ++i) {
            out[i] = xs[i];
        }
        out[xs.length] = y;
    }

    function _contains(address[] memory xs, address y) internal pure returns (bool) {
        for (uint256 i; i < xs.length; ++i) {
            if (xs[i] == y) return true;
        }
        return false;
    }

    function _contains4(bytes4[] memory xs, bytes4 y) internal pure returns (bool) {
        for (uint256 i; i < xs.length; ++i) {
            if (xs[i] == y) return true;
        }
        return false;
    }

    function _indexOf(address a) internal view returns (uint256) {
        for (uint256 i; i < actors.length; ++i) {
            if (actors[i] == a) return i;
        }
        return 0;
    }
}
