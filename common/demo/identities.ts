/**
 * The demo staff: the virtual CIE's card holders and the operators the reference API enrolls in
 * demo mode. Codici fiscali are fictitious but valid (check character, one with omocodia).
 */
export const DEMO_STAFF = [
  { id: 'op-giulia', codiceFiscale: 'BNCGLI85M52H501E', name: 'Giulia Bianchi', role: 'operator', inTraining: false },
  { id: 'op-marco', codiceFiscale: 'RSSMRC79T10F205V', name: 'Marco Rossi', role: 'operator', inTraining: false },
  { id: 'op-sara', codiceFiscale: 'CNTSRA95A41L219X', name: 'Sara Conti', role: 'operator', inTraining: true },
  { id: 'sup-elena', codiceFiscale: 'FRRLNE70D49H501M', name: 'Elena Ferrari', role: 'supervisor', inTraining: false },
  { id: 'sup-paolo', codiceFiscale: 'GLLPLA66C12F83MW', name: 'Paolo Galli', role: 'supervisor', inTraining: false },
] as const;
