/**
 * The trace API's answers as the page reads them: the shapes are the pure
 * trace/ module's own (trace/trace-view.ts), imported as types, so the page
 * and the API cannot drift apart.
 */
export type {
  AlertEpisodeSummary,
  ForwardTrace,
  ReelCalibration,
  ReelShipment,
  ReelTestsSummary,
  ReelTrace,
  RecallCase,
  RecallCaseList,
  TracedReel,
  UnrecordedReel,
} from '../../trace/trace-view.js';
export type { ReelCharacteristic, ReelVerdict } from '../../trace/reels/reel-record.js';
export type { MaterialLotRecord, RecallRecord, RecallStatus, ReelTestRecord, ShipmentRecord } from '../../trace/records/trace-records.js';
