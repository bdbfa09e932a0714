// Texts of a figure withheld under the privacy floor (added to the translations when a page that
// shows figures loads).
export const withheldEn = {
  privacyFloor: {
    withheld: 'fewer than {{minimum}} people — hidden to protect privacy',
    short: 'fewer than {{minimum}}',
  },
};

export const withheldDe: typeof withheldEn = {
  privacyFloor: {
    withheld: 'weniger als {{minimum}} Personen – zum Schutz der Privatsphäre verborgen',
    short: 'weniger als {{minimum}}',
  },
};
