// SPDX-License-Identifier: MIT
pragma solidity 0.8.29;

import {CityFixture} from "../../utils/CityFixture.sol";
import {IERC5267} from "@openzeppelin/contracts/interfaces/IERC5267.sol";
import {Committee} from "../../../governance/Committee.sol";

/// @dev Shared helpers for the economy unit tests. Scheduling a committee decision without executing it lets a test
/// arm `vm.expectEmit` / `vm.expectRevert` for the one call that actually reaches the target.
abstract contract EconomyBase is CityFixture {
    address internal alice = makeAddr("alice");
    address internal bob = makeAddr("bob");
    address internal carol = makeAddr("carol");

    /// @dev Propose, approve to the threshold and wait out the delay; the caller executes.
    function _schedule(uint256 index, address target, bytes memory data) internal returns (uint256 id) {
        Committee c = committees[index];
        vm.prank(members[index][0]);
        id = c.propose(target, data, keccak256(data));
        vm.prank(members[index][1]);
        c.approve(id);
        vm.warp(block.timestamp + COMMITTEE_DELAY);
    }

    /// @dev Mints as the issuance controller (the ledger's only minter), bypassing cap and budget.
    function _mintCredits(address to, uint256 amount) internal {
        vm.prank(address(issuance));
        credit.mint(to, amount);
    }

    function _offerWindow(uint256 price, uint256 capacity, uint64 start, uint64 end) internal returns (uint256 id) {
        vm.prank(redeemer);
        id = credit.createOffer(price, capacity, start, end, keccak256("windowed"));
    }

    /// @dev Rebuilds the EIP-712 domain separator from what the contract publishes (ERC-5267), so a wrong name,
    /// version or chain in the contract would break the signatures the tests make.
    function _domainSeparator(address target) internal view returns (bytes32) {
        (, string memory name, string memory version, uint256 chainId, address verifyingContract,,) =
            IERC5267(target).eip712Domain();
        return keccak256(
            abi.encode(
                keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"),
                keccak256(bytes(name)),
                keccak256(bytes(version)),
                chainId,
                verifyingContract
            )
        );
    }

    /// @dev Moves to the first second of the next period (capacity opened before it now backs the cap).
    function _startNextPeriod() internal {
        (,, uint64 end) = credit.currentPeriodBounds();
        vm.warp(end);
    }

    function _now() internal view returns (uint64) {
        return uint64(block.timestamp);
    }
}
