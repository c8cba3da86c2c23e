// The `dpan mce` commands this package contributes to dpan (dpan-commands.js declares them; dpan runs them).
import type { MceCommandsContext } from './context.js';
import { exportCommand } from './export.js';
import { reportCommand } from './report.js';
import { zonesCommand } from './zones.js';

export type { DpanRuntime, MceCommandsContext, OpenedCity } from './context.js';
export { MceNotInstalledError, MceUsageError } from './errors.js';

/** The command definitions of `dpan mce zones`, `report` and `export`, for the module package `context` names. */
export function mceCommands(context: MceCommandsContext) {
  return { zones: zonesCommand(context), report: reportCommand(context), exportRecord: exportCommand(context) };
}
