const MAX_WORDS = 8;

/**
 * An e-mail address as one search word: indexed beside the address's own tokens, so a whole or
 * partly typed address is one rare prefix instead of a phrase ending in `org`/`com`, which every
 * decision contains (and a prefix over that many is slow). The migration builds the same form in SQL.
 */
export const compactEmail = (email: string): string => email.toLowerCase().replace(/[.@_+-]/g, '');

/**
 * A supervisor's search box as an FTS5 query: every token must match, and the last token of each
 * word is a prefix once it has two characters (`mül` finds Müller, `UE-2026-0001` finds the
 * ticket). Words are split the way the index's unicode61 tokenizer splits text and every token is
 * quoted, so quotes and operators typed in the box are never FTS5 syntax; a word with `@` is looked
 * up as a compact e-mail address. The index keeps no positions, so tokens are not phrases. Undefined
 * when nothing searchable is left.
 */
export function fullTextQuery(text: string): string | undefined {
  const terms = text
    .normalize('NFC')
    .split(/\s+/)
    .slice(0, MAX_WORDS)
    .map((word) => (word.includes('@') ? compactEmail(word) : word.toLowerCase()))
    .map((word) => word.split(/[^\p{L}\p{N}]+/u).filter(Boolean))
    .flatMap((tokens) =>
      tokens.map((token, index) => `"${token}"${index === tokens.length - 1 && token.length >= 2 ? '*' : ''}`),
    );
  return terms.length > 0 ? terms.join(' ') : undefined;
}
