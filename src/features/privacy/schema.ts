// The admin's records of processing (Art. 30 GDPR): the map of personal data in the reader's
// language, table by table, personal columns grouped by what they are for.
import { z } from 'zod';

export const RecordsQuery = z.object({
  lang: z.enum(['en', 'de']).optional().describe("The language of the texts; the reader's own by default"),
}).strict();

const LegalBasis = z.enum(['contract', 'legitimate_interest', 'legal_obligation', 'consent']);
const Kind = z.enum(['identity', 'reference', 'content', 'activity']);

const Processing = z.object({
  columns: z.array(z.object({ name: z.string(), kind: Kind })).describe('The columns processed for this purpose'),
  purpose: z.string(),
  legalBasis: LegalBasis,
  legalBasisLabel: z.string().describe('The article of the GDPR, in words'),
  retention: z.string().describe('How long it is kept and what removes it'),
});

const TableRecord = z.object({
  table: z.string(),
  holds: z.string(),
  subjectColumn: z.string().nullable().describe('The column naming the person a row is about, if rows are about one person'),
  processing: z.array(Processing),
  notPersonal: z.array(z.string()).describe('Columns that hold nothing about a person'),
});

export const ProcessingRecords = z
  .object({
    locale: z.enum(['en', 'de']),
    controller: z.null().describe("The organisation's controller details (Art. 30(1)(a)); set by the privacy notice, not yet here"),
    legalBases: z.array(z.object({ code: LegalBasis, label: z.string(), explanation: z.string() })),
    tables: z.array(TableRecord),
    outside: z.array(z.object({ table: z.string(), why: z.string() })).describe('Tables that hold no organisation’s people, and why'),
  })
  .meta({ id: 'ProcessingRecords' });
