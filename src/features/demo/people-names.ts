// Names for the demo company's staff: a European company with colleagues from many countries.

export const FIRST_NAMES: ReadonlyArray<string> = [
  'Anna', 'Lukas', 'Sophie', 'Jonas', 'Marie', 'Felix', 'Lea', 'Moritz', 'Hannah', 'Finn',
  'Clara', 'Paul', 'Emilia', 'Tobias', 'Johanna', 'Maximilian', 'Noah',
  'João', 'Inês', 'Tiago', 'Beatriz', 'Rui', 'Mariana', 'Duarte', 'Catarina', 'Gonçalo', 'Leonor',
  'Carlos', 'Lucía', 'Javier', 'Elena', 'Pablo',
  'Giulia', 'Marco', 'Francesca', 'Luca',
  'Camille', 'Louis', 'Chloé', 'Antoine',
  'Zeynep', 'Emre', 'Ayşe', 'Mehmet',
  'Agnieszka', 'Piotr', 'Katarzyna', 'Tomasz',
  'Sanne', 'Daan', 'Femke', 'Bram',
  'Ingrid', 'Lars', 'Astrid', 'Mikkel',
  'Eleni', 'Nikos',
  'Priya', 'Arjun', 'Ananya', 'Rohan',
  'Amara', 'Chidi',
  'Oksana', 'Andriy',
  'Siobhán', 'Conor',
  'Oliver', 'Emily', 'James', 'Grace',
  'Hana', 'Kenji',
  'Yasmin', 'Omar',
  'Mei', 'Wei',
  'Petra', 'Jan',
];

export const LAST_NAMES: ReadonlyArray<string> = [
  'Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker',
  'Schulz', 'Hoffmann', 'Koch', 'Richter', 'Klein', 'Wolf', 'Schröder', 'Neumann',
  'Silva', 'Santos', 'Ferreira', 'Pereira', 'Oliveira', 'Costa', 'Rodrigues', 'Martins', 'Sousa', 'Gonçalves',
  'García', 'Fernández', 'López', 'Martínez', 'Sánchez',
  'Rossi', 'Bianchi', 'Romano', 'Esposito',
  'Martin', 'Bernard', 'Dubois', 'Lefèvre',
  'Yılmaz', 'Kaya', 'Demir', 'Şahin',
  'Nowak', 'Wójcik', 'Lewandowski', 'Zieliński',
  'de Vries', 'Jansen', 'van Dijk', 'Bakker',
  'Hansen', 'Johansson', 'Nielsen', 'Lindqvist', 'Ødegaard',
  'Papadopoulos', 'Georgiou',
  'Sharma', 'Patel', 'Iyer', 'Reddy',
  'Okafor', 'Adeyemi',
  'Shevchenko', 'Kovalenko',
  "O'Brien", 'Murphy',
  'Smith', 'Taylor', 'Brown', 'Wilson',
  'Tanaka', 'Sato',
  'Haddad', 'Khalil',
  'Chen', 'Wang',
  'Novák', 'Dvořák',
];

// Weights are rough head counts of a mid-sized manufacturer: most people build and ship things.
export const DEPARTMENTS: ReadonlyArray<{ name: string; weight: number }> = [
  { name: 'Engineering', weight: 22 },
  { name: 'Operations', weight: 24 },
  { name: 'Sales', weight: 14 },
  { name: 'Customer Service', weight: 12 },
  { name: 'Marketing', weight: 8 },
  { name: 'Finance', weight: 8 },
  { name: 'People & Culture', weight: 6 },
  { name: 'Legal & Compliance', weight: 6 },
];
