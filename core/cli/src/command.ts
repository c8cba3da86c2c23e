import { BaseError as ViemBaseError } from 'viem';

import { ContractRevertError, toJson } from '@citysync/sdk';
import { CliUsageError, isKeystoreError } from './errors.js';
import { nextStepFor } from './hints.js';

/** Options every command accepts (commander gives `json: true` when `--json` is passed). */
export type OutputOptions = { json?: boolean | undefined };

/** Exit codes of every `dpan` command. */
export const ExitCode = { ok: 0, failed: 1, usage: 2 } as const;

export type CommandDefinition<Data> = {
  /** Human-readable output of a success. */
  render: (data: Data) => string;
  /** A result that is itself a failure (e.g. validation issues): printed like a success, exit code 1. */
  failed?: ((data: Data) => boolean) | undefined;
  /** Error classes that are usage errors (exit code 2) besides CliUsageError: a plugin's own, say. */
  usageErrors?: readonly ErrorClass[] | undefined;
};

/** An error class, whatever its constructor takes. */
type ErrorClass = abstract new (...args: never[]) => Error;

/**
 * Wraps a command's implementation, which returns data and never prints: prints the data (JSON with `--json`,
 * else `render`), turns errors into a message and a next step on stderr, and resolves to the exit code.
 */
export function defineCommand<Args extends unknown[], Options extends OutputOptions, Data>(
  run: (...args: [...Args, Options]) => Promise<Data>,
  definition: CommandDefinition<Data>,
): (...args: [...Args, Options]) => Promise<number> {
  return async (...args) => {
    const options = args[args.length - 1] as Options;
    let data: Data;
    try {
      // A keystore is opened (its password asked) before the command reads or sends anything; the signer code is
      // loaded only by a command given one.
      if ('keystore' in options || 'passwordFile' in options) await (await import('./signer.js')).prepareSigner(options);
      data = await run(...args);
    } catch (error) {
      return reportError(error, options.json === true, definition.usageErrors ?? []);
    }
    const text = options.json === true ? toJson(data) : definition.render(data);
    if (text !== '') process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
    return definition.failed?.(data) === true ? ExitCode.failed : ExitCode.ok;
  };
}

type Report = { exitCode: number; message: string; details: string; next: string | undefined; json: Record<string, unknown> };

/** The decoded revert behind an error (a failed deploy step, for instance, wraps one). */
function findRevert(error: unknown): ContractRevertError | undefined {
  for (let current = error, depth = 0; current !== undefined && depth < 8; depth++) {
    if (current instanceof ContractRevertError) return current;
    current = current instanceof Error ? current.cause : undefined;
  }
  return undefined;
}

/** CitySync errors (of this package or of @citysync/schemas) and viem's errors: a one-line message plus details. */
type DescribedError = Error & { shortMessage: string; details?: unknown; issues?: unknown };

function isDescribed(error: unknown): error is DescribedError {
  return error instanceof Error && typeof (error as { shortMessage?: unknown }).shortMessage === 'string';
}

function describe(error: unknown, usageErrors: readonly ErrorClass[]): Report {
  if (!isDescribed(error)) {
    const message = error instanceof Error ? error.message : String(error);
    return { exitCode: ExitCode.failed, message, details: '', next: undefined, json: { name: 'Error', message } };
  }
  const revert = findRevert(error);
  const json: Record<string, unknown> = { name: error.name, message: error.shortMessage };
  let next: string | undefined;
  if (revert !== undefined) {
    Object.assign(json, { errorName: revert.errorName, args: revert.args });
    next = nextStepFor(revert);
  } else if (error instanceof ViemBaseError && /HTTP request failed|fetch failed|ECONNREFUSED/i.test(error.message)) {
    next = 'is the chain running? dpan chain status (or pass --rpc <url>)';
  } else if (error instanceof ViemBaseError && error.walk((e) => (e as Error).name === 'InsufficientFundsError') !== null) {
    next = 'the account has no ETH for gas: fund it (on the embedded chain, dev accounts 0 to 19 are funded; a chain with base fee 0 needs none)';
  }
  const { issues } = error as DescribedError;
  if (Array.isArray(issues)) json['issues'] = issues;
  if (next !== undefined) json['next'] = next;
  // A revert's details (contract, sender, raw data) matter; an error wrapping one repeats its cause's message.
  const details = revert !== undefined ? revert.details : typeof error.details === 'string' ? error.details : '';
  return {
    exitCode:
      error instanceof CliUsageError || isKeystoreError(error) || usageErrors.some((usage) => error instanceof usage)
        ? ExitCode.usage
        : ExitCode.failed,
    message: error.shortMessage,
    details,
    next,
    json,
  };
}

function reportError(error: unknown, json: boolean, usageErrors: readonly ErrorClass[]): number {
  const report = describe(error, usageErrors);
  const lines = [`error: ${report.message}`];
  if (report.details !== '') lines.push(...report.details.split('\n').map((line) => `  ${line}`));
  if (report.next !== undefined) lines.push(`next: ${report.next}`);
  process.stderr.write(`${lines.join('\n')}\n`);
  if (json) process.stdout.write(`${toJson({ error: report.json })}\n`);
  return report.exitCode;
}
