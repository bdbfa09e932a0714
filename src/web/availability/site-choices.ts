// The sites the availability form offers: those with a room in use, and any site the coach saved
// whose rooms have all been retired since — it stays saved until removed, so it must stay visible
// (marked) for the person to untick; the API refuses it when saved again.
export interface SiteChoice { site: string; inUse: boolean }

export function siteChoices(roomSites: string[], saved: string[]): SiteChoice[] {
  const inUse = new Set(roomSites);
  const all = [...new Set([...roomSites, ...saved])].sort();
  return all.map((site) => ({ site, inUse: inUse.has(site) }));
}
