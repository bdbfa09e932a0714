// Suggestions as readers see them: the group's words, never who typed them; names and the
// question in the reader's language, the other one where a text exists only in that.
import type { Locale } from '../../db/schema.ts';
import type { CategoryRow, SuggestionRow } from './queries.ts';

export function inLanguage(locale: Locale, en: string, de: string): string {
  const [mine, other] = locale === 'de' ? [de, en] : [en, de];
  return mine.trim() !== '' ? mine : other;
}

export function presentSuggestion(row: SuggestionRow, locale: Locale) {
  return {
    id: row.id,
    sessionId: row.session_id,
    title: row.title,
    body: row.body,
    category: row.category_id ? { id: row.category_id, name: inLanguage(locale, row.category_en ?? '', row.category_de ?? '') } : null,
    area: row.area,
    status: row.status,
    response: row.response,
    takenUp: row.taken_up,
    version: row.version,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export function presentCategory(row: CategoryRow, locale: Locale) {
  return {
    id: row.id, nameEn: row.name_en, nameDe: row.name_de, name: inLanguage(locale, row.name_en, row.name_de),
    position: row.position, retired: row.retired_at !== null,
  };
}
