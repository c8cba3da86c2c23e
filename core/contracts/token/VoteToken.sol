// SPDX-License-Identifier: MIT
pragma solidity 0.8.29;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {EIP712Upgradeable} from "@openzeppelin/contracts-upgradeable/utils/cryptography/EIP712Upgradeable.sol";
import {VotesUpgradeable} from "@openzeppelin/contracts-upgradeable/governance/utils/VotesUpgradeable.sol";
import {CityManaged} from "../access/CityManaged.sol";
import {ICivicCredit} from "../interfaces/ICivicCredit.sol";
import {IVoteSink} from "../interfaces/IVoteSink.sol";

/// @title VoteToken
/// @notice $VOTE: one vote for every credit ever minted to an account. Minted 1:1 with each credit mint, never
/// burned on redemption, non-transferable, delegatable (`delegate`, `delegateBySig`) and checkpointed on a
/// timestamp clock for the city's Governor. An account's balance is read from the ledger's lifetime-minted
/// counter, so the two can never disagree and a mint writes one balance slot, not two.
contract VoteToken is CityManaged, EIP712Upgradeable, VotesUpgradeable, IERC20Metadata, IVoteSink {
    /// @custom:storage-location erc7201:citysync.storage.VoteToken
    struct VoteTokenStorage {
        ICivicCredit ledger;
        string name;
        string symbol;
    }

    // keccak256(abi.encode(uint256(keccak256("citysync.storage.VoteToken")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant STORAGE_LOCATION = 0xb8f66f395d42cc702cd404e28fdad5bb084d09baed2c95d74632c4105a27be00;

    error VoteTokenNonTransferable();
    error VoteTokenUnauthorizedLedger(address caller);

    /// @notice Initializes the token over the city's credit ledger.
    /// @param authority the city's AccessManager
    /// @param ledger_ the CivicCredit ledger whose mints this token mirrors
    /// @param name_ e.g. "Berkeley Civic Vote"
    /// @param symbol_ e.g. "vBRKY"
    function initialize(address authority, address ledger_, string calldata name_, string calldata symbol_)
        external
        initializer
    {
        __CityManaged_init(authority);
        __EIP712_init(name_, "1");
        __Votes_init();
        VoteTokenStorage storage $ = _getStorage();
        $.ledger = ICivicCredit(ledger_);
        $.name = name_;
        $.symbol = symbol_;
    }

    // ---------------------------------------------------------------- the mint mirror

    /// @inheritdoc IVoteSink
    /// @dev Emits a mint Transfer and, when `to` has a delegate, DelegateVotesChanged.
    function onMint(address to, uint256 amount) external {
        _onlyLedger();
        _transferVotingUnits(address(0), to, amount);
        emit Transfer(address(0), to, amount);
    }

    /// @inheritdoc IVoteSink
    function onMintBatch(address[] calldata to, uint256[] calldata amounts) external {
        _onlyLedger();
        for (uint256 i; i < to.length; ++i) {
            _transferVotingUnits(address(0), to[i], amounts[i]);
            emit Transfer(address(0), to[i], amounts[i]);
        }
    }

    // ---------------------------------------------------------------- ERC-20 reads

    /// @inheritdoc IERC20Metadata
    function name() external view returns (string memory) {
        return _getStorage().name;
    }

    /// @inheritdoc IERC20Metadata
    function symbol() external view returns (string memory) {
        return _getStorage().symbol;
    }

    /// @notice Whole units, like the credits they mirror.
    function decimals() external pure returns (uint8) {
        return 0;
    }

    /// @inheritdoc IERC20
    function totalSupply() external view returns (uint256) {
        return _getTotalSupply();
    }

    /// @inheritdoc IERC20
    function balanceOf(address account) external view returns (uint256) {
        return _getVotingUnits(account);
    }

    /// @notice Always 0: votes cannot be approved.
    function allowance(address, address) external pure returns (uint256) {
        return 0;
    }

    /// @notice Always reverts: votes are non-transferable (delegate them instead).
    function transfer(address, uint256) external pure returns (bool) {
        revert VoteTokenNonTransferable();
    }

    /// @notice Always reverts: votes are non-transferable (delegate them instead).
    function transferFrom(address, address, uint256) external pure returns (bool) {
        revert VoteTokenNonTransferable();
    }

    /// @notice Always reverts: votes cannot be approved.
    function approve(address, uint256) external pure returns (bool) {
        revert VoteTokenNonTransferable();
    }

    // ---------------------------------------------------------------- clock

    /// @notice Votes are checkpointed by timestamp (ERC-6372).
    function clock() public view override returns (uint48) {
        return uint48(block.timestamp);
    }

    /// @notice ERC-6372 clock description.
    // solhint-disable-next-line func-name-mixedcase
    function CLOCK_MODE() public pure override returns (string memory) {
        return "mode=timestamp";
    }

    /// @notice The credit ledger this token mirrors.
    function ledger() external view returns (address) {
        return address(_getStorage().ledger);
    }

    /// @notice The delegate of `account`. The zero address (the `from` of every mint) never has one: answered without
    /// reading storage, which saves a cold SLOAD on every mint.
    function delegates(address account) public view override returns (address) {
        return account == address(0) ? address(0) : super.delegates(account);
    }

    // ---------------------------------------------------------------- internals

    function _getVotingUnits(address account) internal view override returns (uint256) {
        return _getStorage().ledger.mintedOf(account);
    }

    function _onlyLedger() private view {
        if (msg.sender != address(_getStorage().ledger)) revert VoteTokenUnauthorizedLedger(msg.sender);
    }

    function _getStorage() private pure returns (VoteTokenStorage storage $) {
        assembly {
            $.slot := STORAGE_LOCATION
        }
    }
}
