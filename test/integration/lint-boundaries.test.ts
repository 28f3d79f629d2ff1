import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: new URL('../..', import.meta.url).pathname });

async function rulesBroken(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
}

describe('import edges (DESIGN.md §2) enforced by lint', () => {
  it.each([
    [
      'common → electron/services',
      'common/contract/x.ts',
      "import '../../electron/services/index.ts';",
      'local/layering',
    ],
    ['common → Node built-in', 'common/contract/x.ts', "import 'node:fs';", 'local/layering'],
    ['common → renderer', 'common/x.ts', "import '../renderer/src/router.ts';", 'local/layering'],
    ['services → electron', 'electron/services/x.ts', "import 'electron';", 'local/layering'],
    ['services → main', 'electron/services/x.ts', "import '../main/ipc.ts';", 'local/layering'],
    ['host → electron', 'electron/host/x.ts', "import 'electron';", 'local/layering'],
    ['host → main', 'electron/host/x.ts', "import '../main/window-options.ts';", 'local/layering'],
    ['main → host', 'electron/main/x.ts', "import '../host/web-host.ts';", 'local/layering'],
    ['preload → services', 'electron/preload/x.ts', "import '../services/index.ts';", 'local/layering'],
    ['renderer → services', 'renderer/src/x.ts', "import '../../electron/services/index.ts';", 'local/layering'],
    ['renderer → Node built-in', 'renderer/src/x.ts', "import 'fs';", 'local/layering'],
    ['renderer → electron', 'renderer/src/x.ts', "import 'electron';", 'local/layering'],
    ['server → electron/services', 'server/x.ts', "import '../electron/services/index.ts';", 'local/layering'],
    [
      'services → test code',
      'electron/services/x.ts',
      "export * from '../../test/support/temp-dir.ts';",
      'local/layering',
    ],
    ['renderer → server (dynamic import)', 'renderer/src/x.ts', "void import('../../server/x.ts');", 'local/layering'],
  ])('fails %s', async (_edge, filePath, code, rule) => {
    expect(await rulesBroken(filePath, `${code}\n`)).toContain(rule);
  });

  it.each([
    ['main → services', 'electron/main/x.ts', "import '../services/index.ts';\nimport 'electron';"],
    ['host → services', 'electron/host/x.ts', "import '../services/index.ts';\nimport 'node:http';"],
    ['services → common', 'electron/services/x.ts', "import '../../common/contract/names.ts';\nimport 'node:fs';"],
    ['preload → common', 'electron/preload/x.ts', "import '../../common/contract/names.ts';\nimport 'electron';"],
    ['renderer → common', 'renderer/src/x.ts', "import '../../common/contract/names.ts';"],
    ['server → common', 'server/x.ts', "import '../common/contract/names.ts';"],
  ])('allows %s', async (_edge, filePath, code) => {
    expect(await rulesBroken(filePath, `${code}\n`)).toEqual([]);
  });
});
