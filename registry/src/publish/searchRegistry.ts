import npmFetch from 'npm-registry-fetch';

import { RegistryRequestError } from '../errors.js';

type SearchResponse = { objects?: { package?: { name?: unknown } }[] };

/** The most a registry returns per page (npmjs and verdaccio alike). */
const PAGE_SIZE = 250;

/**
 * Package names the npm registry's search (`/-/v1/search`, npm search's endpoint) returns for `text`, every page.
 * A registry without the endpoint answers 404/405/501: then `[]`, and callers fall back on their own list.
 */
export async function searchRegistry(url: string, text: string): Promise<string[]> {
  const names: string[] = [];
  for (let from = 0; ; from += PAGE_SIZE) {
    const query = new URLSearchParams({ text, size: String(PAGE_SIZE), from: String(from) });
    let page: SearchResponse;
    try {
      page = (await npmFetch.json(`/-/v1/search?${query.toString()}`, { registry: url, forceAuth: {} })) as SearchResponse;
    } catch (error) {
      if ([404, 405, 501].includes(Number((error as { statusCode?: unknown }).statusCode))) return names;
      throw new RegistryRequestError(`Could not search ${url} for "${text}".`, { cause: error });
    }
    const objects = page.objects ?? [];
    for (const o of objects) if (typeof o.package?.name === 'string') names.push(o.package.name);
    if (objects.length < PAGE_SIZE) return names;
  }
}
