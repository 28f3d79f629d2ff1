import { z } from 'zod';
import {
  DecisionActionSchema,
  ReasonCodeSchema,
  RedirectTargetSchema,
  ServiceSchema,
} from '../../../common/api/schemas.ts';
import type { ReasonCatalog } from '../../../common/checks/reasons.ts';
import type { LocalizedText } from '../../../common/checks/text.ts';
import { formatIsoDate } from '../rules/display.ts';
import {
  FALLBACK_LANGUAGE,
  PLACEHOLDERS,
  type MailAttachment,
  type MailCatalog,
  type Placeholder,
  type TemplateId,
} from './mail-catalog.ts';

export const ApplicantMailInputSchema = z
  .strictObject({
    action: DecisionActionSchema,
    reasonCodes: z.array(ReasonCodeSchema).default([]),
    redirectTarget: RedirectTargetSchema.optional(),
    /** The applicant's language; any code is accepted, those without templates get English. */
    language: z.string().min(2).max(8),
    applicant: z.strictObject({ nome: z.string(), cognome: z.string() }),
    ticket: z.strictObject({ id: z.string() }),
    operatorName: z.string().optional(),
    /** Services granted, for the approval e-mail. */
    services: z.array(ServiceSchema).optional(),
    /** Publication date of the eIDAS list the redirect relied on (ISO date). */
    eidasListDate: z.iso.date().optional(),
  })
  .refine(
    (input) => input.action !== 'REDIRECT' || input.redirectTarget !== undefined || input.reasonCodes.length > 0,
    {
      message: 'a redirect needs a target or a redirect reason',
      path: ['redirectTarget'],
    },
  );
export type ApplicantMailInput = z.input<typeof ApplicantMailInputSchema>;

export interface RenderedMail {
  subject: string;
  /** Plain text. */
  body: string;
  attachments: MailAttachment[];
  /** The language actually used. */
  language: string;
  /** Set when the applicant's language has no templates and English was used instead. */
  fallback: LocalizedText | null;
  /**
   * Placeholders left unfilled (unknown to the renderer, or without a value), and `reasons.<CODE>`
   * for a reason with no sentence for this decision. Non-empty means the mail must not be sent.
   */
  missingPlaceholders: string[];
}

export interface ApplicantMailDeps {
  catalog: MailCatalog;
  reasons: ReasonCatalog;
}

const TARGET_TEMPLATES = {
  SPID_CIE: 'redirect-spid-cie',
  EIDAS: 'redirect-eidas',
  CLICLAVORO: 'redirect-cliclavoro',
} as const satisfies Record<z.output<typeof RedirectTargetSchema>, TemplateId>;

/** Renders the e-mail that tells the applicant about a decision, in their language when we have it. */
export function renderApplicantMail(rawInput: ApplicantMailInput, deps: ApplicantMailDeps): RenderedMail {
  const input = ApplicantMailInputSchema.parse(rawInput);
  const requested = input.language.toLowerCase();
  const language = deps.catalog.languages.has(requested) ? requested : FALLBACK_LANGUAGE;
  const set = deps.catalog.languages.get(language)!;
  const template = set.templates[templateFor(input, deps.reasons)];
  const missing = new Set<string>();

  const reasonKey = input.action === 'REQUEST_INFO' ? 'requestInfo' : input.action === 'REJECT' ? 'reject' : undefined;
  const severity = new Map(deps.reasons.reasons.map((r) => [r.code, r.severity]));
  const reasonLines = reasonKey
    ? [...new Set(input.reasonCodes)]
        .sort((a, b) => (severity.get(a) ?? 0) - (severity.get(b) ?? 0))
        .map((code) => {
          const sentence = set.strings.reasons[code]?.[reasonKey];
          if (!sentence) missing.add(`reasons.${code}`);
          return `- ${sentence ?? code}`;
        })
    : [];

  const values: Partial<Record<Placeholder, string>> = {
    nome: input.applicant.nome,
    cognome: input.applicant.cognome,
    ticketId: input.ticket.id,
    ...(input.operatorName ? { operatorName: input.operatorName } : {}),
    ...(reasonLines.length ? { reasons: reasonLines.join('\n') } : {}),
    ...(input.services?.length
      ? { services: input.services.map((service) => `- ${set.strings.services[service]}`).join('\n') }
      : {}),
    ...(input.eidasListDate ? { eidasListDate: formatIsoDate(input.eidasListDate, language) } : {}),
  };
  const fill = (text: string) =>
    text.replace(/\{\{\s*([^{}\s]+)\s*\}\}/g, (token, name: string) => {
      const value = (PLACEHOLDERS as readonly string[]).includes(name) ? values[name as Placeholder] : undefined;
      if (value === undefined) missing.add(name);
      return value ?? token;
    });

  const subject = fill(template.subject);
  const body = fill(template.body);
  return {
    subject,
    body,
    attachments: template.attachments.map((a) => ({ ...a })),
    language,
    fallback:
      language === requested
        ? null
        : {
            it: `Nessun modello di e-mail in «${requested}»: viene usato l’inglese.`,
            en: `No e-mail templates in "${requested}": English is used.`,
          },
    missingPlaceholders: [...missing],
  };
}

function templateFor(input: z.output<typeof ApplicantMailInputSchema>, reasons: ReasonCatalog): TemplateId {
  switch (input.action) {
    case 'SEND_FORM':
      return 'send-form';
    case 'APPROVE':
      return 'approve';
    case 'REQUEST_INFO':
      return 'request-info';
    case 'REJECT':
      return 'reject';
    case 'REDIRECT': {
      const target =
        input.redirectTarget ??
        reasons.reasons.find((r) => input.reasonCodes.includes(r.code) && r.redirectTarget)?.redirectTarget;
      if (!target) throw new Error('a redirect needs a target or a redirect reason');
      return TARGET_TEMPLATES[target];
    }
  }
}
