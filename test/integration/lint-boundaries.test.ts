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
      'import-x/no-restricted-paths',
    ],
    ['common → Node built-in', 'common/contract/x.ts', "import 'node:fs';", 'no-restricted-imports'],
    ['common → renderer', 'common/x.ts', "import '../renderer/src/router.ts';", 'import-x/no-restricted-paths'],
    ['services → electron', 'electron/services/x.ts', "import 'electron';", 'no-restricted-imports'],
    ['services → main', 'electron/services/x.ts', "import '../main/ipc.ts';", 'import-x/no-restricted-paths'],
    ['host → electron', 'electron/host/x.ts', "import 'electron';", 'no-restricted-imports'],
    ['host → main', 'electron/host/x.ts', "import '../main/window-options.ts';", 'import-x/no-restricted-paths'],
    ['main → host', 'electron/main/x.ts', "import '../host/web-host.ts';", 'import-x/no-restricted-paths'],
    ['preload → services', 'electron/preload/x.ts', "import '../services/index.ts';", 'import-x/no-restricted-paths'],
    [
      'renderer → services',
      'renderer/src/x.ts',
      "import '../../electron/services/index.ts';",
      'import-x/no-restricted-paths',
    ],
    ['renderer → Node built-in', 'renderer/src/x.ts', "import 'fs';", 'no-restricted-imports'],
    ['renderer → electron', 'renderer/src/x.ts', "import 'electron';", 'no-restricted-imports'],
    [
      'server → electron/services',
      'server/x.ts',
      "import '../electron/services/index.ts';",
      'import-x/no-restricted-paths',
    ],
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
