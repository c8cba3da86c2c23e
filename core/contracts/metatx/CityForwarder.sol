// SPDX-License-Identifier: MIT
pragma solidity 0.8.29;

import {ERC2771Forwarder} from "@openzeppelin/contracts/metatx/ERC2771Forwarder.sol";
import {IAccreditation} from "../interfaces/IAccreditation.sol";
import {OrgRoles} from "../libraries/Roles.sol";

/// @title CityForwarder
/// @notice The city's ERC-2771 forwarder: participants sign EIP-712 requests (claim, complete, redeem, ...) and an
/// accredited issuer, redeemer or city relayer submits them, so participants never need gas. OpenZeppelin's
/// forwarder rejects expired requests (deadline) and replays (per-signer nonces); this one also refuses relayers
/// the city has not accredited.
contract CityForwarder is ERC2771Forwarder {
    address private immutable _deployer;
    IAccreditation private _accreditation;

    /// @notice The accreditation registry that decides who may relay was set (once).
    event AccreditationSet(address accreditation);

    error CityForwarderUnauthorizedRelayer(address relayer);
    error CityForwarderAlreadyInitialized();

    /// @param name EIP-712 domain name, e.g. "BRKY Forwarder"
    constructor(string memory name) ERC2771Forwarder(name) {
        _deployer = msg.sender;
    }

    /// @notice Sets the accreditation registry. Once, by the deployer (the city factory).
    /// @dev Emits {AccreditationSet}.
    function initialize(address accreditation_) external {
        if (msg.sender != _deployer || address(_accreditation) != address(0)) revert CityForwarderAlreadyInitialized();
        _accreditation = IAccreditation(accreditation_);
        emit AccreditationSet(accreditation_);
    }

    /// @notice The registry that decides who may relay.
    function accreditation() external view returns (address) {
        return address(_accreditation);
    }

    /// @notice Executes one signed request. Caller must be an accredited issuer, redeemer or relayer.
    function execute(ForwardRequestData calldata request) public payable override {
        _checkRelayer();
        super.execute(request);
    }

    /// @notice Executes signed requests in a batch. Caller must be an accredited issuer, redeemer or relayer.
    function executeBatch(ForwardRequestData[] calldata requests, address payable refundReceiver)
        public
        payable
        override
    {
        _checkRelayer();
        super.executeBatch(requests, refundReceiver);
    }

    function _checkRelayer() private view {
        if (!_accreditation.hasAnyRole(msg.sender, OrgRoles.ISSUER | OrgRoles.REDEEMER | OrgRoles.RELAYER)) {
            revert CityForwarderUnauthorizedRelayer(msg.sender);
        }
    }
}
