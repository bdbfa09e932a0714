// Texts of the people table's role changes (the confirmation before a right is taken away, the
// undo after one is given) and its merged columns, added to the translations when the page loads.
import { i18next } from '../app/i18n.ts';

const en = {
  peopleRoles: {
    names: { employee: 'employee', coach: 'coach', admin: 'admin' },
    confirmTitle: 'Take the {{role}} role away from {{name}}?',
    lose: {
      employee: '{{name}} will no longer be able to book sessions as an employee.',
      coach: '{{name}} will no longer be able to coach sessions or record their attendance.',
      admin: '{{name}} will no longer be able to manage people, sessions and the organisation’s settings.',
    },
    confirm: 'Take the {{role}} role away',
    keep: 'Keep it',
    given: '{{name}} now has the {{role}} role.',
    undo: 'Undo',
    undoNamed: 'Undo: take the {{role}} role away from {{name}} again',
    taken: '{{name}} no longer has the {{role}} role.',
    place: 'Department and site',
    nameAndEmail: 'Name and e-mail',
  },
};

const de: typeof en = {
  peopleRoles: {
    names: { employee: 'Beschäftigte', coach: 'Coach', admin: 'Admin' },
    confirmTitle: '{{name}} die Rolle „{{role}}“ entziehen?',
    lose: {
      employee: '{{name}} kann dann keine Termine mehr als Beschäftigte buchen.',
      coach: '{{name}} kann dann keine Termine mehr leiten und keine Anwesenheit mehr erfassen.',
      admin: '{{name}} kann dann Personen, Termine und die Einstellungen der Organisation nicht mehr verwalten.',
    },
    confirm: 'Rolle „{{role}}“ entziehen',
    keep: 'Behalten',
    given: '{{name}} hat jetzt die Rolle „{{role}}“.',
    undo: 'Rückgängig',
    undoNamed: 'Rückgängig: {{name}} die Rolle „{{role}}“ wieder entziehen',
    taken: '{{name}} hat die Rolle „{{role}}“ nicht mehr.',
    place: 'Abteilung und Standort',
    nameAndEmail: 'Name und E-Mail',
  },
};

i18next.addResourceBundle('en', 'translation', en, true, false);
i18next.addResourceBundle('de', 'translation', de, true, false);
