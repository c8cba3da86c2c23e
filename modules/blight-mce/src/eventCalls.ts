import type { CityContracts, CommitteeCall } from '@citysync/sdk';
import { AccessManagerAbi } from '@citysync/contracts';
import { ManagerRoles } from '@citysync/sdk';
import { type Address, encodeFunctionData, toFunctionSelector } from 'viem';

import { blightMceAbi } from './abi.js';

/**
 * The committee call that schedules the event: a window of the installed duration from `start` (Unix seconds),
 * inside one issuance period, run by `coordinator`. Propose it to the committee the city mapped scheduleEvent to
 * (out of the box the AccessManager's admin, the upgrades committee; see {@link delegateSchedulingCall}).
 */
export function scheduleEventCall(parameters: { module: Address; start: bigint; coordinator: Address }): CommitteeCall {
  const { module, start, coordinator } = parameters;
  return {
    target: module,
    data: encodeFunctionData({ abi: blightMceAbi, functionName: 'scheduleEvent', args: [start, coordinator] }),
    description: `blight & safety MCE: 48-hour event from ${new Date(Number(start) * 1000).toISOString()}, coordinator ${coordinator}`,
  };
}

/**
 * The upgrades committee's one-time call that lets another committee (default: modules) schedule the event:
 * AccessManager.setTargetFunctionRole(module, [scheduleEvent], role). Until then only the AccessManager's admin may.
 */
export function delegateSchedulingCall(parameters: { city: Pick<CityContracts, 'manager'>; module: Address; role?: bigint | undefined }): CommitteeCall {
  const role = parameters.role ?? ManagerRoles.MODULES_COMMITTEE;
  const selector = toFunctionSelector('scheduleEvent(uint64,address)');
  return {
    target: parameters.city.manager,
    data: encodeFunctionData({ abi: AccessManagerAbi, functionName: 'setTargetFunctionRole', args: [parameters.module, [selector], role] }),
    description: `blight & safety MCE ${parameters.module}: scheduleEvent by role ${role}`,
  };
}
