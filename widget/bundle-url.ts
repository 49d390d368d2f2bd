/**
 * Where this bundle was loaded from. The API defaults to that origin and the locale chunks sit
 * beside the bundle, so it must be read while the script first runs: a classic (IIFE) script only
 * has `document.currentScript` during its own evaluation, an ES module has `import.meta.url`.
 */
export const bundleUrl: string = (document.currentScript as HTMLScriptElement | null)?.src || import.meta.url;
