/** Texts of the ticket feature, merged into the app's messages under `ticket`. English mirrors Italian key for key. */
const it = {};

const en: typeof it = {};

export default { it, en };
