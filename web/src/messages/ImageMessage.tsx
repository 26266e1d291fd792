import { MediaPlaceholder } from './MediaPlaceholder';
import type { ImageMessageData } from './parseRobotMessage';
import { toImageSrc } from './safeUrl';

/**
 * sampleImageMsg: the picture when photoURL is an http(s) URL; otherwise (a
 * DingTalk mediaId, or anything else) a placeholder naming what was sent.
 */
export function ImageMessage({ message }: { readonly message: ImageMessageData }) {
  const src = toImageSrc(message.photoURL);
  if (src === null) return <MediaPlaceholder icon="image" label={`Image · ${message.photoURL}`} />;
  return <img className="image-message" src={src} alt="Image" loading="lazy" referrerPolicy="no-referrer" />;
}
