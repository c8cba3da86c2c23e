import type { ContractRevertError } from '@citysync/sdk';

const stringify = (value: unknown): string =>
  typeof value === 'bigint' ? value.toString() : typeof value === 'string' ? value : JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));

/** A decoded revert as the API reports it: the error's name, its arguments as strings, and one line of text. */
export type DescribedRevert = { errorName: string | undefined; args: string[]; text: string };

export function describeRevert(error: ContractRevertError): DescribedRevert {
  const args = error.args.map(stringify);
  const name = error.errorName ?? `unknown error ${error.selector}`;
  return { errorName: error.errorName, args, text: `${name}(${args.join(', ')})` };
}
