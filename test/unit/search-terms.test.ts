import { describe, expect, it } from 'vitest';
import { compactEmail, fullTextQuery } from '../../server/storage/search-terms.ts';

describe('the history search box as an FTS5 query', () => {
  it('requires every token, the last of each word as a prefix', () => {
    expect(fullTextQuery('Müller jür')).toBe('"müller"* "jür"*');
    expect(fullTextQuery('UE-2026-000123')).toBe('"ue" "2026" "000123"*');
    expect(fullTextQuery('anna.rossi')).toBe('"anna" "rossi"*');
  });

  it('looks an e-mail address up as one word, whole or partly typed, as the index holds it', () => {
    expect(fullTextQuery('Anna.Rossi+urp@example.org')).toBe(`"${compactEmail('anna.rossi+urp@example.org')}"*`);
    expect(compactEmail('Anna.Rossi+urp@example.org')).toBe('annarossiurpexampleorg');
    expect(fullTextQuery('anna.rossi@exa')).toBe('"annarossiexa"*');
  });

  it('keeps one-letter words exact, and never lets FTS5 syntax through', () => {
    expect(fullTextQuery('a  b')).toBe('"a" "b"');
    expect(fullTextQuery('") OR NEAR(x* -y')).toBe('"or"* "near" "x" "y"');
    expect(fullTextQuery('  -- "" ')).toBeUndefined();
  });

  it('reads at most eight words', () => {
    expect(fullTextQuery('w1 w2 w3 w4 w5 w6 w7 w8 w9 w10')?.split(' ')).toHaveLength(8);
  });
});
