// Module resolution hook (registered by load.js for a package a city installed): a bare specifier that cannot be
// resolved from a file under `root` is resolved from dpan's own location instead.
let root;
let parentURL;

export function initialize(data) {
  ({ root, parentURL } = data);
}

const relative = /^(\.{1,2}\/|\/|[a-z]+:)/i;

export async function resolve(specifier, context, nextResolve) {
  try {
    return await nextResolve(specifier, context);
  } catch (error) {
    const from = context.parentURL;
    if (error?.code !== 'ERR_MODULE_NOT_FOUND' || relative.test(specifier) || from === undefined || !from.startsWith(root)) {
      throw error;
    }
    return nextResolve(specifier, { ...context, parentURL });
  }
}
