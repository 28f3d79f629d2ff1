import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const out = (part: string) => new URL(`../../out/${part}`, import.meta.url);

/** Checks what `electron-vite build` (run by `npm test` before this suite) produced. */
describe('electron-vite build output', () => {
  it('exists', () => {
    expect(existsSync(out('main/index.js')), 'out/ is missing: run `npm run build` first').toBe(true);
  });

  it('has a single self-contained CommonJS preload that requires only electron', () => {
    expect(readdirSync(out('preload'))).toEqual(['index.cjs']);
    const preload = readFileSync(out('preload/index.cjs'), 'utf8');
    const required = [...preload.matchAll(/require\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]);
    expect(required).toEqual(['electron']);
    expect(preload).not.toMatch(/^\s*(import|export)\s/m);
    expect(preload).toContain('exposeInMainWorld');
    expect(preload).not.toMatch(/exposeInMainWorld\([^)]*ipcRenderer\s*\)/);
  });

  it('has an ES module main process that loads the preload and the renderer from out/', () => {
    const main = readFileSync(out('main/index.js'), 'utf8');
    expect(main).toMatch(/^import .* from "electron";/m);
    expect(main).toContain('../preload/index.cjs');
    expect(main).toContain('../renderer');
  });

  it('has a renderer page with no inline script, loading its assets from the root', () => {
    const html = readFileSync(out('renderer/index.html'), 'utf8');
    expect(html).toMatch(/<script type="module" crossorigin src="\/assets\/index-[\w-]+\.js"><\/script>/);
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/\sstyle=|<style/);
    expect(html).toContain('<html lang="it" translate="no">');
    expect(html).toContain('<meta name="google" content="notranslate" />');
  });
});
