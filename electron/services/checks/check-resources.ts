import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EidasList } from '../../../common/checks/eligibility.ts';
import type { FormTemplateDescriptor } from '../../../common/checks/pdf-form.ts';
import type { ReasonCatalog } from '../../../common/checks/reasons.ts';
import { loadFormTemplates } from '../documents/pdf/form-templates.ts';
import type { Logger } from '../log/logger.ts';
import { eidasListCandidates, loadEidasList } from '../rules/eidas-list.ts';
import { loadReasonCatalog, REASONS_FILE } from '../rules/reason-catalog.ts';
import { loadMailCatalog, type MailCatalog } from '../templates/mail-catalog.ts';

/** The repository's resources/ when running from source; a packaged app passes its own. */
export const SOURCE_RESOURCES_DIR = fileURLToPath(new URL('../../../resources/', import.meta.url));

export interface CheckResources {
  /** Undefined when no valid list loads: eligibility then says it could not be assessed. */
  eidasList: EidasList | undefined;
  reasons: ReasonCatalog;
  /** Undefined when no complete English set loads: previews say why. */
  mailCatalog: MailCatalog | undefined;
  formTemplates: FormTemplateDescriptor[];
}

/**
 * Loads the versioned data the checks need. The eIDAS list may be updated without a release by
 * placing a newer copy in the profile; a broken copy is reported and the shipped one used.
 */
export function loadCheckResources(dirs: { resourcesDir: string; profileDir: string }, log: Logger): CheckResources {
  const eidas = loadEidasList(eidasListCandidates(dirs));
  if (!eidas.ok) log.error('no eIDAS list could be loaded', { errors: eidas.errors.map((e) => e.message) });
  else if (eidas.skipped.length) log.warn('eIDAS list copies skipped', { errors: eidas.skipped.map((e) => e.message) });

  const reasons = loadReasonCatalog(path.join(dirs.resourcesDir, REASONS_FILE));
  // Without reason codes no decision can be explained: an installation this broken must not start.
  if (!reasons.ok) throw new Error(`the reason catalog cannot be loaded: ${reasons.error.message}`);

  const mail = loadMailCatalog({
    templatesDir: path.join(dirs.resourcesDir, 'mail-templates'),
    resourcesDir: dirs.resourcesDir,
  });
  if (!mail.ok)
    log.error('no applicant e-mail templates could be loaded', { errors: mail.errors.map((e) => e.message) });
  else if (mail.errors.length)
    log.warn('some e-mail languages left out', { errors: mail.errors.map((e) => e.message) });

  return {
    eidasList: eidas.ok ? eidas.list : undefined,
    reasons: reasons.value,
    mailCatalog: mail.ok ? mail.catalog : undefined,
    formTemplates: loadFormTemplates(path.join(dirs.resourcesDir, 'forms')),
  };
}
