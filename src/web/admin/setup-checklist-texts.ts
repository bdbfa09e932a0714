// Texts of the first admin's checklist (added to the translations when the dashboard loads).
export const setupChecklistEn = {
  setup: {
    title: 'Getting your programme started',
    intro: 'Each step ticks itself off once Quartet sees it done.',
    progress: '{{done}} of {{total}} done',
    done: 'Done',
    todo: 'To do',
    steps: {
      rooms: { title: 'Add your rooms', hint: 'Where sessions meet in person. A programme that runs online only needs none: its first online session ticks this off.', link: 'Rooms' },
      coaches: { title: 'Name your coaches', hint: 'Give the coach role to the people who lead sessions; they then say when they can coach.', link: 'People' },
      people: { title: 'Bring in your people', hint: 'Import a CSV file from your HR system, or add people one by one. Five make a first group.', link: 'People' },
      signIn: { title: 'Decide how people sign in', hint: 'Log-in links by mail work now. If your company uses single sign-on, set it up; the step ticks off then, or once the first employee has signed in.', link: 'Settings' },
      sessions: { title: 'Publish the first sessions', hint: 'Coaches publish sessions, or the planner proposes a schedule from their availability.', link: 'Planner' },
    },
  },
};

export const setupChecklistDe: typeof setupChecklistEn = {
  setup: {
    title: 'So starten Sie Ihr Programm',
    intro: 'Jeder Schritt hakt sich selbst ab, sobald Quartet ihn erledigt sieht.',
    progress: '{{done}} von {{total}} erledigt',
    done: 'Erledigt',
    todo: 'Offen',
    steps: {
      rooms: { title: 'Räume anlegen', hint: 'Wo Termine vor Ort stattfinden. Ein Programm, das nur online läuft, braucht keine: sein erster Online-Termin hakt diesen Schritt ab.', link: 'Räume' },
      coaches: { title: 'Coaches benennen', hint: 'Geben Sie den Personen, die Termine leiten, die Rolle Coach; sie tragen dann ein, wann sie können.', link: 'Personen' },
      people: { title: 'Mitarbeitende aufnehmen', hint: 'Importieren Sie eine CSV-Datei aus Ihrem HR-System oder legen Sie Personen einzeln an. Fünf ergeben eine erste Gruppe.', link: 'Personen' },
      signIn: { title: 'Anmeldung festlegen', hint: 'Anmeldelinks per E-Mail funktionieren schon. Nutzt Ihr Unternehmen Single Sign-on, richten Sie es ein; der Schritt hakt sich dann ab oder sobald sich die erste Mitarbeiterin angemeldet hat.', link: 'Einstellungen' },
      sessions: { title: 'Erste Termine veröffentlichen', hint: 'Coaches veröffentlichen Termine, oder der Planer schlägt aus ihrer Verfügbarkeit einen Plan vor.', link: 'Planer' },
    },
  },
};
