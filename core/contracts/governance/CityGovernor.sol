// SPDX-License-Identifier: MIT
pragma solidity 0.8.29;

import {IVotes} from "@openzeppelin/contracts/governance/utils/IVotes.sol";
import {GovernorUpgradeable} from "@openzeppelin/contracts-upgradeable/governance/GovernorUpgradeable.sol";
import {GovernorSettingsUpgradeable} from
    "@openzeppelin/contracts-upgradeable/governance/extensions/GovernorSettingsUpgradeable.sol";
import {GovernorCountingSimpleUpgradeable} from
    "@openzeppelin/contracts-upgradeable/governance/extensions/GovernorCountingSimpleUpgradeable.sol";
import {GovernorVotesUpgradeable} from
    "@openzeppelin/contracts-upgradeable/governance/extensions/GovernorVotesUpgradeable.sol";
import {GovernorVotesQuorumFractionUpgradeable} from
    "@openzeppelin/contracts-upgradeable/governance/extensions/GovernorVotesQuorumFractionUpgradeable.sol";
import {CityManaged} from "../access/CityManaged.sol";

/// @title CityGovernor
/// @notice Resident governance over $VOTE (timestamp clock). Residents propose and vote on what the city exposes
/// to them: the AccessManager grants this contract only the roles the city chose (by default, moving the coverage
/// ratio inside the issuance committee's bounds), so a passed proposal can do nothing else.
contract CityGovernor is
    CityManaged,
    GovernorUpgradeable,
    GovernorSettingsUpgradeable,
    GovernorCountingSimpleUpgradeable,
    GovernorVotesUpgradeable,
    GovernorVotesQuorumFractionUpgradeable
{
    /// @notice Initializes the Governor.
    /// @param authority the city's AccessManager
    /// @param votes the city's $VOTE token
    /// @param name_ e.g. "Berkeley Residents"
    /// @param votingDelay seconds between proposal and the start of voting
    /// @param votingPeriod seconds voting stays open
    /// @param proposalThreshold_ votes needed to propose
    /// @param quorumPercent percent of all $VOTE that must take part
    function initialize(
        address authority,
        address votes,
        string calldata name_,
        uint48 votingDelay,
        uint32 votingPeriod,
        uint256 proposalThreshold_,
        uint256 quorumPercent
    ) external initializer {
        __CityManaged_init(authority);
        __Governor_init(name_);
        __GovernorSettings_init(votingDelay, votingPeriod, proposalThreshold_);
        __GovernorCountingSimple_init();
        __GovernorVotes_init(IVotes(votes));
        __GovernorVotesQuorumFraction_init(quorumPercent);
    }

    /// @inheritdoc GovernorUpgradeable
    function proposalThreshold()
        public
        view
        override(GovernorUpgradeable, GovernorSettingsUpgradeable)
        returns (uint256)
    {
        return super.proposalThreshold();
    }

    /// @inheritdoc GovernorUpgradeable
    function quorum(uint256 timepoint)
        public
        view
        override(GovernorUpgradeable, GovernorVotesQuorumFractionUpgradeable)
        returns (uint256)
    {
        return super.quorum(timepoint);
    }
}
