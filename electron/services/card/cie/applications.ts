import { CardError } from '../transport.ts';
import { SW, swHex } from './apdu.ts';
import type { CieChip } from './atr.ts';
import { fromHex } from './bytes.ts';
import type { CardChannel } from './plain-channel.ts';

/** Application identifiers (docs/cie-protocol.md §1.2). */
export const IAS_AID = fromHex('A0000000308000000009816001');
export const CIE_AID = fromHex('A00000000039');

const selectAid = (channel: CardChannel, aid: Uint8Array) => channel.send({ ins: 0xa4, p1: 0x04, p2: 0x0c, data: aid });

const selectMf = (channel: CardChannel) => channel.send({ ins: 0xa4, p1: 0x00, p2: 0x00 });

/**
 * Enters the IAS application (by AID or through the MF, as the chip wants) and then the CIE DF,
 * the canonical sequence of every official reader. A card that refuses the CIE application is
 * not a CIE.
 */
export async function selectCieApplication(channel: CardChannel, chip: CieChip): Promise<void> {
  let ias = chip.iasSelection === 'mf' ? await selectMf(channel) : await selectAid(channel, IAS_AID);
  // Unknown chips: some cards refuse the IAS AID with 6A82 and want the MF (issue italia/cie-PN532#5).
  if (ias.sw !== SW.OK && chip.maker === undefined) ias = await selectMf(channel);
  if (ias.sw !== SW.OK) throw new CardError('NOT_A_CIE', `The card has no IAS application (${swHex(ias.sw)})`);
  const cie = await selectAid(channel, CIE_AID);
  if (cie.sw !== SW.OK) throw new CardError('NOT_A_CIE', `The card has no CIE application (${swHex(cie.sw)})`);
}
