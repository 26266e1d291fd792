import { useState } from 'react';
import { useApi } from '../api/ApiContext';
import type { ConsoleMessageFilter } from '../api/client';
import type { ConsoleDirectory } from '../api/contract';
import { useLiveChanges } from '../api/LiveEventsProvider';
import { useResource } from '../api/useResource';
import { EmptyState } from '../ui/EmptyState';
import { ErrorNotice } from '../ui/ErrorNotice';
import { LoadingNotice } from '../ui/LoadingNotice';
import { MessageLogEntry } from './MessageLogEntry';

type StatusFilter = '' | 'sent' | 'recalled';

/** How many messages the log shows; the filters narrow it down. */
const LOG_LIMIT = 100;

/** The console's message log: the corp's messages, newest first, filtered by robot, recipient and status; live. */
export function MessageLog({ directory }: { readonly directory: ConsoleDirectory | null }) {
  const api = useApi();
  const [robotCode, setRobotCode] = useState('');
  const [userId, setUserId] = useState('');
  const [status, setStatus] = useState<StatusFilter>('');
  const filter: ConsoleMessageFilter = {
    limit: LOG_LIMIT,
    ...(robotCode === '' ? {} : { robotCode }),
    ...(userId === '' ? {} : { userId }),
    ...(status === '' ? {} : { status }),
  };
  const log = useResource(() => api.consoleMessages(filter), [api, robotCode, userId, status]);
  useLiveChanges(() => log.reload());

  const robotNames = new Map(directory?.robots.map((robot) => [robot.robotCode, robot.name]));
  return (
    <section className="console-section" aria-labelledby="message-log-title">
      <div className="console-section__header">
        <h2 id="message-log-title" className="console-section__title">
          Messages
        </h2>
        <div className="filters" role="group" aria-label="Filters">
          <label className="field field--inline">
            <span className="field__label">Robot</span>
            <select className="input" value={robotCode} onChange={(event) => setRobotCode(event.target.value)}>
              <option value="">All robots</option>
              {directory?.robots.map((robot) => (
                <option key={robot.robotCode} value={robot.robotCode}>
                  {robot.name} ({robot.robotCode})
                </option>
              ))}
            </select>
          </label>
          <label className="field field--inline">
            <span className="field__label">Recipient</span>
            <select className="input" value={userId} onChange={(event) => setUserId(event.target.value)}>
              <option value="">Everyone</option>
              {directory?.users.map((user) => (
                <option key={user.userId} value={user.userId}>
                  {user.name} ({user.userId})
                </option>
              ))}
            </select>
          </label>
          <label className="field field--inline">
            <span className="field__label">Status</span>
            <select className="input" value={status} onChange={(event) => setStatus(event.target.value as StatusFilter)}>
              <option value="">Any</option>
              <option value="sent">Sent</option>
              <option value="recalled">Recalled</option>
            </select>
          </label>
        </div>
      </div>
      {log.error !== null && <ErrorNotice title="Could not load the messages" error={log.error} onRetry={log.reload} />}
      {log.data === null ? (
        log.error === null && <LoadingNotice label="Loading messages…" />
      ) : log.data.messages.length === 0 ? (
        <EmptyState title="No messages match">Messages robots send in this corp appear here as they are sent.</EmptyState>
      ) : (
        <div className="table-scroller">
          <table className="table message-log">
            <thead>
              <tr>
                <th scope="col">Sent</th>
                <th scope="col">Robot</th>
                <th scope="col">Message</th>
                <th scope="col">Recipients</th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {log.data.messages.map((message) => (
                <MessageLogEntry
                  key={message.processQueryKey}
                  message={message}
                  robotName={robotNames.get(message.robotCode) ?? null}
                  onRecalled={log.reload}
                />
              ))}
            </tbody>
          </table>
          {log.data.messages.length >= LOG_LIMIT && (
            <p className="message-log__limit">Showing the newest {LOG_LIMIT} messages. Filter by robot, recipient or status to see older ones.</p>
          )}
        </div>
      )}
    </section>
  );
}
