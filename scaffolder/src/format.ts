// Number formats shared by the report, the README and the parameter descriptions: fixed (en-US), so a rendered
// package is the same on every machine.

/** 7215 -> "7,215"; 12.5 -> "12.5". */
export function count(n: number): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: 2 });
}

/** 0.9369 -> "93.7%"; 1 -> "100%". */
export function percent(share: number): string {
  return `${(Math.round(share * 1000) / 10).toLocaleString('en-US', { maximumFractionDigits: 1 })}%`;
}
