// The shapes the API answers with, inferred from the schemas its routes validate and filter with,
// so a changed response breaks `tsc -p src/web` instead of a page at run time. The imports are
// type-only: erased at build, so nothing of the server reaches the bundle.
import type { z } from 'zod';
import type { Absence, AbsenceList, AbsenceReported, UncoachedSessionList } from '../../features/absences/schema.ts';
import type { AuditLogPage } from '../../features/audit/schema.ts';
import type { BookingList, BookingView, SeatCheck } from '../../features/bookings/schema.ts';
import type { CoachList, ModuleList, ModuleView, RoomList, RoomView } from '../../features/catalog/schema.ts';
import type { Dashboard } from '../../features/dashboard/schema.ts';
import type { PeoplePage, PersonChanged } from '../../features/directory/schema.ts';
import type { MyNetwork, NetworkSummary } from '../../features/encounters/schema.ts';
import type { FeedbackSummary, MyRating, MyRatings } from '../../features/feedback/schema.ts';
import type { FeedAddress, FeedStatus, MessagePage } from '../../features/notifications/schema.ts';
import type { Settings } from '../../features/organisations/schema.ts';
import type { ImportRefusal, ImportReport, ImportRowReason, ImportWarning, Me } from '../../features/people/schema.ts';
import type { Occurrence, SeriesCheck, SeriesPublished } from '../../features/series/schema.ts';
import type { CoachSessionList, RosterEntry, SessionPage, SessionView } from '../../features/sessions/schema.ts';
import type { SsoSettings } from '../../features/sso/schema.ts';
import type { CategoryList, GroupSuggestions, MySuggestions, SuggestionView } from '../../features/suggestions/schema.ts';
import type { BoardAccess, BoardDetail, BoardPage, OwnerList } from '../../features/suggestions/board/schema.ts';
import type { Campaign } from '../../features/suggestions/campaign/schema.ts';
import type { IdeaDetail, IdeasPage, SupportState } from '../../features/suggestions/open-board/schema.ts';

export type Me = z.infer<typeof Me>;
export type Locale = Me['locale'];
export type Role = Me['roles'][number];

export type Session = z.infer<typeof SessionView>;
export type SeatCheck = z.infer<typeof SeatCheck>;
export type SessionPage = z.infer<typeof SessionPage>;
export type Format = Session['format'];
export type CoachSessionList = z.infer<typeof CoachSessionList>;
export type CoachSession = CoachSessionList['items'][number];
export type RosterEntry = z.infer<typeof RosterEntry>;
export type Occurrence = z.infer<typeof Occurrence>;
export type SeriesCheck = z.infer<typeof SeriesCheck>;
export type SeriesPublished = z.infer<typeof SeriesPublished>;

export type Booking = z.infer<typeof BookingView>;
export type BookingList = z.infer<typeof BookingList>;
export type BookingStatus = Booking['status'];

export type Module = z.infer<typeof ModuleView>;
export type ModuleList = z.infer<typeof ModuleList>;
export type Room = z.infer<typeof RoomView>;
export type RoomList = z.infer<typeof RoomList>;
export type CoachList = z.infer<typeof CoachList>;

export type Absence = z.infer<typeof Absence>;
export type AbsenceList = z.infer<typeof AbsenceList>;
export type AbsenceReported = z.infer<typeof AbsenceReported>;
export type UncoachedSessionList = z.infer<typeof UncoachedSessionList>;
export type UncoachedSession = UncoachedSessionList['items'][number];

export type Settings = z.infer<typeof Settings>;
export type SsoSettings = z.infer<typeof SsoSettings>;
export type Dashboard = z.infer<typeof Dashboard>;
export type DirectoryPage = z.infer<typeof PeoplePage>;
export type DirectoryPerson = DirectoryPage['items'][number];
export type PersonChanged = z.infer<typeof PersonChanged>;
export type ImportReport = z.infer<typeof ImportReport>;
export type ImportRefusal = z.infer<typeof ImportRefusal>;
export type ImportRowReason = z.infer<typeof ImportRowReason>;
export type ImportWarning = z.infer<typeof ImportWarning>;
export type AuditLogPage = z.infer<typeof AuditLogPage>;
export type AuditEntry = AuditLogPage['items'][number];
export type MessagePage = z.infer<typeof MessagePage>;
export type OutgoingMessage = MessagePage['items'][number];
export type FeedStatus = z.infer<typeof FeedStatus>;
export type FeedAddress = z.infer<typeof FeedAddress>;

export type GroupSuggestions = z.infer<typeof GroupSuggestions>;
export type Suggestion = z.infer<typeof SuggestionView>;
export type MySuggestions = z.infer<typeof MySuggestions>;
export type SuggestionStatus = Suggestion['status'];
export type CategoryList = z.infer<typeof CategoryList>;
export type Category = CategoryList['items'][number];
export type BoardPage = z.infer<typeof BoardPage>;
export type BoardItem = BoardPage['items'][number];
export type BoardDetail = z.infer<typeof BoardDetail>;
export type BoardAccess = z.infer<typeof BoardAccess>;
export type OwnerList = z.infer<typeof OwnerList>;
export type Campaign = z.infer<typeof Campaign>;
export type IdeasPage = z.infer<typeof IdeasPage>;
export type Idea = IdeasPage['items'][number];
export type IdeaDetail = z.infer<typeof IdeaDetail>;
export type SupportState = z.infer<typeof SupportState>;

export type MyRating = z.infer<typeof MyRating>;
export type MyRatings = z.infer<typeof MyRatings>;
export type FeedbackSummary = z.infer<typeof FeedbackSummary>;
export type RatingFigure = FeedbackSummary['overall'];

export type NetworkSummary = z.infer<typeof NetworkSummary>;
export type MyNetwork = z.infer<typeof MyNetwork>;
