import type { MediaDescription } from './describeMedia';

/**
 * Voice, file and video (and images that cannot be shown): an icon and a label; with
 * `href` (a media id Dingo serves) the whole card downloads the media.
 */
export function MediaPlaceholder({ icon, label, href }: MediaDescription & { readonly href?: string | null }) {
  const content = (
    <>
      <span className={`media-placeholder__icon media-placeholder__icon--${icon}`} aria-hidden="true" />
      <span className="media-placeholder__label">{label}</span>
    </>
  );
  if (href == null) return <div className="media-placeholder">{content}</div>;
  return (
    <a className="media-placeholder media-placeholder--download" href={href} download>
      {content}
    </a>
  );
}
