// Shapes of the privacy notice's API (validation, the OpenAPI document, the web app's types): the
// organisation's controller details as admins keep them, and the notice as everyone reads it.
// Each refusal names its field in a sentence the web app also has in German (field-errors.ts).
import { z } from 'zod';

const textOrRequired = { error: (issue: { input: unknown }) => (issue.input === undefined ? 'is required' : 'must be text') };

/** Text of at most `max` characters (after trimming); `required`: not empty either. */
function text(max: 200 | 500 | 2000, required: boolean) {
  const trimmed = z.string(textOrRequired).trim();
  const bounded = max === 200 ? trimmed.max(200, 'must be at most 200 characters')
    : max === 500 ? trimmed.max(500, 'must be at most 500 characters')
    : trimmed.max(2000, 'must be at most 2000 characters');
  return required ? bounded.min(1, 'is required') : bounded;
}

const Email = z.string(textOrRequired).trim().max(254, 'must be at most 254 characters')
  .pipe(z.email({ error: 'is not an e-mail address' }));

const HttpsUrl = text(500, false).refine((v) => v === '' || isHttpsUrl(v), 'must be an https:// address');

function isHttpsUrl(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const url = new URL(value);
  return url.protocol === 'https:' && url.hostname !== '';
}

export const ControllerDetailsBody = z.strictObject({
  controllerName: text(200, true).describe("The organisation's legal name, as the controller of its people's data"),
  controllerAddress: text(500, true).describe('Its postal address (lines separated by line breaks)'),
  contactName: text(200, false).default('').describe("The data-protection officer's name; empty where contactEmail is a team's address"),
  contactEmail: Email.describe('Where people write about data protection'),
  authorityName: text(200, true).describe('The supervisory authority people may complain to'),
  authorityUrl: HttpsUrl.default('').describe("The authority's web page (https), or empty"),
  extraTextEn: text(2000, false).default('').describe('What the organisation adds, in English (e.g. the works council agreement); plain text'),
  extraTextDe: text(2000, false).default('').describe('The same in German; plain text'),
});
export type ControllerDetailsInput = z.output<typeof ControllerDetailsBody>;

export const ControllerDetails = z
  .object({
    controllerName: z.string(),
    controllerAddress: z.string(),
    contactName: z.string(),
    contactEmail: z.string(),
    authorityName: z.string(),
    authorityUrl: z.string(),
    extraTextEn: z.string(),
    extraTextDe: z.string(),
  })
  .meta({ id: 'PrivacyControllerDetails' });

const Version = z.string().describe('The wording’s version and the organisation’s revision, e.g. 1.3; a new one shows the short notice again');

export const AdminPrivacyNotice = z
  .object({
    details: ControllerDetails.nullable().describe('null until an admin has entered them'),
    version: Version,
    updatedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'AdminPrivacyNotice' });

export const RetentionPeriods = z.object({
  mailRecordsDays: z.number().int(),
  bookingsAnonymisedMonths: z.number().int(),
  ratingsAnonymisedMonths: z.number().int(),
  auditEntriesYears: z.number().int(),
  deactivatedPeopleErasedMonths: z.number().int(),
}).describe('Sign-in links and ended sign-ins are deleted at once; these are the other periods');

export const Acknowledgement = z
  .object({
    seenVersion: z.string().nullable().describe('The version the person last acknowledged'),
    seenAt: z.iso.datetime().nullable(),
    due: z.boolean().describe('Whether the short notice is to be shown: never acknowledged, or the version has changed since'),
  })
  .meta({ id: 'PrivacyNoticeAcknowledgement' });

export const PrivacyNotice = z
  .object({
    version: Version,
    organisation: z.object({ name: z.string() }).nullable().describe('null for a visitor who is not signed in'),
    controller: ControllerDetails.nullable().describe('null when not signed in, or before the organisation has entered its details'),
    retention: RetentionPeriods,
    minimumPeople: z.number().int().describe('No figure is shown that is built from fewer people than this'),
    acknowledgement: Acknowledgement.nullable().describe('null when not signed in'),
  })
  .meta({ id: 'PrivacyNotice' });

export const SeenBody = z.strictObject({
  version: z.string(textOrRequired).regex(/^\d{1,6}\.\d{1,9}$/, 'is not a version of the notice').describe('The version that was shown (GET /api/privacy-notice)'),
});
