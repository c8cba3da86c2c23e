export type DependencyRule = 'cycle' | 'module-import' | 'cli-import' | 'undeclared' | 'relative-path';

export type DependencyViolation = {
  rule: DependencyRule;
  /** The packages involved: the importer first. */
  packages: string[];
  /** Relative to the root, `/`-separated; absent for a cycle. */
  file?: string | undefined;
  /** 1-based; 0 when the violation is not on a line (a cycle, a package.json dependency). */
  line: number;
  message: string;
};

export function checkDependencyRules(root: string): DependencyViolation[];
