/**
 * The project's root folder, which the files the app reads at run time are found from (migrations,
 * sample reports, the default database, the auth secret, the PDF worker). The entry points set
 * GONGKAI_ROOT from their own location (scripts/run.mjs, scripts/start.mjs, scripts/serve.mjs), so
 * a server or command started from another folder, or by a service manager, finds the same files;
 * code run without them (Vitest, `next dev`, `next start`) runs in the root, where npm puts it.
 * Not import.meta.url: in Next's server chunks it names the build machine's source file.
 */
export function projectRoot(): string {
  return process.env.GONGKAI_ROOT || /*turbopackIgnore: true*/ process.cwd();
}
