/** Texts of the queue feature, merged into the app's messages under `queue`. English mirrors Italian key for key. */
const it = {};

const en: typeof it = {};

export default { it, en };
