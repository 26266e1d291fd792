import { RobotName } from './RobotName';

/** A robot of a group that `@` in the composer can mention. */
export interface MentionableRobot {
  robotCode: string;
  name: string;
}

/**
 * What follows an `@` being typed just before the caret (letters so far, no space), or null
 * when the caret is not in a mention: the picker's filter.
 */
export function mentionQueryAt(text: string, caret: number): string | null {
  const match = /(?:^|\s)@([^@\s]*)$/.exec(text.slice(0, caret));
  return match === null ? null : (match[1] ?? '');
}

/** The robots whose name starts with the query, ignoring case. */
export function robotsMatching(robots: readonly MentionableRobot[], query: string): MentionableRobot[] {
  const prefix = query.toLowerCase();
  return robots.filter((robot) => robot.name.toLowerCase().startsWith(prefix));
}

interface MentionPickerProps {
  readonly robots: readonly MentionableRobot[];
  readonly query: string;
  readonly onPick: (robot: MentionableRobot) => void;
}

/** The list `@` opens above the composer: the group's robots matching what follows the `@`. */
export function MentionPicker({ robots, query, onPick }: MentionPickerProps) {
  const matching = robotsMatching(robots, query);
  if (matching.length === 0) return null;
  return (
    <ul className="mention-picker" role="listbox" aria-label="Mention a robot">
      {matching.map((robot, index) => (
        <li key={robot.robotCode} role="option" aria-selected={index === 0}>
          <button
            type="button"
            className="mention-picker__option"
            // Keep the focus in the text while picking.
            onMouseDown={(event) => event.preventDefault()}
            onClick={() => onPick(robot)}
          >
            <RobotName name={robot.name} />
          </button>
        </li>
      ))}
    </ul>
  );
}
