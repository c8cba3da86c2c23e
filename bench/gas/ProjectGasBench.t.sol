// SPDX-License-Identifier: MIT
pragma solidity 0.8.29;

import {CityFixture} from "../../core/contracts/test/utils/CityFixture.sol";
import {TaskBoard} from "../../core/contracts/tasks/TaskBoard.sol";

import {FullTxGas} from "./FullTxGas.sol";

/// @title ProjectGasBench
/// @notice `npm run bench:gas`: full-transaction gas of the project's operations on a real city deployed through
///         CityFactory (every core contract behind its ERC1967 proxy, exactly as in production), measured with the
///         same helper as the anchors in GasBench (FullTxGas: each measured call is its own transaction, cold
///         accounts and storage, 21,000 + calldata + execution after refunds, landing one block / 12 s after its
///         setup). Each measured call is sent by the account that sends it on chain: the task's issuer for
///         `verify`/`verifyBatch`, the participant for `redeem` (no forwarder).
///
/// Like-for-like with the anchors (GasBench): the ERC20Votes anchor mints to a holder who already holds tokens
/// and has self-delegated, on a token with supply, in a later block, so it rewrites two nonzero slots (balance,
/// supply) and appends two new checkpoints (delegate, total supply). The headline project figures use the
/// same steady state, which is also what a returning participant costs:
///  - the participant has already earned once (CivicCredit account slot nonzero: balance and lifetime minted)
///    and has self-delegated (a $VOTE checkpoint exists); the measured mint lands 12 s later, so $VOTE (a
///    timestamp clock) appends a new checkpoint for the delegate and for the total supply, as the anchor does
///    for its block clock;
///  - the period is already open for issuance: its cap was fixed by an earlier mint of the same period and its
///    issued counter and the module's spent counter are nonzero (the cap is fixed lazily by the first mint of a
///    period; that mint is measured separately as `project_verifyMint_firstOfPeriod`);
///  - the measured tx is in the middle of a period (3.5 days into a 7-day period), not at a boundary;
///  - the completion was submitted on its own task (one slot), so the tx reads that task's slots cold.
///
/// Figures:
///  - project_verifyMint                         `TaskBoard.verify(id)` by the issuer: verify + mint $CITY + $VOTE
///  - project_verifyMint_firstTime               same, for a participant who never earned nor delegated
///                                                (fresh account slot; no delegate, so no delegate checkpoint)
///  - project_verifyMint_firstOfPeriod           same as project_verifyMint, but the first mint of a new period
///                                                (fixes the period cap, opens the period's and the module's
///                                                counters)
///  - project_verifyBatch50_perCompletion        `TaskBoard.verifyBatch(50 ids)` / 50: 50 distinct steady-state
///                                                participants, each on its own task (all tasks of one module)
///  - project_verifyBatch50_perCompletion_firstTime  the same batch for 50 first-time participants
///  - project_verifyBatch50_oneTask_perCompletion    the steady-state batch, 50 completions of one 50-slot task
///  - project_redeem                             `CivicCredit.redeem(offerId, 1, PRICE)` by a participant holding
///                                                credits (keeps a balance), on an offer someone else already
///                                                used this period (the burn anchor's steady state: nonzero
///                                                supply and balance slots)
///  - project_redeem_firstOfPeriod               the same, the offer's first redemption of a new period (its
///                                                per-period usage counter resets; recorded to show it costs the
///                                                same: the offer's slot is never zero)
contract ProjectGasBench is CityFixture, FullTxGas {
    /// @dev Task rate (credits per verified completion) and offer price/capacity. Whole credits, 0 decimals.
    uint256 internal constant RATE = 25;
    uint256 internal constant PRICE = 10;
    /// @dev Capacity x price x coverage (100%) is the period cap: far above what the benchmark issues.
    uint256 internal constant CAPACITY = 100_000;
    uint256 internal constant BATCH = 50;

    uint256 internal offerId;

    function setUp() public override {
        super.setUp();
        _accreditAll(); // 7 committee decisions, one day each: the clock now sits on a period boundary
        offerId = _offer(PRICE, CAPACITY);
        _toMidPeriod();
    }

    // ------------------------------------------------------------------ verify + mint, one completion

    function test_gas_project_verifyMint() public {
        address p = makeAddr("bench.participant");
        _becomeVeteran(p); // earned once this period (fixes the cap) and self-delegated
        uint256 id = _submit(_publish(RATE, 1), p);
        _assertPeriodOpen();

        _measureVerify("project_verifyMint", id, p, true);
    }

    function test_gas_project_verifyMint_firstTime() public {
        _becomeVeteran(makeAddr("bench.earlier")); // the period is open; somebody else fixed its cap
        address p = makeAddr("bench.newcomer");
        uint256 id = _submit(_publish(RATE, 1), p);
        assertEq(credit.mintedOf(p), 0);
        assertEq(votes.delegates(p), address(0));
        _assertPeriodOpen();

        _measureVerify("project_verifyMint_firstTime", id, p, false);
    }

    function test_gas_project_verifyMint_firstOfPeriod() public {
        address p = makeAddr("bench.participant");
        _becomeVeteran(p);
        uint256 id = _submit(_publish(RATE, 1), p);
        // The measured tx (12 s after its setup) is the first mint of the next period.
        (, , uint64 end) = credit.currentPeriodBounds();
        vm.warp(end + PERIOD / 2 - 12);
        uint32 period = credit.currentPeriod();
        (, , bool capFixed) = issuance.periodIssuance(period);
        assertFalse(capFixed);

        _measureVerify("project_verifyMint_firstOfPeriod", id, p, true);
        (, uint256 issued, bool fixedAfter) = issuance.periodIssuance(period);
        assertTrue(fixedAfter);
        assertEq(issued, RATE);
    }

    // ------------------------------------------------------------------ verify + mint, 50 in one transaction

    function test_gas_project_verifyBatch50_perCompletion() public {
        address[] memory ps = _participants("bench.batch.", BATCH);
        for (uint256 i; i < BATCH; ++i) {
            _becomeVeteran(ps[i]);
        }
        uint256[] memory ids = new uint256[](BATCH);
        for (uint256 i; i < BATCH; ++i) {
            ids[i] = _submit(_publish(RATE, 1), ps[i]);
        }
        _assertPeriodOpen();

        _measureBatch("project_verifyBatch50_perCompletion", ids, ps, true);
    }

    function test_gas_project_verifyBatch50_perCompletion_firstTime() public {
        _becomeVeteran(makeAddr("bench.earlier"));
        address[] memory ps = _participants("bench.batch.new.", BATCH);
        uint256[] memory ids = new uint256[](BATCH);
        for (uint256 i; i < BATCH; ++i) {
            ids[i] = _submit(_publish(RATE, 1), ps[i]);
        }
        _assertPeriodOpen();

        _measureBatch("project_verifyBatch50_perCompletion_firstTime", ids, ps, false);
    }

    function test_gas_project_verifyBatch50_oneTask_perCompletion() public {
        address[] memory ps = _participants("bench.batch.", BATCH);
        for (uint256 i; i < BATCH; ++i) {
            _becomeVeteran(ps[i]);
        }
        uint256 taskId = _publish(RATE, uint32(BATCH));
        uint256[] memory ids = new uint256[](BATCH);
        for (uint256 i; i < BATCH; ++i) {
            ids[i] = _submit(taskId, ps[i]);
        }
        _assertPeriodOpen();

        _measureBatch("project_verifyBatch50_oneTask_perCompletion", ids, ps, true);
    }

    // ------------------------------------------------------------------ redeem

    function test_gas_project_redeem() public {
        address other = makeAddr("bench.otherRedeemer");
        address p = makeAddr("bench.participant");
        _earn(other, RATE);
        _earn(p, RATE);
        vm.prank(other);
        credit.redeem(offerId, 1, PRICE); // the offer is already in use this period
        assertEq(credit.remainingCapacity(offerId), CAPACITY - 1);

        _measureRedeem("project_redeem", p);
    }

    function test_gas_project_redeem_firstOfPeriod() public {
        address other = makeAddr("bench.otherRedeemer");
        address p = makeAddr("bench.participant");
        _earn(other, RATE);
        _earn(p, RATE);
        vm.prank(other);
        credit.redeem(offerId, 1, PRICE); // used in the previous period
        (, , uint64 end) = credit.currentPeriodBounds();
        vm.warp(end + PERIOD / 2 - 12);
        assertEq(credit.remainingCapacity(offerId), CAPACITY);

        _measureRedeem("project_redeem_firstOfPeriod", p);
    }

    // ------------------------------------------------------------------ helpers

    /// @dev Moves the clock to the middle of the next period (the fixture leaves it on a period boundary).
    function _toMidPeriod() internal {
        (, , uint64 end) = credit.currentPeriodBounds();
        vm.warp(end + PERIOD / 2);
        vm.roll(block.number + 1);
    }

    /// @dev A returning participant: has earned once (this period) and delegated to itself.
    function _becomeVeteran(address p) internal {
        _earn(p, RATE);
        vm.prank(p);
        votes.delegate(p);
        assertEq(votes.getVotes(p), RATE);
    }

    /// @dev The measured mint is not the period's first: its cap is fixed and issuance already counted.
    function _assertPeriodOpen() internal view {
        (uint256 cap, uint256 issued, bool capFixed) = issuance.periodIssuance(credit.currentPeriod());
        assertTrue(capFixed);
        assertEq(cap, PRICE * CAPACITY);
        assertGt(issued, 0);
        assertGt(issuance.moduleSpent(MODULE, credit.currentPeriod()), 0);
    }

    function _participants(string memory prefix, uint256 n) internal returns (address[] memory ps) {
        ps = new address[](n);
        for (uint256 i; i < n; ++i) {
            ps[i] = makeAddr(string.concat(prefix, vm.toString(i)));
        }
    }

    function _measureVerify(string memory name, uint256 id, address p, bool delegated) internal {
        uint256 balanceBefore = credit.balanceOf(p);
        uint256 votesBefore = votes.getVotes(p);
        uint256 setupTime = block.timestamp;
        _recordTx(name, issuer, address(board), abi.encodeCall(TaskBoard.verify, (id)));
        assertEq(credit.balanceOf(p), balanceBefore + RATE);
        assertEq(votes.balanceOf(p), credit.mintedOf(p));
        assertEq(uint8(board.completion(id).status), uint8(TaskBoard.Status.Verified));
        if (delegated) {
            // Steady state, as the anchor: the mint appended a new checkpoint for the delegate (the one of
            // the setup's time still holds the old value).
            assertEq(votes.getVotes(p), votesBefore + RATE);
            assertEq(votes.getPastVotes(p, setupTime), votesBefore);
        } else {
            assertEq(votes.getVotes(p), 0);
        }
    }

    function _measureBatch(string memory name, uint256[] memory ids, address[] memory ps, bool delegated) internal {
        uint256[] memory before = new uint256[](ps.length);
        for (uint256 i; i < ps.length; ++i) {
            before[i] = credit.balanceOf(ps[i]);
        }
        _recordBatchTx(name, issuer, address(board), abi.encodeCall(TaskBoard.verifyBatch, (ids)), ids.length);
        for (uint256 i; i < ps.length; ++i) {
            assertEq(credit.balanceOf(ps[i]), before[i] + RATE);
            assertEq(votes.getVotes(ps[i]), delegated ? credit.mintedOf(ps[i]) : 0);
        }
    }

    function _measureRedeem(string memory name, address p) internal {
        uint256 balanceBefore = credit.balanceOf(p);
        uint256 remainingBefore = credit.remainingCapacity(offerId);
        _recordTx(name, p, address(credit), abi.encodeCall(credit.redeem, (offerId, 1, PRICE)));
        assertEq(credit.balanceOf(p), balanceBefore - PRICE);
        assertGt(credit.balanceOf(p), 0); // keeps a balance: no slot cleared, no refund, as the burn anchor
        assertEq(credit.remainingCapacity(offerId), remainingBefore - 1);
    }
}
