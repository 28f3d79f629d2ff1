/** Texts of the decisions feature, merged into the app's messages under `decisions`. English mirrors Italian key for key. */
const it = {};

const en: typeof it = {};

export default { it, en };
