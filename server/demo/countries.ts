/**
 * Where demo applicants come from, with names as they would type them (diacritics, transliterated
 * scripts). `eidas` follows the states confirmed as notified by May 2021 (docs/domain.md); the
 * authoritative, dated list is the checks engine's data file, this only shapes the demo mix.
 */
export interface DemoCountry {
  alpha2: string;
  /** ICAO code on documents (Germany is `D`). */
  icao: string;
  language: 'it' | 'en' | 'fr' | 'es' | 'de';
  eu: boolean;
  eidas: boolean;
  givenNames: { F: string[]; M: string[] };
  surnames: string[];
}

const c = (
  alpha2: string,
  icao: string,
  language: DemoCountry['language'],
  eu: boolean,
  eidas: boolean,
  female: string[],
  male: string[],
  surnames: string[],
): DemoCountry => ({ alpha2, icao, language, eu, eidas, givenNames: { F: female, M: male }, surnames });

export const ELIGIBLE_COUNTRIES: DemoCountry[] = [
  c(
    'IN',
    'IND',
    'en',
    false,
    false,
    ['Priya', 'Ananya Devi'],
    ['Rahul', 'Arjun Kumar'],
    ['Sharma', 'Iyer', 'Venkataraman'],
  ),
  c(
    'BR',
    'BRA',
    'es',
    false,
    false,
    ['Ana Luíza', 'Beatriz'],
    ['João Pedro', 'Caio'],
    ['Gonçalves', 'Araújo', 'Conceição'],
  ),
  c(
    'US',
    'USA',
    'en',
    false,
    false,
    ['Emily', 'Mary-Jane'],
    ['Michael', 'John Paul'],
    ["O'Connor", 'Smith', 'Johnson-Lee'],
  ),
  c(
    'UA',
    'UKR',
    'en',
    false,
    false,
    ['Oksana', 'Yuliia'],
    ['Oleksandr', 'Andrii'],
    ['Shevchenko', 'Kovalenko', 'Tkachuk'],
  ),
  c(
    'MA',
    'MAR',
    'fr',
    false,
    false,
    ['Fatima Zahra', 'Salma'],
    ['Youssef', 'Mohamed Amine'],
    ['El Amrani', 'Benali', 'Ait Ouahmane'],
  ),
  c(
    'PH',
    'PHL',
    'en',
    false,
    false,
    ['Maria Cristina', 'Angelica'],
    ['Jose Rizal', 'Mark Anthony'],
    ['Dela Cruz', 'Reyes', 'Santos'],
  ),
  c('RS', 'SRB', 'en', false, false, ['Jelena', 'Milica'], ['Đorđe', 'Nikola'], ['Đorđević', 'Petrović', 'Jovanović']),
  c('TR', 'TUR', 'en', false, false, ['Ayşe', 'Gülşen'], ['Mehmet', 'İbrahim'], ['Öztürk', 'Yılmaz', 'Çelik']),
  c('CN', 'CHN', 'en', false, false, ['Li Na', 'Xiu Ying'], ['Wei', 'Jian Guo'], ['Zhang', 'Wang', 'Ouyang']),
  c(
    'AR',
    'ARG',
    'es',
    false,
    false,
    ['Lucía', 'María José'],
    ['Martín', 'Juan Ignacio'],
    ['Fernández', 'Núñez', 'Ibáñez'],
  ),
  c('CH', 'CHE', 'de', false, false, ['Anna-Lena', 'Mirjam'], ['Jürg', 'Beat'], ['Müller', 'Zürcher', 'Brändli']),
  c('GB', 'GBR', 'en', false, false, ['Siobhan', 'Olivia'], ['Oliver', 'Rhys'], ['Williams', 'Davies', 'MacDonald']),
  c('NO', 'NOR', 'en', false, false, ['Åse', 'Ingrid'], ['Øyvind', 'Håkon'], ['Ødegård', 'Hansen', 'Bjørnstad']),
  c(
    'FR',
    'FRA',
    'fr',
    true,
    false,
    ['Zoë', 'Anne-Sophie'],
    ['François', 'Jean-Luc'],
    ['Lefèvre', 'Dubois', 'Rousseau'],
  ),
  c(
    'PL',
    'POL',
    'en',
    true,
    false,
    ['Małgorzata', 'Zofia'],
    ['Łukasz', 'Paweł'],
    ['Wójcik', 'Wiśniewski', 'Kowalczyk'],
  ),
  c(
    'GR',
    'GRC',
    'en',
    true,
    false,
    ['Eleni', 'Konstantina'],
    ['Georgios', 'Dimitrios'],
    ['Papadopoulos', 'Nikolaidis'],
  ),
  c('RO', 'ROU', 'en', true, false, ['Ioana', 'Andreea'], ['Ștefan', 'Mihai'], ['Popescu', 'Dumitrescu', 'Țăranu']),
  c('SE', 'SWE', 'en', true, false, ['Åsa', 'Märta'], ['Björn', 'Lars'], ['Lindström', 'Åkesson', 'Nyström']),
];

export const EIDAS_COUNTRIES: DemoCountry[] = [
  c('DE', 'D', 'de', true, true, ['Jürgen', 'Käthe'], ['Jürgen', 'Günther'], ['Müller', 'Groß', 'Schäfer']),
  c('ES', 'ESP', 'es', true, true, ['María José', 'Begoña'], ['José Luis', 'Íñigo'], ['García Núñez', 'Muñoz', 'Peña']),
  c('NL', 'NLD', 'en', true, true, ['Femke', 'Anouk'], ['Jan', 'Sven'], ['de Vries', 'van den Berg', 'Jansen']),
  c('PT', 'PRT', 'es', true, true, ['Inês', 'Conceição'], ['João', 'Gonçalo'], ['Gonçalves', 'Magalhães']),
  c('DK', 'DNK', 'en', true, true, ['Sørine', 'Ærøe'], ['Søren', 'Jørgen'], ['Kierkegård', 'Ærø', 'Møller']),
  c('CZ', 'CZE', 'en', true, true, ['Markéta', 'Jiřina'], ['Jiří', 'Tomáš'], ['Dvořák', 'Novák', 'Černý']),
];
