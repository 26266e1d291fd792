import type { DingoEvent } from '../events/bus.js';
import { chatIdOf, chatOfMessage } from './userChats.js';
import type { SessionUser } from './webSessions.js';

/** Who watches live events: a signed-in user of one corp; an admin also watches the whole corp (for the console). */
export type LiveEventViewer = Pick<SessionUser, 'corpId' | 'userId' | 'isAdmin'>;

/**
 * What a viewer sees of an event: what happened and to which message (a robot's by its
 * processQueryKey, a user's by its msgId), and `chatId`, the viewer's own chat it touches,
 * or null when it touches none of theirs and only an admin's console cares. Never a body:
 * clients fetch what an event touches.
 */
export type LiveEventView =
  | { type: 'delivered' | 'recalled'; processQueryKey: string; chatId: string | null }
  | { type: 'read'; processQueryKey: string; userId: string; chatId: string | null }
  | { type: 'said'; msgId: string; chatId: string | null };

/**
 * The one rule of who sees which live event, for every adapter that carries them (the web
 * client's and the console's event stream today, a channel between nodes next): never an event
 * of another corp; a user sees the events of the chats they are in (a robot message delivered to
 * or recalled from them, their own reads, what members say in their chats); an admin sees every
 * other event of their corp too, without a chat. Undefined: the viewer does not see it.
 */
export function liveEventFor(event: DingoEvent, viewer: LiveEventViewer): LiveEventView | undefined {
  if (event.corpId !== viewer.corpId) return undefined;
  const touchesViewer = touches(event, viewer);
  if (!touchesViewer && !viewer.isAdmin) return undefined;
  const chatId = touchesViewer ? chatIdOf(event.type === 'said' ? event.chat : chatOfMessage(event)) : null;
  if (event.type === 'said') return { type: 'said', msgId: event.msgId, chatId };
  return event.type === 'read'
    ? { type: 'read', processQueryKey: event.processQueryKey, userId: event.userId, chatId }
    : { type: event.type, processQueryKey: event.processQueryKey, chatId };
}

function touches(event: DingoEvent, viewer: LiveEventViewer): boolean {
  return event.type === 'read' ? event.userId === viewer.userId : event.userIds.includes(viewer.userId);
}

/**
 * What `event` looks like on the wire for each viewer, `frame` being the adapter's wire form of a view: an event has
 * at most two views (the one of the viewers it touches, and an admin's without a chat), so each is built and framed
 * once, however many streams carry it. Undefined: the viewer does not see it.
 */
export function framedForEachViewer(event: DingoEvent, frame: (view: LiveEventView) => string): (viewer: LiveEventViewer) => string | undefined {
  const framed = new Map<boolean, string | undefined>();
  return (viewer) => {
    if (event.corpId !== viewer.corpId) return undefined;
    const touchesViewer = touches(event, viewer);
    if (!touchesViewer && !viewer.isAdmin) return undefined;
    if (!framed.has(touchesViewer)) {
      const view = liveEventFor(event, viewer);
      framed.set(touchesViewer, view && frame(view));
    }
    return framed.get(touchesViewer);
  };
}
