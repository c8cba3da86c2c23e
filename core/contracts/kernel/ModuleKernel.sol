// SPDX-License-Identifier: MIT
pragma solidity 0.8.29;

import {IAccessManager} from "@openzeppelin/contracts/access/manager/IAccessManager.sol";
import {CityManaged} from "../access/CityManaged.sol";
import {IModuleSetup} from "./IModuleSetup.sol";
import {Roles} from "../libraries/Roles.sol";

/// @title ModuleKernel
/// @notice Installs dPAN module versions into a city in three steps, like Aragon OSx's plugin setup processor:
/// `prepare` (anyone: the version's setup deploys its contracts and lists the roles it requests), `approve` (the
/// modules committee, with its delay), `applyPreparation` (anyone, once approved: grants exactly the listed roles and records
/// name, version and content hash). Update and uninstall are the same three steps. The kernel is admin of only the
/// roles a module may request, never of a committee's. An application that fails reverts whole: nothing is granted.
/// A preparation is bound to the module's installed state when it was prepared (its installation revision, which
/// every apply of that module advances), so applying one preparation voids every competing one; it expires after
/// {preparationLifetime}, and the modules committee can revoke it before it is applied.
contract ModuleKernel is CityManaged {
    enum Operation {
        Install,
        Update,
        Uninstall
    }

    enum PreparationState {
        None,
        Prepared,
        Approved,
        Applied,
        Revoked
    }

    struct Preparation {
        Operation operation;
        PreparationState state;
        bytes32 moduleId;
        address module;
        address setup;
        bytes32 contentHash;
        string name;
        string version;
        IModuleSetup.Permission[] permissions;
        // The installed state it was prepared against: apply requires the same installation revision.
        uint64 installedRevision;
        bytes32 installedContentHash; // zero when nothing was installed
        uint40 expiresAt; // neither approve nor apply from this second on
        // What the committee compares with the registry's record before approving.
        bytes32 setupCodeHash; // extcodehash of `setup` at prepare
        bytes32 setupInitCodeHash; // keccak256 of the creation code the kernel deployed `setup` from; zero otherwise
    }

    struct Installation {
        bool installed;
        address module;
        address setup;
        bytes32 contentHash;
        string name;
        string version;
        IModuleSetup.Permission[] permissions;
        uint64 revision; // applies of this module so far: install, update and uninstall each add one
    }

    /// @custom:storage-location erc7201:citysync.storage.ModuleKernel
    struct ModuleKernelStorage {
        uint256 preparationCount;
        mapping(uint256 => Preparation) preparations;
        mapping(bytes32 moduleId => Installation) installations;
        bytes32[] moduleIds;
        uint40 preparationLifetime; // zero: DEFAULT_PREPARATION_LIFETIME
    }

    // keccak256(abi.encode(uint256(keccak256("citysync.storage.ModuleKernel")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant STORAGE_LOCATION = 0x866ebbaadbc392839994a35e3d51c123417575593970a934ad5940c34a1b5600;

    /// @notice Most roles one module version may request.
    uint256 public constant MAX_PERMISSIONS = 16;
    /// @notice How long a preparation can be approved and applied when the modules committee set no lifetime.
    uint40 public constant DEFAULT_PREPARATION_LIFETIME = 30 days;
    /// @notice Bounds of {setPreparationLifetime}: at least a day (above a committee's delay), at most a year.
    uint40 public constant MIN_PREPARATION_LIFETIME = 1 days;
    uint40 public constant MAX_PREPARATION_LIFETIME = 365 days;

    /// @notice A version of `name` was prepared: its contracts are deployed and it requests `permissions`.
    event ModulePrepared(
        uint256 indexed preparationId,
        bytes32 indexed moduleId,
        Operation operation,
        string name,
        string version,
        bytes32 contentHash,
        address module,
        IModuleSetup.Permission[] permissions
    );
    /// @notice The modules committee approved preparation `preparationId`.
    event PreparationApproved(uint256 indexed preparationId);
    /// @notice `name` `version` is now installed (or updated) with `module`; its permissions are granted.
    event ModuleInstalled(bytes32 indexed moduleId, string name, string version, bytes32 contentHash, address module);
    /// @notice `name` was uninstalled; its permissions are revoked.
    event ModuleUninstalled(bytes32 indexed moduleId, string name, string version);
    /// @notice The modules committee revoked preparation `preparationId`: it can no longer be approved or applied.
    event PreparationRevoked(uint256 indexed preparationId);
    /// @notice The kernel deployed `setup` from creation code hashing to `initCodeHash` (a module version's published setup).
    event ModuleSetupDeployed(address indexed setup, bytes32 initCodeHash);
    /// @notice Preparations made from now on expire `lifetime` seconds after they were prepared.
    event PreparationLifetimeSet(uint40 lifetime);

    error ModuleKernelUnknownPreparation(uint256 preparationId);
    error ModuleKernelWrongState(uint256 preparationId, PreparationState state);
    error ModuleKernelContentHashMismatch(uint256 preparationId, bytes32 expected, bytes32 prepared);
    error ModuleKernelRoleNotGrantable(uint64 role);
    error ModuleKernelTooManyPermissions(uint256 count, uint256 max);
    error ModuleKernelAlreadyInstalled(bytes32 moduleId);
    error ModuleKernelNotInstalled(bytes32 moduleId);
    error ModuleKernelZeroModule();
    error ModuleKernelEmptyName();
    /// @notice The module's installation changed since the preparation was made (another preparation was applied).
    error ModuleKernelStalePreparation(uint256 preparationId, uint64 preparedRevision, uint64 currentRevision);
    /// @notice The preparation expired at `expiresAt`: prepare again.
    error ModuleKernelPreparationExpired(uint256 preparationId, uint40 expiresAt);
    /// @notice The setup's creation code deployed no contract (it reverted, or is empty).
    error ModuleKernelSetupDeploymentFailed(bytes32 initCodeHash);
    /// @notice A lifetime outside [MIN_PREPARATION_LIFETIME, MAX_PREPARATION_LIFETIME].
    error ModuleKernelLifetimeOutOfBounds(uint40 lifetime, uint40 min, uint40 max);

    /// @notice Initializes the kernel.
    function initialize(address authority) external initializer {
        __CityManaged_init(authority);
    }

    // ---------------------------------------------------------------- prepare

    /// @notice Prepares installing `name` `version` (content hash of its package) through `setup`, deployed by anyone.
    /// The preparation records the setup's code hash but no creation code hash: installers that check a version's
    /// setup against the registry use {prepareInstallFromCode}.
    /// @dev Anyone may prepare: nothing is granted until the modules committee approves. Emits {ModulePrepared}.
    function prepareInstall(
        address setup,
        string calldata name,
        string calldata version,
        bytes32 contentHash,
        bytes calldata initData
    ) external returns (uint256 preparationId) {
        bytes32 id = _moduleId(name);
        if (_getStorage().installations[id].installed) revert ModuleKernelAlreadyInstalled(id);
        return _prepareDeployment(Operation.Install, id, setup, name, version, contentHash, initData);
    }

    /// @notice Prepares replacing the installed version of `name` with `version` deployed by `setup`.
    /// @dev On apply the old version's roles are revoked and the new version's granted. Emits {ModulePrepared}.
    function prepareUpdate(
        address setup,
        string calldata name,
        string calldata version,
        bytes32 contentHash,
        bytes calldata initData
    ) external returns (uint256 preparationId) {
        bytes32 id = _moduleId(name);
        if (!_getStorage().installations[id].installed) revert ModuleKernelNotInstalled(id);
        return _prepareDeployment(Operation.Update, id, setup, name, version, contentHash, initData);
    }

    /// @notice Prepares installing `name` `version` through a setup the kernel deploys from `setupCode` (the setup
    /// artifact's creation code, as published). The preparation records `keccak256(setupCode)`, which the modules
    /// committee compares with the registry's record of the version before approving: a setup's creation code fixes
    /// the code of the setup and of the implementation its constructor deploys, which a deployed setup's own code
    /// hash cannot (its immutables hold deployment addresses).
    /// @dev Anyone may prepare. Emits {ModuleSetupDeployed} and {ModulePrepared}.
    function prepareInstallFromCode(
        bytes calldata setupCode,
        string calldata name,
        string calldata version,
        bytes32 contentHash,
        bytes calldata initData
    ) external returns (uint256 preparationId) {
        bytes32 id = _moduleId(name);
        if (_getStorage().installations[id].installed) revert ModuleKernelAlreadyInstalled(id);
        (address setup, bytes32 initCodeHash) = _deploySetup(setupCode);
        preparationId = _prepareDeployment(Operation.Install, id, setup, name, version, contentHash, initData);
        _getStorage().preparations[preparationId].setupInitCodeHash = initCodeHash;
    }

    /// @notice Prepares replacing the installed version of `name` with `version` through a setup the kernel deploys
    /// from `setupCode`, recording `keccak256(setupCode)` as {prepareInstallFromCode} does.
    /// @dev Emits {ModuleSetupDeployed} and {ModulePrepared}.
    function prepareUpdateFromCode(
        bytes calldata setupCode,
        string calldata name,
        string calldata version,
        bytes32 contentHash,
        bytes calldata initData
    ) external returns (uint256 preparationId) {
        bytes32 id = _moduleId(name);
        if (!_getStorage().installations[id].installed) revert ModuleKernelNotInstalled(id);
        (address setup, bytes32 initCodeHash) = _deploySetup(setupCode);
        preparationId = _prepareDeployment(Operation.Update, id, setup, name, version, contentHash, initData);
        _getStorage().preparations[preparationId].setupInitCodeHash = initCodeHash;
    }

    /// @notice Prepares uninstalling `name`: every role it holds will be revoked. Emits {ModulePrepared}.
    function prepareUninstall(string calldata name) external returns (uint256 preparationId) {
        ModuleKernelStorage storage $ = _getStorage();
        bytes32 id = _moduleId(name);
        Installation storage inst = $.installations[id];
        if (!inst.installed) revert ModuleKernelNotInstalled(id);
        preparationId = ++$.preparationCount;
        Preparation storage p = $.preparations[preparationId];
        p.operation = Operation.Uninstall;
        p.state = PreparationState.Prepared;
        p.moduleId = id;
        p.module = inst.module;
        p.setup = inst.setup;
        p.setupCodeHash = inst.setup.codehash;
        p.contentHash = inst.contentHash;
        p.name = inst.name;
        p.version = inst.version;
        for (uint256 i; i < inst.permissions.length; ++i) {
            p.permissions.push(inst.permissions[i]);
        }
        _bindToInstalledState($, p);
        _emitPrepared(preparationId, p);
    }

    // ---------------------------------------------------------------- approve and apply

    /// @notice Approves a preparation. Restricted to the modules committee.
    /// Requirements: prepared, not expired, and the module's installation unchanged since it was prepared.
    /// @dev Emits {PreparationApproved}.
    function approve(uint256 preparationId) external restricted {
        Preparation storage p = _preparation(preparationId);
        if (p.state != PreparationState.Prepared) revert ModuleKernelWrongState(preparationId, p.state);
        _checkCurrent(preparationId, p);
        p.state = PreparationState.Approved;
        emit PreparationApproved(preparationId);
    }

    /// @notice Revokes a preparation not yet applied (prepared or approved), e.g. an approval the committee regrets.
    /// Restricted to the modules committee.
    /// @dev Emits {PreparationRevoked}.
    function revoke(uint256 preparationId) external restricted {
        Preparation storage p = _preparation(preparationId);
        if (p.state != PreparationState.Prepared && p.state != PreparationState.Approved) {
            revert ModuleKernelWrongState(preparationId, p.state);
        }
        p.state = PreparationState.Revoked;
        emit PreparationRevoked(preparationId);
    }

    /// @notice Sets how long preparations made from now on can be approved and applied, in seconds
    /// ([MIN_PREPARATION_LIFETIME, MAX_PREPARATION_LIFETIME]; keep it above the modules committee's delay).
    /// Restricted to the modules committee.
    /// @dev Emits {PreparationLifetimeSet}.
    function setPreparationLifetime(uint40 lifetime) external restricted {
        if (lifetime < MIN_PREPARATION_LIFETIME || lifetime > MAX_PREPARATION_LIFETIME) {
            revert ModuleKernelLifetimeOutOfBounds(lifetime, MIN_PREPARATION_LIFETIME, MAX_PREPARATION_LIFETIME);
        }
        _getStorage().preparationLifetime = lifetime;
        emit PreparationLifetimeSet(lifetime);
    }

    /// @notice Applies an approved preparation: grants (or revokes) exactly its roles and records the version.
    /// `contentHash` must equal the hash prepared, so what is applied is what was reviewed. Requirements: approved,
    /// not expired, and the module's installation unchanged since it was prepared; applying advances the module's
    /// installation revision, which voids every other preparation of the same module.
    /// @dev Anyone may apply once approved. Emits {ModuleInstalled} or {ModuleUninstalled}.
    function applyPreparation(uint256 preparationId, bytes32 contentHash) external {
        ModuleKernelStorage storage $ = _getStorage();
        Preparation storage p = _preparation(preparationId);
        if (p.state != PreparationState.Approved) revert ModuleKernelWrongState(preparationId, p.state);
        if (p.contentHash != contentHash) {
            revert ModuleKernelContentHashMismatch(preparationId, contentHash, p.contentHash);
        }
        _checkCurrent(preparationId, p);
        p.state = PreparationState.Applied;
        Installation storage inst = $.installations[p.moduleId];
        inst.revision += 1;
        IAccessManager manager = IAccessManager(authority());
        if (p.operation != Operation.Install) {
            for (uint256 i; i < inst.permissions.length; ++i) {
                manager.revokeRole(inst.permissions[i].role, inst.permissions[i].grantee);
            }
            delete inst.permissions;
        }
        if (p.operation == Operation.Uninstall) {
            inst.installed = false;
            emit ModuleUninstalled(p.moduleId, p.name, p.version);
            return;
        }
        if (p.operation == Operation.Install && inst.module == address(0)) $.moduleIds.push(p.moduleId);
        inst.installed = true;
        inst.module = p.module;
        inst.setup = p.setup;
        inst.contentHash = p.contentHash;
        inst.name = p.name;
        inst.version = p.version;
        for (uint256 i; i < p.permissions.length; ++i) {
            IModuleSetup.Permission memory perm = p.permissions[i];
            inst.permissions.push(perm);
            manager.grantRole(perm.role, perm.grantee, 0);
        }
        emit ModuleInstalled(p.moduleId, p.name, p.version, p.contentHash, p.module);
    }

    // ---------------------------------------------------------------- views

    /// @notice Preparation `preparationId`.
    function preparation(uint256 preparationId) external view returns (Preparation memory) {
        return _preparation(preparationId);
    }

    /// @notice The installation of the module named `name` (installed = false if none).
    function installation(string calldata name) external view returns (Installation memory) {
        return _getStorage().installations[_moduleId(name)];
    }

    /// @notice The installation record of `moduleId`.
    function installationById(bytes32 moduleId) external view returns (Installation memory) {
        return _getStorage().installations[moduleId];
    }

    /// @notice How long preparations made now can be approved and applied, in seconds.
    function preparationLifetime() public view returns (uint40) {
        uint40 lifetime = _getStorage().preparationLifetime;
        return lifetime == 0 ? DEFAULT_PREPARATION_LIFETIME : lifetime;
    }

    /// @notice Every module id ever installed (check `installed` for the current state).
    function moduleIds() external view returns (bytes32[] memory) {
        return _getStorage().moduleIds;
    }

    /// @notice Whether the kernel may grant `role` to a module: the kernel must be that role's admin.
    function isGrantable(uint64 role) public view returns (bool) {
        return role != Roles.ADMIN && role != Roles.PUBLIC
            && IAccessManager(authority()).getRoleAdmin(role) == Roles.KERNEL;
    }

    // ---------------------------------------------------------------- internals

    function _prepareDeployment(
        Operation operation,
        bytes32 id,
        address setup,
        string calldata name,
        string calldata version,
        bytes32 contentHash,
        bytes calldata initData
    ) private returns (uint256 preparationId) {
        (address module, IModuleSetup.Permission[] memory permissions) =
            IModuleSetup(setup).prepareInstallation(address(this), id, initData);
        if (module == address(0)) revert ModuleKernelZeroModule();
        if (permissions.length > MAX_PERMISSIONS) {
            revert ModuleKernelTooManyPermissions(permissions.length, MAX_PERMISSIONS);
        }
        ModuleKernelStorage storage $ = _getStorage();
        preparationId = ++$.preparationCount;
        Preparation storage p = $.preparations[preparationId];
        p.operation = operation;
        p.state = PreparationState.Prepared;
        p.moduleId = id;
        p.module = module;
        p.setup = setup;
        p.setupCodeHash = setup.codehash;
        p.contentHash = contentHash;
        p.name = name;
        p.version = version;
        for (uint256 i; i < permissions.length; ++i) {
            if (!isGrantable(permissions[i].role)) revert ModuleKernelRoleNotGrantable(permissions[i].role);
            p.permissions.push(permissions[i]);
        }
        _bindToInstalledState($, p);
        _emitPrepared(preparationId, p);
    }

    /// @dev Records the installed state the preparation is made against and when it expires.
    function _bindToInstalledState(ModuleKernelStorage storage $, Preparation storage p) private {
        Installation storage inst = $.installations[p.moduleId];
        p.installedRevision = inst.revision;
        p.installedContentHash = inst.installed ? inst.contentHash : bytes32(0);
        p.expiresAt = uint40(block.timestamp) + preparationLifetime();
    }

    /// @dev A preparation may be approved or applied only before it expires and while the module's installation is
    /// the one it was prepared against: an install's "nothing installed" or an update's version.
    function _checkCurrent(uint256 preparationId, Preparation storage p) private view {
        if (block.timestamp >= p.expiresAt) revert ModuleKernelPreparationExpired(preparationId, p.expiresAt);
        uint64 current = _getStorage().installations[p.moduleId].revision;
        if (current != p.installedRevision) {
            revert ModuleKernelStalePreparation(preparationId, p.installedRevision, current);
        }
    }

    function _deploySetup(bytes calldata setupCode) private returns (address setup, bytes32 initCodeHash) {
        bytes memory code = setupCode;
        initCodeHash = keccak256(code);
        assembly ("memory-safe") {
            setup := create(0, add(code, 0x20), mload(code))
        }
        if (setup == address(0)) revert ModuleKernelSetupDeploymentFailed(initCodeHash);
        emit ModuleSetupDeployed(setup, initCodeHash);
    }

    function _emitPrepared(uint256 preparationId, Preparation storage p) private {
        emit ModulePrepared(
            preparationId, p.moduleId, p.operation, p.name, p.version, p.contentHash, p.module, p.permissions
        );
    }

    function _preparation(uint256 preparationId) private view returns (Preparation storage p) {
        p = _getStorage().preparations[preparationId];
        if (p.state == PreparationState.None) revert ModuleKernelUnknownPreparation(preparationId);
    }

    function _moduleId(string calldata name) private pure returns (bytes32) {
        if (bytes(name).length == 0) revert ModuleKernelEmptyName();
        return keccak256(bytes(name));
    }

    function _getStorage() private pure returns (ModuleKernelStorage storage $) {
        assembly {
            $.slot := STORAGE_LOCATION
        }
    }
}
