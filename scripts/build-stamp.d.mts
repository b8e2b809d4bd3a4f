export const BUILD_INPUTS: readonly string[];
export const STAMP_FILE: string;
export interface BuildStamp {
  fingerprint: string;
}
export function buildInputFiles(root: string): string[];
export function sourceFingerprint(root: string): string;
export function buildOnDisk(root: string): boolean;
export function readStamp(root: string): BuildStamp | null;
export interface BuildState {
  stamp: BuildStamp | null;
  fingerprint: string;
  haveBuild: boolean;
  canBuild: boolean;
}
export function buildDecision(state: BuildState): { action: 'serve' | 'build' | 'serve-stale' | 'fail'; reason: string };
