import { CitySyncError } from '@citysync/schemas';

/** A scenario file cannot be read or parsed (its schema errors are a `SchemaValidationError`). */
export class SimScenarioError extends CitySyncError {
  override name = 'SimScenarioError';
  readonly file: string;

  constructor(file: string, problem: string, options: { cause?: unknown } = {}) {
    super(`${file}: ${problem}`, {
      details: 'A scenario is a JSON file checked against sim/scenarios/scenario.schema.json; see sim/README.md.',
      ...options,
    });
    this.file = file;
  }
}
