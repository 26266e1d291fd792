import { useState } from 'react';
import { MediaPlaceholder } from './MediaPlaceholder';
import type { ImageMessageData } from './parseRobotMessage';
import { toImageSrc, toMediaSrc } from './safeUrl';

/**
 * sampleImageMsg: the picture, from an http(s) photoURL or from a media id that a
 * bot uploaded (served by Dingo to the corp's users); a placeholder naming what was
 * sent for anything else, or when the picture does not load.
 */
export function ImageMessage({ message }: { readonly message: ImageMessageData }) {
  const [failed, setFailed] = useState(false);
  const src = toImageSrc(message.photoURL) ?? toMediaSrc(message.photoURL);
  if (src === null || failed) return <MediaPlaceholder icon="image" label={`Image · ${message.photoURL}`} />;
  return <img className="image-message" src={src} alt="Image" loading="lazy" referrerPolicy="no-referrer" onError={() => setFailed(true)} />;
}
