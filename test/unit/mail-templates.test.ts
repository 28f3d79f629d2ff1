import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DECISION_ACTIONS, REASON_CODES, SERVICES } from '../../common/api/schemas.ts';
import { ReasonCatalogSchema, type ReasonCatalog } from '../../common/checks/reasons.ts';
import { REASONS_FILE, loadReasonCatalog } from '../../electron/services/rules/reason-catalog.ts';
import { renderApplicantMail, type ApplicantMailInput } from '../../electron/services/templates/applicant-mail.ts';
import { loadMailCatalog, type MailCatalog } from '../../electron/services/templates/mail-catalog.ts';
import { tempDir } from '../support/temp-dir.ts';

type ReasonCode = ReasonCatalog['reasons'][number]['code'];

const RESOURCES = fileURLToPath(new URL('../../resources/', import.meta.url));
const TEMPLATES = path.join(RESOURCES, 'mail-templates');
const LANGUAGES = ['it', 'en', 'fr', 'es', 'de'] as const;
const FORM_PDF = path.join(RESOURCES, 'forms', 'accreditamento-utente-estero-v1.pdf');

function load(): { catalog: MailCatalog; reasons: ReasonCatalog } {
  const reasons = loadReasonCatalog(path.join(RESOURCES, REASONS_FILE));
  const mail = loadMailCatalog({ templatesDir: TEMPLATES, resourcesDir: RESOURCES });
  if (!reasons.ok) throw new Error(reasons.error.message);
  if (!mail.ok) throw new Error(mail.errors.map((e) => e.message).join('\n'));
  return { catalog: mail.catalog, reasons: reasons.value };
}
const deps = load();

const base = {
  applicant: { nome: 'Zoë', cognome: 'Lefèvre-Okafor' },
  ticket: { id: 'T-2026-0042' },
  operatorName: 'Giulia Bianchi',
  services: [...SERVICES],
  eidasListDate: '2026-11-23',
};
const render = (input: Partial<ApplicantMailInput> & Pick<ApplicantMailInput, 'action'>) =>
  renderApplicantMail({ language: 'it', reasonCodes: [], ...base, ...input }, deps);

describe('reason catalog', () => {
  const raw = () => JSON.parse(readFileSync(path.join(RESOURCES, REASONS_FILE), 'utf8')) as ReasonCatalog;

  it('has exactly one entry for every reason code', () => {
    for (const code of REASON_CODES) {
      expect(
        deps.reasons.reasons.filter((r) => r.code === code),
        code,
      ).toHaveLength(1);
    }
    expect(deps.reasons.reasons).toHaveLength(REASON_CODES.length);
  });

  it('orders severity as domain.md does: falsified > expired > wrong document > unreadable > incomplete', () => {
    const severity = (code: string) => deps.reasons.reasons.find((r) => r.code === code)!.severity;
    const ordered = ['FALSIFIED', 'DOC_EXPIRED', 'WRONG_DOCUMENT', 'UNREADABLE', 'INCOMPLETE_FORM'].map(severity);
    expect(ordered).toEqual([...ordered].sort((a, b) => a - b));
  });

  it('maps the redirect reasons to their targets and keeps labels apart from types', () => {
    const byCode = new Map(deps.reasons.reasons.map((r) => [r.code, r]));
    expect(byCode.get('HAS_ITALIAN_CF')).toMatchObject({
      type: 'redirect',
      redirectTarget: 'SPID_CIE',
      actions: ['REDIRECT'],
    });
    expect(byCode.get('EIDAS_AVAILABLE')).toMatchObject({ type: 'redirect', redirectTarget: 'EIDAS' });
    expect(byCode.get('CLICLAVORO_ACCOUNT')).toMatchObject({ type: 'redirect', redirectTarget: 'CLICLAVORO' });
    expect(byCode.get('FALSIFIED')).toMatchObject({ type: 'final', actions: ['REJECT'] });
    expect(byCode.get('DOC_EXPIRED')?.type).toBe('resubmit');
  });

  it('rejects a catalog with a missing, duplicated or inconsistent entry', () => {
    const catalog = raw();
    const without = { ...catalog, reasons: catalog.reasons.filter((r) => r.code !== 'NO_REPLY') };
    expect(ReasonCatalogSchema.safeParse(without).error?.message).toContain('NO_REPLY has 0 entries');
    const twice = { ...catalog, reasons: [...catalog.reasons, { ...catalog.reasons[0]!, severity: 99 }] };
    expect(ReasonCatalogSchema.safeParse(twice).error?.message).toContain('FALSIFIED has 2 entries');
    const sameSeverity = structuredClone(catalog);
    sameSeverity.reasons[1]!.severity = sameSeverity.reasons[0]!.severity;
    expect(ReasonCatalogSchema.safeParse(sameSeverity).success).toBe(false);
    const targetless = structuredClone(catalog);
    delete targetless.reasons.find((r) => r.code === 'EIDAS_AVAILABLE')!.redirectTarget;
    expect(ReasonCatalogSchema.safeParse(targetless).success).toBe(false);
    const finalWithoutReject = structuredClone(catalog);
    finalWithoutReject.reasons.find((r) => r.code === 'DUPLICATE')!.actions = ['REQUEST_INFO'];
    expect(ReasonCatalogSchema.safeParse(finalWithoutReject).success).toBe(false);
  });
});

describe('applicant e-mail templates', () => {
  it('loads all five languages without errors', () => {
    const loaded = loadMailCatalog({ templatesDir: TEMPLATES, resourcesDir: RESOURCES });
    expect(loaded.ok && [...loaded.catalog.languages.keys()].sort()).toEqual([...LANGUAGES].sort());
    expect(loaded.errors).toEqual([]);
  });

  /** Every decision with every reason it may carry, in every language. */
  const cases = LANGUAGES.flatMap((language) =>
    DECISION_ACTIONS.flatMap(
      (
        action,
      ): (Pick<ApplicantMailInput, 'action' | 'redirectTarget'> & {
        language: string;
        reasonCodes: ReasonCode[];
      })[] => {
        if (action === 'SEND_FORM' || action === 'APPROVE') return [{ language, action, reasonCodes: [] }];
        return deps.reasons.reasons
          .filter((r) => (r.actions as readonly string[]).includes(action))
          .map((r) => ({ language, action, reasonCodes: [r.code], redirectTarget: r.redirectTarget }));
      },
    ),
  );

  it('renders every template with every reason and leaves no placeholder behind', () => {
    expect(cases.length).toBe(LANGUAGES.length * (2 + 7 + 10 + 3));
    for (const c of cases) {
      const mail = render(c);
      const label = `${c.language} ${c.action} ${c.reasonCodes.join()}`;
      expect(mail.missingPlaceholders, label).toEqual([]);
      expect(`${mail.subject}\n${mail.body}`, label).not.toMatch(/\{\{|\}\}/);
      expect(mail.language).toBe(c.language);
      expect(mail.fallback).toBeNull();
      expect(mail.subject).toContain('T-2026-0042');
      expect(mail.body).toContain('Zoë Lefèvre-Okafor');
      expect(mail.body).toContain('Giulia Bianchi');
    }
  });

  it('gives each reason its own sentence per language and decision', () => {
    for (const language of LANGUAGES) {
      for (const action of ['REQUEST_INFO', 'REJECT'] as const) {
        const bodies = cases.filter((c) => c.language === language && c.action === action).map((c) => render(c).body);
        expect(new Set(bodies).size, `${language} ${action}`).toBe(bodies.length);
      }
    }
  });

  it('attaches the PDF form to the form request, and nothing to other mails', () => {
    for (const language of LANGUAGES) {
      const mail = render({ action: 'SEND_FORM', language });
      expect(mail.attachments).toEqual([
        { file: FORM_PDF, filename: 'accreditamento-utente-estero-v1.pdf', contentType: 'application/pdf' },
      ]);
      expect(readFileSync(mail.attachments[0]!.file).subarray(0, 5).toString()).toBe('%PDF-');
      expect(render({ action: 'APPROVE', language }).attachments).toEqual([]);
    }
  });

  it('says in the approval that credentials follow separately and the password must be changed', () => {
    const password = {
      it: /password/,
      en: /change your password/,
      fr: /changer ce mot de passe/,
      es: /cambiar obligatoriamente la contraseña/,
      de: /Passwort ändern/,
    };
    for (const language of LANGUAGES) {
      const mail = render({ action: 'APPROVE', language });
      expect(mail.body).toMatch(password[language]);
      expect(mail.body).toMatch(/(due|two|deux|dos|zwei) /);
      expect(mail.body).toContain('- Distacco transnazionale');
    }
    expect(render({ action: 'APPROVE', services: undefined }).missingPlaceholders).toEqual(['services']);
  });

  it('lists several reasons by severity', () => {
    const mail = render({
      action: 'REQUEST_INFO',
      language: 'en',
      reasonCodes: ['MISSING_SIGNATURE', 'UNREADABLE', 'DOC_EXPIRED'],
    });
    const expired = mail.body.indexOf('has expired');
    const unreadable = mail.body.indexOf('not legible');
    const signature = mail.body.indexOf('Please sign');
    expect(expired).toBeGreaterThan(0);
    expect(expired).toBeLessThan(unreadable);
    expect(unreadable).toBeLessThan(signature);
    expect(mail.body.match(/^- /gm)).toHaveLength(3);
  });

  it('picks the redirect template from the target, or from the redirect reason', () => {
    expect(render({ action: 'REDIRECT', redirectTarget: 'SPID_CIE', language: 'en' }).body).toContain('SPID');
    const fromReason = render({ action: 'REDIRECT', reasonCodes: ['CLICLAVORO_ACCOUNT'], language: 'en' });
    expect(fromReason.subject).toContain('Cliclavoro');
    expect(() => render({ action: 'REDIRECT' })).toThrow(/redirect needs a target/);
  });

  it('writes the eIDAS list date in the applicant’s language', () => {
    const date = {
      it: '23 novembre 2026',
      en: '23 November 2026',
      fr: '23 novembre 2026',
      es: '23 de noviembre de 2026',
      de: '23. November 2026',
    };
    for (const language of LANGUAGES) {
      expect(render({ action: 'REDIRECT', redirectTarget: 'EIDAS', language }).body).toContain(date[language]);
    }
    const undated = render({ action: 'REDIRECT', redirectTarget: 'EIDAS', eidasListDate: undefined });
    expect(undated.missingPlaceholders).toEqual(['eidasListDate']);
    expect(undated.body).toContain('{{eidasListDate}}');
  });

  it('falls back to English for a language without templates, and says so', () => {
    const mail = render({ action: 'SEND_FORM', language: 'pt' });
    expect(mail.language).toBe('en');
    expect(mail.body).toMatch(/^Dear Zoë/);
    expect(mail.fallback?.it).toContain('«pt»');
    expect(mail.fallback?.en).toContain('English');
    expect(render({ action: 'SEND_FORM', language: 'DE' }).language).toBe('de');
  });

  it('reports a reason with no sentence for the decision', () => {
    const mail = render({ action: 'REQUEST_INFO', reasonCodes: ['FALSIFIED'] });
    expect(mail.missingPlaceholders).toEqual(['reasons.FALSIFIED']);
  });
});

describe('loadMailCatalog', () => {
  let temp: ReturnType<typeof tempDir>;
  let dir: string;
  beforeEach(() => {
    temp = tempDir('mail');
    dir = path.join(temp.dir, 'mail-templates');
    cpSync(TEMPLATES, dir, { recursive: true });
  });
  afterEach(() => temp.remove());

  const loadCopy = () => loadMailCatalog({ templatesDir: dir, resourcesDir: RESOURCES });

  it('reports an unknown placeholder when rendering', () => {
    const file = path.join(dir, 'en', 'approve.txt');
    writeFileSync(file, readFileSync(file, 'utf8').replace('{{services}}', '{{services}}\n{{portalUrl}}'));
    const loaded = loadCopy();
    if (!loaded.ok) throw new Error('should load');
    const mail = renderApplicantMail(
      { action: 'APPROVE', language: 'en', ...base },
      { ...deps, catalog: loaded.catalog },
    );
    expect(mail.missingPlaceholders).toEqual(['portalUrl']);
  });

  it('leaves out an incomplete language and reports it', () => {
    rmSync(path.join(dir, 'fr', 'reject.txt'));
    const loaded = loadCopy();
    expect(loaded.ok && [...loaded.catalog.languages.keys()].sort()).toEqual(['de', 'en', 'es', 'it']);
    expect(loaded.errors).toEqual([
      expect.objectContaining({ code: 'NOT_FOUND', file: path.join(dir, 'fr', 'reject.txt') }),
    ]);
  });

  it('refuses to load without English', () => {
    writeFileSync(path.join(dir, 'en', 'strings.json'), '{"reasons":{},"services":{}}');
    const loaded = loadCopy();
    expect(loaded.ok).toBe(false);
    expect(loaded.errors.map((e) => e.file)).toContain(path.join(dir, 'en', 'strings.json'));
    expect(loaded.errors.find((e) => e.code === 'INVALID')?.message).toContain('services.CABOTAGGIO');
  });

  it('rejects a template without a subject, with a bad header, or attaching a file outside resources', () => {
    writeFileSync(path.join(dir, 'it', 'approve.txt'), 'Attach: forms/accreditamento-utente-estero-v1.pdf\n\nbody\n');
    writeFileSync(path.join(dir, 'it', 'reject.txt'), 'Subject: x\nFrom: me\n\nbody\n');
    writeFileSync(path.join(dir, 'de', 'send-form.txt'), 'Subject: x\nAttach: ../package.json\n\nbody\n');
    const loaded = loadCopy();
    const messages = loaded.errors.map((e) => e.message).join('\n');
    expect(messages).toContain('no "Subject:" header');
    expect(messages).toContain('line 2: expected "Subject:" or "Attach:"');
    expect(messages).toContain('attachment ../package.json');
    expect(loaded.ok && [...loaded.catalog.languages.keys()].sort()).toEqual(['en', 'es', 'fr']);
  });
});
