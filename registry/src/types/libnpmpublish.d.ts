// libnpmpublish ships no types and has no @types package: the part of its API this package calls.
declare module 'libnpmpublish' {
  import type { Options } from 'npm-registry-fetch';

  export type PublishOptions = Options & {
    access?: 'public' | 'restricted' | undefined;
    defaultTag?: string | undefined;
    provenance?: boolean | undefined;
  };

  export function publish(manifest: Record<string, unknown>, tarball: Buffer, options?: PublishOptions): Promise<unknown>;
}
