/** The Gaps view's request (GAPS_REQUEST): what stops the ITT being issued, grouped. */
import type { ReportFolder } from './report';
import type { OpenDocuments } from '../convert';
import type { GapsReply } from '../protocol';

export function gapsRequest(folder: ReportFolder, open?: OpenDocuments): GapsReply {
  void folder;
  void open;
  throw new Error('the gaps request is not built yet');
}
