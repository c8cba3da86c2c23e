import { readFileSync } from 'node:fs';

/** Keeps the last `limit` characters written to a stream (a server logging every request must be drained). */
export class OutputTail {
  #text = '';
  constructor(private readonly limit: number) {}

  push(chunk: Buffer | string): void {
    this.#text += chunk.toString();
    if (this.#text.length > this.limit * 2) this.#text = this.#text.slice(-this.limit);
  }

  toString(): string {
    return this.#text.slice(-this.limit).trim();
  }
}

/** The last `limit` characters of a log file, or '' if it cannot be read. */
export function fileTail(file: string, limit: number): string {
  try {
    return readFileSync(file, 'utf8').slice(-limit).trim();
  } catch {
    return '';
  }
}
