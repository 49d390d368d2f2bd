/**
 * The checkout's root, where the server finds the files it serves or reads: `dist/` (the widget),
 * `demo/`, `locales/`. Every such path starts here, in a module one folder below the root,
 * because `npm start` runs the server bundled into `build/server.js`, also one folder below: in
 * the bundle each module's `import.meta.url` is the bundle's, so a path taken relative to a
 * module deeper in `server/` would miss.
 */
export const projectRoot = new URL('../', import.meta.url);
