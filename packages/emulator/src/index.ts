export {
  RATE_LIMIT_RESET_HEADER,
  SEGMIND_ASPECT_RATIOS,
  SEGMIND_DURATIONS,
  SEGMIND_JOB_STATUSES,
  SEGMIND_MAX_SEED,
  SEGMIND_MODEL,
  SEGMIND_REFERENCE_LIMITS,
  SEGMIND_RESOLUTIONS,
  type SegmindAspectRatio,
  type SegmindJobStatus,
  type SegmindResolution,
} from './constants';
export {
  type RecordedRequest,
  type SegmindEmulator,
  type SegmindEmulatorOptions,
  startSegmindEmulator,
} from './emulator';
export {
  EMULATOR_FAULT_STATUSES,
  EMULATOR_FAULT_TYPES,
  EMULATOR_ROUTES,
  type EmulatorFault,
  type EmulatorFaultKind,
  type EmulatorFaultStatus,
  type EmulatorRoute,
} from './faults';
export { CONTENT_REJECTION_PRESETS, type ContentRejectionPreset } from './moderation';
