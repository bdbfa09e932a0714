// A half-typed suggestion kept in the browser's storage on every keystroke, so a reload, a closed
// tab or a lost connection loses nothing; it is cleared once the server has the suggestion.
import { useCallback, useState } from 'react';

export interface SuggestionDraft {
  title: string;
  body: string;
  categoryId: string;
  area: string;
}

const PREFIX = 'quartet.suggestion-draft.';

function read(key: string): SuggestionDraft | null {
  try {
    const raw = localStorage.getItem(PREFIX + key);
    const value = raw ? (JSON.parse(raw) as Partial<SuggestionDraft>) : null;
    if (!value || typeof value !== 'object') return null;
    return { title: String(value.title ?? ''), body: String(value.body ?? ''), categoryId: String(value.categoryId ?? ''), area: String(value.area ?? '') };
  } catch {
    return null; // storage off (private mode) or a damaged entry: start empty
  }
}

function write(key: string, draft: SuggestionDraft | null): void {
  try {
    if (draft) localStorage.setItem(PREFIX + key, JSON.stringify(draft));
    else localStorage.removeItem(PREFIX + key);
  } catch {
    // Storage full or off: the form still holds the text while the page is open.
  }
}

/** The draft under `key` (restored if one was left), a setter that stores it, and a clear. */
export function useDraft(key: string, initial: SuggestionDraft) {
  const [stored] = useState(() => read(key));
  const [draft, setState] = useState<SuggestionDraft>(stored ?? initial);
  const set = useCallback((next: SuggestionDraft) => {
    setState(next);
    write(key, Object.values(next).every((v) => v.trim() === '') ? null : next);
  }, [key]);
  const clear = useCallback(() => {
    write(key, null);
    setState({ title: '', body: '', categoryId: '', area: '' });
  }, [key]);
  return { draft, set, clear, restored: stored !== null };
}
