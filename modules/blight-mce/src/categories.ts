/** The five hazard categories of the blight & safety MCE: 311 service codes map onto them, observations name them. */
export const hazardCategories = [
  'illegal-dumping',
  'broken-signage',
  'graffiti',
  'overgrown-sidewalk',
  'unsafe-intersection',
] as const;

export type HazardCategory = (typeof hazardCategories)[number];

export function isHazardCategory(value: unknown): value is HazardCategory {
  return typeof value === 'string' && (hazardCategories as readonly string[]).includes(value);
}

/** Counts per category, every category present (0 when none). */
export type CategoryCounts = Record<HazardCategory, number>;

export function emptyCounts(): CategoryCounts {
  return Object.fromEntries(hazardCategories.map((c) => [c, 0])) as CategoryCounts;
}
