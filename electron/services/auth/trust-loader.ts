import { loadCardTrust, type CardTrust, type CardTrustFiles } from '../card/cie/index.ts';

/**
 * The CIE trust material: what the host gave, or the files the settings name, read once. A failed
 * read is not remembered, so fixing the files needs no restart.
 */
export function trustLoader(given: CardTrust | undefined, files: () => CardTrustFiles | undefined) {
  let loaded: Promise<CardTrust> | undefined = given ? Promise.resolve(given) : undefined;
  return (): Promise<CardTrust> => {
    if (loaded) return loaded;
    const configured = files();
    if (!configured) return Promise.reject(new Error('No CIE trust material is configured (settings: cieTrust)'));
    loaded = loadCardTrust(configured);
    loaded.catch(() => {
      loaded = undefined;
    });
    return loaded;
  };
}
