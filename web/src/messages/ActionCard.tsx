import { MarkdownBody } from './MarkdownBody';
import type { ActionCardMessageData } from './parseRobotMessage';
import { SafeLink } from './SafeLink';

/**
 * sampleActionCard and sampleActionCard2…6: the sanitised markdown text and the buttons, stacked
 * (vertical) or side by side (horizontal), as DingTalk shows them. The title is the preview text
 * (chat list, notifications), so here it only names the card for assistive technology.
 */
export function ActionCard({ message }: { readonly message: ActionCardMessageData }) {
  return (
    <article className="card action-card" aria-label={message.title}>
      <MarkdownBody markdown={message.text} />
      <div className={`action-card__buttons action-card__buttons--${message.layout}`}>
        {message.buttons.map((button, index) => (
          // Buttons are fixed by the template: their position is their identity.
          <SafeLink key={index} className="action-card__button" url={button.url}>
            {button.title}
          </SafeLink>
        ))}
      </div>
    </article>
  );
}
