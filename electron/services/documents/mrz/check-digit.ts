/** ICAO Doc 9303 Part 3 §4.9: 0–9 count as themselves, A–Z as 10–35, `<` as 0; weights 7, 3, 1; sum mod 10. */
const WEIGHTS = [7, 3, 1] as const;

export function characterValue(char: string): number {
  const code = char.charCodeAt(0);
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 65 && code <= 90) return code - 55;
  return 0;
}

export function checkDigitOf(text: string): string {
  let sum = 0;
  for (let i = 0; i < text.length; i++) sum += characterValue(text[i]!) * WEIGHTS[i % 3]!;
  return String(sum % 10);
}
