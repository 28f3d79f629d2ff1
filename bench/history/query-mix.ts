import { EIDAS_COUNTRIES, ELIGIBLE_COUNTRIES } from '../../server/demo/countries.ts';
import { seededRandom } from '../../server/demo/random.ts';
import { BENCH_OPERATORS, benchEmail } from './decision-history.ts';

/**
 * What supervisors ask of the history, weighted by how often: browsing the newest, one filter,
 * a month, the "approved with NO_MATCH overridden" review, searches by name, ticket id or e-mail,
 * and combinations. Each search is followed by 0–3 "next page" requests (the cursor), as a
 * supervisor scrolling the list does.
 */
export interface HistorySearch {
  name: string;
  /** The query string of the first page, without limit and cursor. */
  query: string;
  /** Next pages to follow after the first. */
  pages: number;
}

const countries = [...ELIGIBLE_COUNTRIES, ...EIDAS_COUNTRIES];

export function historySearches(count: number, seed: number, until: Date): HistorySearch[] {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const month = () => {
    const start = new Date(until);
    start.setUTCDate(1);
    start.setUTCHours(0, 0, 0, 0);
    start.setUTCMonth(start.getUTCMonth() - Math.floor(random() * 24));
    const end = new Date(start);
    end.setUTCMonth(end.getUTCMonth() + 1);
    return `from=${start.toISOString()}&to=${end.toISOString()}`;
  };
  const operator = () => `operatorId=${pick(BENCH_OPERATORS).id}`;
  const country = () => `country=${pick(countries).alpha2}`;
  const surname = () => encodeURIComponent(pick(pick(countries).surnames));
  const ticketId = () => {
    const year = until.getUTCFullYear() - Math.floor(random() * 2);
    return `UE-${year}-${String(Math.floor(random() * 600_000)).padStart(7, '0')}`;
  };

  const kinds: [string, number, () => string][] = [
    ['newest', 12, () => ''],
    ['operator', 12, operator],
    ['action', 8, () => `action=${pick(['APPROVE', 'REJECT', 'REDIRECT', 'REQUEST_INFO', 'SEND_FORM'])}`],
    ['country', 8, country],
    ['month', 8, month],
    ['operator+month', 6, () => `${operator()}&${month()}`],
    ['approved-no-match', 6, () => 'action=APPROVE&flags=NO_MATCH_OVERRIDDEN'],
    ['state+country', 5, () => `state=${pick(['APPROVED', 'REJECTED', 'REDIRECTED'])}&${country()}`],
    ['countersign', 4, () => `countersign=${pick(['PENDING', 'RETURNED', 'VOIDED'])}`],
    ['search-surname', 10, () => `q=${surname()}`],
    ['search-ticket', 5, () => `q=${ticketId()}`],
    [
      'search-email',
      3,
      () => {
        const from = pick(countries);
        const email = benchEmail(pick(from.givenNames.M), pick(from.surnames), Math.floor(random() * 1000));
        return `q=${encodeURIComponent(email)}`;
      },
    ],
    ['search+country', 5, () => `q=${surname()}&${country()}`],
    ['search-prefix', 3, () => `q=${encodeURIComponent(pick(pick(countries).givenNames.F).slice(0, 3))}`],
    [
      'operator+action+country+month',
      5,
      () => `${operator()}&action=${pick(['APPROVE', 'REJECT'])}&${country()}&${month()}`,
    ],
  ];
  const total = kinds.reduce((sum, [, weight]) => sum + weight, 0);
  return Array.from({ length: count }, () => {
    let roll = random() * total;
    const [name, , make] = kinds.find(([, weight]) => (roll -= weight) < 0) ?? kinds[0]!;
    return { name, query: make(), pages: Math.floor(random() * 4) };
  });
}
