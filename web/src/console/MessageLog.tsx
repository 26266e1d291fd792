import { useState } from 'react';
import { useApi } from '../api/ApiContext';
import type { ConsoleMessageFilter } from '../api/client';
import type { ConsoleDirectory } from '../api/contract';
import { useLiveChanges } from '../api/LiveEventsProvider';
import { useResource } from '../api/useResource';
import { EmptyState } from '../ui/EmptyState';
import { ErrorNotice } from '../ui/ErrorNotice';
import { SelectField } from '../ui/FormFields';
import { LoadingNotice } from '../ui/LoadingNotice';
import { TableHead } from '../ui/TableHead';
import { MessageLogEntry } from './MessageLogEntry';

type StatusFilter = '' | 'sent' | 'recalled';

/** The status filter's choices besides Any. */
const STATUS_OPTIONS = [
  { value: 'sent', label: 'Sent' },
  { value: 'recalled', label: 'Recalled' },
];

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
  const groupTitles = new Map(directory?.groups.map((group) => [group.openConversationId, group.title]));
  return (
    <section className="console-section" aria-labelledby="message-log-title">
      <div className="console-section__header">
        <h2 id="message-log-title" className="console-section__title">
          Messages
        </h2>
        <div className="filters" role="group" aria-label="Filters">
          <SelectField
            inline
            label="Robot"
            value={robotCode}
            onChange={setRobotCode}
            placeholder="All robots"
            options={directory?.robots.map((robot) => ({ value: robot.robotCode, label: `${robot.name} (${robot.robotCode})` })) ?? []}
          />
          <SelectField
            inline
            label="Recipient"
            value={userId}
            onChange={setUserId}
            placeholder="Everyone"
            options={directory?.users.map((user) => ({ value: user.userId, label: `${user.name} (${user.userId})` })) ?? []}
          />
          <SelectField inline label="Status" value={status} onChange={(value) => setStatus(value as StatusFilter)} placeholder="Any" options={STATUS_OPTIONS} />
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
            <TableHead headers={['Sent', 'Robot', 'Message', 'Recipients', 'Status']} actions />
            <tbody>
              {log.data.messages.map((message) => (
                <MessageLogEntry
                  key={message.processQueryKey}
                  message={message}
                  robotName={robotNames.get(message.robotCode) ?? null}
                  groupTitle={message.openConversationId === null ? null : (groupTitles.get(message.openConversationId) ?? null)}
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
