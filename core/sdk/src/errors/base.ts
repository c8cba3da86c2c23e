// The base error lives in @citysync/schemas, at the bottom of the dependency graph, so that schema errors and
// core errors share one class: `instanceof CitySyncError` holds for both.
export { CitySyncError, type CitySyncErrorOptions } from '@citysync/schemas';
