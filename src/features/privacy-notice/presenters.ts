// The notice's rows as the API shows them. The controller details are the organisation's public
// statement (the contact for data protection included): every member may read them.
import { noticeVersion } from './notice-facts.ts';
import type { DetailsRow } from './queries.ts';

export interface ControllerDetailsView {
  controllerName: string;
  controllerAddress: string;
  contactName: string;
  contactEmail: string;
  authorityName: string;
  authorityUrl: string;
  extraTextEn: string;
  extraTextDe: string;
}

export function presentDetails(row: DetailsRow): ControllerDetailsView {
  return {
    controllerName: row.controller_name,
    controllerAddress: row.controller_address,
    contactName: row.contact_name,
    contactEmail: row.contact_email,
    authorityName: row.authority_name,
    authorityUrl: row.authority_url,
    extraTextEn: row.extra_text_en,
    extraTextDe: row.extra_text_de,
  };
}

export function presentAdminNotice(row: DetailsRow | undefined) {
  return {
    details: row ? presentDetails(row) : null,
    version: noticeVersion(row?.revision),
    updatedAt: row?.updated_at.toISOString() ?? null,
  };
}

/** Due: never acknowledged, or acknowledged before the current version. */
export function presentAcknowledgement(seen: { seen_version: string | null; seen_at: Date | null }, currentVersion: string) {
  return {
    seenVersion: seen.seen_version,
    seenAt: seen.seen_at?.toISOString() ?? null,
    due: seen.seen_version !== currentVersion,
  };
}
