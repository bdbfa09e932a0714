// Texts of the profile's "Your data" section (added to the translations when the section loads).
export const dataExportEn = {
  dataExport: {
    title: 'Your data',
    intro: 'Download a copy of everything Quartet holds about you: your profile, bookings, attendance, sessions you coached, ratings and suggestions, sign-ins and the mails sent to you. You get one ZIP file with the data as JSON and a readable summary.',
    request: 'Download your data',
    requesting: 'Asking…',
    preparing: 'Your data is being prepared. This page updates by itself, and you will get a mail when it is ready.',
    ready: 'Your data is ready. It can be downloaded once, until {{until}}; then it is deleted.',
    download: 'Download (once, until {{until}})',
    downloading: 'Downloading…',
    downloaded: 'You downloaded your data on {{at}}; the copy has been deleted from Quartet.',
    expired: 'Your last copy expired on {{at}} without being downloaded, and was deleted.',
    failed: 'Your last copy could not be prepared. Please ask again.',
    again: 'Ask for a new copy',
    limit: 'You can ask up to {{count}} times a day.',
    tooMany: 'You have asked for your data {{count}} times today. Please try again tomorrow.',
  },
  errors: {
    EXPORT_IN_PROGRESS: 'Your data is already being prepared; you will get a mail when it is ready.',
    EXPORT_NOT_READY: 'Your data is still being prepared.',
    EXPORT_DOWNLOADED: 'This copy was downloaded already and then deleted. Ask for a new one.',
    EXPORT_EXPIRED: 'This copy has expired and was deleted. Ask for a new one.',
    EXPORT_FAILED: 'This copy could not be prepared. Ask for a new one.',
  },
};

export const dataExportDe: typeof dataExportEn = {
  dataExport: {
    title: 'Ihre Daten',
    intro: 'Laden Sie eine Kopie von allem herunter, was Quartet über Sie speichert: Profil, Buchungen, Teilnahmen, geleitete Termine, Bewertungen und Vorschläge, Anmeldungen und die Mails an Sie. Sie erhalten eine ZIP-Datei mit den Daten als JSON und einer lesbaren Zusammenfassung.',
    request: 'Ihre Daten herunterladen',
    requesting: 'Wird angefordert…',
    preparing: 'Ihre Daten werden zusammengestellt. Diese Seite aktualisiert sich von selbst, und Sie erhalten eine Mail, sobald sie bereitstehen.',
    ready: 'Ihre Daten stehen bereit. Sie lassen sich einmal herunterladen, bis {{until}}; danach werden sie gelöscht.',
    download: 'Herunterladen (einmal, bis {{until}})',
    downloading: 'Wird heruntergeladen…',
    downloaded: 'Sie haben Ihre Daten am {{at}} heruntergeladen; die Kopie wurde in Quartet gelöscht.',
    expired: 'Ihre letzte Kopie ist am {{at}} abgelaufen, ohne heruntergeladen zu werden, und wurde gelöscht.',
    failed: 'Ihre letzte Kopie konnte nicht erstellt werden. Bitte fordern Sie sie erneut an.',
    again: 'Neue Kopie anfordern',
    limit: 'Sie können bis zu {{count}}-mal am Tag anfordern.',
    tooMany: 'Sie haben Ihre Daten heute schon {{count}}-mal angefordert. Bitte versuchen Sie es morgen wieder.',
  },
  errors: {
    EXPORT_IN_PROGRESS: 'Ihre Daten werden bereits zusammengestellt; Sie erhalten eine Mail, sobald sie bereitstehen.',
    EXPORT_NOT_READY: 'Ihre Daten werden noch zusammengestellt.',
    EXPORT_DOWNLOADED: 'Diese Kopie wurde bereits heruntergeladen und danach gelöscht. Fordern Sie eine neue an.',
    EXPORT_EXPIRED: 'Diese Kopie ist abgelaufen und wurde gelöscht. Fordern Sie eine neue an.',
    EXPORT_FAILED: 'Diese Kopie konnte nicht erstellt werden. Fordern Sie eine neue an.',
  },
};
