// The browser tab and a screen reader announce the page by its title.
import { useEffect } from 'react';

export function usePageTitle(title: string | undefined) {
  useEffect(() => {
    document.title = title ? `${title} · Quartet` : 'Quartet';
  }, [title]);
}
