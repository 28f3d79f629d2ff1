/**
 * `npm run virtual-cie -- [--port 35963] [--identity op-giulia] [--trust-dir <dir>]`: a DEMO CIE
 * in a vsmartcard-vpcd reader of the real pcscd, until Ctrl-C. Press Enter to take the card out
 * of the reader or put it back. The card's PKI is generated at start; its trust material is
 * written to --trust-dir for the console and the central API.
 */
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { DEMO_STAFF } from '../common/demo/identities.ts';
import { createVirtualCardLink, VPCD_PORT } from '../electron/services/card/virtual-card-link.ts';
import { createVirtualCie, createVirtualCiePki, writeVirtualCieTrust } from '../server/demo/virtual-cie/index.ts';
import { ensurePcscd, PcscdSetupError, VPCD_READERS } from './lib/pcscd.ts';

const RECONNECT_MS = 1_000;

function fail(message: string): never {
  process.stderr.write(`virtual-cie: ${message}\n`);
  process.exit(1);
}

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: String(VPCD_PORT) },
    identity: { type: 'string', default: DEMO_STAFF[0].id },
    'trust-dir': { type: 'string' },
  },
});
const port = Number(values.port);
const reader = VPCD_READERS[port - VPCD_PORT];
if (!reader) fail(`--port must be ${VPCD_PORT} or ${VPCD_PORT + 1} (the vpcd readers), not ${values.port}`);
if (!DEMO_STAFF.some((member) => member.id === values.identity)) {
  fail(`unknown --identity ${values.identity}; known: ${DEMO_STAFF.map((member) => member.id).join(', ')}`);
}

try {
  await ensurePcscd();
} catch (error) {
  if (error instanceof PcscdSetupError) fail(error.message);
  throw error;
}

const pki = await createVirtualCiePki();
const cie = await createVirtualCie({ identity: values.identity, pki });
const trustDir = values['trust-dir'] ?? path.join(os.tmpdir(), `accredita-virtual-cie-${port}`);
const trust = await writeVirtualCieTrust(pki, trustDir);

let wanted = true;
const link = createVirtualCardLink(cie.applet, {
  port,
  // pcscd went away: put the card back as soon as it returns.
  onDisconnected: () => {
    process.stdout.write('pcscd dropped the card; waiting for it to come back…\n');
    void reinsert();
  },
});

async function reinsert(): Promise<void> {
  while (wanted && !link.inserted) {
    try {
      await link.insert();
      process.stdout.write(`Card inserted in "${reader}".\n`);
    } catch {
      await new Promise((resolve) => setTimeout(resolve, RECONNECT_MS));
    }
  }
}

await link.insert();
process.stdout.write(
  [
    `DEMO virtual CIE in "${reader}" (127.0.0.1:${port})`,
    `  holder   ${cie.holder.givenName} ${cie.holder.surname}, codice fiscale ${cie.holder.codiceFiscale}`,
    `  NIS      ${cie.nis}`,
    `  PIN      ${cie.pin}   PUK ${cie.puk}`,
    `  trust    CSCA ${trust.card.cscaCertificateFiles.join(', ')}`,
    `           CIE CA ${trust.card.authenticationChainFiles.join(', ')}, DAPP ${trust.card.dappKeyFile}`,
    `           server root ${trust.serverRoot}`,
    'Enter: remove / insert the card. Ctrl-C: stop.',
    '',
  ].join('\n'),
);

createInterface({ input: process.stdin }).on('line', () => {
  wanted = !wanted;
  if (wanted) void reinsert();
  else void link.remove().then(() => process.stdout.write('Card removed.\n'));
});

const stop = () => {
  wanted = false;
  void link.remove().finally(() => process.exit(0));
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
