import { useI18n } from 'vue-i18n';
import type { ContractError } from '../../../../common/contract/result.ts';

/**
 * A contract error in the operator's words: the decisions' own text for the codes they explain
 * better, else the console's, with the service's detail for conflicts (it names who holds the ticket).
 */
export function useErrorText(): (error: ContractError) => string {
  const { t, te } = useI18n();
  return (error) => {
    const key = te(`decisions.errors.${error.code}`) ? `decisions.errors.${error.code}` : `errors.${error.code}`;
    const text = te(key) ? t(key) : error.message;
    return error.code === 'CONFLICT' ? `${text} (${error.message})` : text;
  };
}
