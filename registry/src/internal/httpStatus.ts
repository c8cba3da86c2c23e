/** The HTTP status of an npm-registry-fetch error (`HttpErrorGeneral` carries `statusCode`), if it has one. */
export function httpStatusOf(error: unknown): number | undefined {
  if (error === null || typeof error !== 'object') return undefined;
  const status = (error as { statusCode?: unknown }).statusCode;
  return typeof status === 'number' ? status : undefined;
}

/** The registry's own explanation in an npm-registry-fetch error (`body.error` for verdaccio). */
export function registryMessageOf(error: unknown): string {
  if (error === null || typeof error !== 'object') return String(error);
  const body = (error as { body?: unknown }).body;
  if (body !== null && typeof body === 'object') {
    const message = (body as { error?: unknown; reason?: unknown }).error ?? (body as { reason?: unknown }).reason;
    if (typeof message === 'string') return message;
  }
  return error instanceof Error ? error.message : String(error);
}
