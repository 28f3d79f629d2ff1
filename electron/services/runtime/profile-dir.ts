import os from 'node:os';
import path from 'node:path';

/**
 * Where the console keeps its profile when no directory is given. It matches Electron's
 * `userData` for the product name, so the desktop app and the web host share settings.
 */
export function defaultProfileDir(productName: string, env = process.env, platform = process.platform): string {
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(os.homedir(), 'AppData', 'Roaming'), productName);
  if (platform === 'darwin') return path.join(os.homedir(), 'Library', 'Application Support', productName);
  return path.join(env.XDG_CONFIG_HOME ?? path.join(os.homedir(), '.config'), productName);
}
