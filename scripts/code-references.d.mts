export type CodeReference = { specifier: string; line: number; kind: 'import' | 'file URL' };

export function codeReferences(text: string): CodeReference[];
