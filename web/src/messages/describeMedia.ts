import type { MediaMessageData } from './parseRobotMessage';

/** The placeholder icons (styles.css draws them from ./icons/*.svg). */
export type MediaIcon = 'voice' | 'file' | 'video' | 'image';

/** What a media placeholder shows: an icon and a one-line label. */
export interface MediaDescription {
  readonly icon: MediaIcon;
  readonly label: string;
}

/** "12 s" under a minute, "1:05" from a minute on. */
export function formatDuration(durationMs: number): string {
  const seconds = Math.round(durationMs / 1000);
  if (seconds < 60) return `${seconds} s`;
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

function withDuration(label: string, durationMs: number | null): string {
  return durationMs === null ? label : `${label} · ${formatDuration(durationMs)}`;
}

export function describeMedia(media: MediaMessageData): MediaDescription {
  switch (media.kind) {
    case 'audio':
      return { icon: 'voice', label: withDuration('Voice message', media.durationMs) };
    case 'file':
      return { icon: 'file', label: `File · ${media.fileName} (${media.fileType})` };
    case 'video':
      return { icon: 'video', label: withDuration('Video', media.durationMs) };
  }
}
