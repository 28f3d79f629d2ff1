/**
 * The web host as the cold-start benchmark starts it: `npm run web`'s entry point with an operator
 * already signed in (the CIE login is a person at a card reader, not start-up) against a central
 * API the benchmark runs in its own process, as a console reaches the Ministry's.
 *
 * Usage: node bench/ui/signed-in-host.ts --profile <dir> --api <url> --token <bearer> --operator <id> [--port <n>]
 */
import { parseArgs } from 'node:util';
import { DEMO_STAFF } from '../../common/demo/identities.ts';
import { runWebHost } from '../../electron/host/run-web-host.ts';

const { values } = parseArgs({
  options: {
    profile: { type: 'string' },
    api: { type: 'string' },
    token: { type: 'string' },
    operator: { type: 'string', default: 'op-giulia' },
    port: { type: 'string', default: '0' },
  },
  strict: true,
});
const member = DEMO_STAFF.find((staff) => staff.id === values.operator);
if (!values.profile || !values.api || !values.token || !member)
  throw new Error('--profile, --api, --token and a known --operator');
const { api, token } = values;

await runWebHost(['--port', values.port, '--no-open', '--profile', values.profile], async () => ({
  url: api,
  session: { token, operator: { id: member.id, name: member.name, role: member.role } },
  close: async () => {},
}));
