/** The Matrix view's request (MATRIX_REQUEST): a row per need → requirement → clause. */
import type { ReportFolder } from './report';
import type { OpenDocuments } from '../convert';
import type { MatrixReply } from '../protocol';

export function matrixRequest(folder: ReportFolder, open?: OpenDocuments): MatrixReply {
  void folder;
  void open;
  throw new Error('the matrix request is not built yet');
}
