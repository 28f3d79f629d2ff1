const ODD: Record<string, number> = Object.fromEntries(
  '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ'.split('').map((c) => {
    const table = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23];
    const index = /\d/.test(c) ? Number(c) : c.charCodeAt(0) - 65;
    return [c, table[index] ?? 0];
  }),
);
const EVEN = (c: string): number => (/\d/.test(c) ? Number(c) : c.charCodeAt(0) - 65);

/** The check character over the first 15 characters of a codice fiscale (domain.md). */
export function codiceFiscaleCheckCharacter(first15: string): string {
  const sum = first15
    .slice(0, 15)
    .split('')
    .reduce((total, c, i) => total + (i % 2 === 0 ? (ODD[c] ?? 0) : EVEN(c)), 0);
  return String.fromCharCode(65 + (sum % 26));
}

/** Layout and check character of a 16-character codice fiscale, omocodia letters included. */
export function isCodiceFiscaleShape(value: string): boolean {
  const layout = /^[A-Z]{6}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]$/;
  return layout.test(value) && codiceFiscaleCheckCharacter(value) === value[15];
}
