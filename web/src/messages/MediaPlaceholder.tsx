import type { MediaDescription } from './describeMedia';

/** A stand-in for media the client does not load (voice, file, video, non-web images). */
export function MediaPlaceholder({ icon, label }: MediaDescription) {
  return (
    <div className="media-placeholder">
      <span className={`media-placeholder__icon media-placeholder__icon--${icon}`} aria-hidden="true" />
      <span className="media-placeholder__label">{label}</span>
    </div>
  );
}
