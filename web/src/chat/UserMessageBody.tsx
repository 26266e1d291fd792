import type { UserChatMessage } from '../api/contract';
import { MediaPlaceholder } from '../messages/MediaPlaceholder';
import { toMediaSrc } from '../messages/safeUrl';

/** What a member wrote: its text, and the picture inline or the file as a download card (GET /api/media/:mediaId). */
export function UserMessageBody({ message, own }: { readonly message: UserChatMessage; readonly own: boolean }) {
  const { attachment } = message;
  const src = attachment === undefined ? null : toMediaSrc(attachment.mediaId);
  return (
    <div className="user-message">
      {message.text !== '' && <div className={own ? 'bubble bubble--own' : 'bubble text-message'}>{message.text}</div>}
      {attachment?.kind === 'picture' && src !== null && <img className="image-message" src={src} alt={attachment.name} loading="lazy" />}
      {attachment?.kind === 'file' && <MediaPlaceholder icon="file" label={attachment.name} href={src} />}
    </div>
  );
}
