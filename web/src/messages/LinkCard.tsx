import type { LinkMessageData } from './parseRobotMessage';
import { SafeLink } from './SafeLink';
import { toImageSrc } from './safeUrl';

/** sampleLink: title, text and optional picture; the whole card links to messageUrl. */
export function LinkCard({ message }: { readonly message: LinkMessageData }) {
  const picSrc = message.picUrl === null ? null : toImageSrc(message.picUrl);
  return (
    <SafeLink className="card link-card" url={message.messageUrl}>
      <span className="card__title">{message.title}</span>
      <span className="link-card__body">
        <span className="link-card__text">{message.text}</span>
        {picSrc !== null && (
          <img className="link-card__pic" src={picSrc} alt="" loading="lazy" referrerPolicy="no-referrer" />
        )}
      </span>
    </SafeLink>
  );
}
