import module from 'node:module';
import path from 'node:path';

/**
 * Turns on Node's on-disk cache of compiled modules for this thread (each worker thread asks for
 * its own), in the profile: private to its user, unlike the default temporary folder, where
 * another account could plant code. Starts after the first skip most of the compiling.
 */
export function enableCompileCache(profileDir: string): void {
  module.enableCompileCache(path.join(profileDir, 'compile-cache'));
}
