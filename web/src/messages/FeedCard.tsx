import type { FeedCardMessageData } from './parseRobotMessage';
import { SafeLink } from './SafeLink';
import { toImageSrc } from './safeUrl';

/** feedCard (a sessionWebhook reply): one row per link, its title beside its picture, each row a link. */
export function FeedCard({ message }: { readonly message: FeedCardMessageData }) {
  return (
    <ul className="card feed-card">
      {message.links.map((link, index) => {
        const picSrc = link.picURL === null ? null : toImageSrc(link.picURL);
        return (
          <li key={index} className="feed-card__item">
            <SafeLink className="feed-card__link" url={link.messageURL}>
              <span className="feed-card__title">{link.title}</span>
              {picSrc !== null && <img className="feed-card__pic" src={picSrc} alt="" loading="lazy" referrerPolicy="no-referrer" />}
            </SafeLink>
          </li>
        );
      })}
    </ul>
  );
}
