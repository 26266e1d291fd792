import { useEffect } from 'react';
import { useApi } from '../api/ApiContext';
import type { ConsoleDirectory, RobotDelivery, RobotReception } from '../api/contract';
import { useLiveChanges } from '../api/LiveEventsProvider';
import { useResource } from '../api/useResource';
import { formatListTime, formatPreciseTime } from '../formatTime';
import { EmptyState } from '../ui/EmptyState';
import { ErrorNotice } from '../ui/ErrorNotice';
import { LoadingNotice } from '../ui/LoadingNotice';
import { TableHead } from '../ui/TableHead';

/** How often a robot's reception is read again while shown: deliveries move without a live event. */
const REFRESH_MS = 3000;

type Robot = ConsoleDirectory['robots'][number];

/** The console's Robots tab: per robot, how it receives, its live Stream connections and its delivery log. */
export function RobotReceptions({ directory }: { readonly directory: ConsoleDirectory }) {
  if (directory.robots.length === 0) return <EmptyState title="No robots">Robots of this corp's apps appear here.</EmptyState>;
  return (
    <>
      {directory.robots.map((robot) => (
        <RobotReceptionSection key={robot.robotCode} robot={robot} />
      ))}
    </>
  );
}

function RobotReceptionSection({ robot }: { readonly robot: Robot }) {
  const api = useApi();
  const reception = useResource(() => api.robotReception(robot.robotCode), [api, robot.robotCode]);
  useLiveChanges(() => reception.reload());
  useEffect(() => {
    const timer = setInterval(() => reception.reload(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [reception.reload]);
  const titleId = `reception-${robot.robotCode}`;

  return (
    <section className="console-section robot-reception" aria-labelledby={titleId}>
      <div className="console-section__header">
        <h2 id={titleId} className="console-section__title">
          {robot.name} <span className="mono">({robot.robotCode})</span>
        </h2>
        <button type="button" className="button button--small" onClick={reception.reload}>
          Refresh
        </button>
      </div>
      {reception.error !== null && <ErrorNotice title="Could not load the deliveries" error={reception.error} onRetry={reception.reload} />}
      {reception.data === null ? (
        reception.error === null && <LoadingNotice label="Loading the deliveries…" />
      ) : (
        <>
          <ReceptionSummary reception={reception.data} />
          {reception.data.deliveries.length === 0 ? (
            <EmptyState title="Nothing pushed yet">What users write to this robot, and every attempt to push it, appears here.</EmptyState>
          ) : (
            <div className="table-scroller">
              <table className="table delivery-log">
                <TableHead headers={['Written', 'From', 'Message', 'Status', 'Attempts']} />
                <tbody>
                  {reception.data.deliveries.map((delivery) => (
                    <DeliveryRow key={delivery.deliveryId} delivery={delivery} />
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </section>
  );
}

function ReceptionSummary({ reception }: { readonly reception: RobotReception }) {
  const how = reception.receive === 'stream' ? 'Stream mode' : reception.receive === 'http' ? `HTTP callback to ${reception.callbackUrl ?? ''}` : 'Nothing (receive: none)';
  const [oldest] = reception.connections;
  return (
    <p className="robot-reception__summary">
      Receives by <strong>{how}</strong>
      {reception.receive === 'stream' && (
        <>
          {' · '}
          {reception.connections.length === 0
            ? 'no live connection'
            : `${reception.connections.length} live connection${reception.connections.length === 1 ? '' : 's'}, since ${formatPreciseTime(oldest!.connectedAt)}`}
        </>
      )}
    </p>
  );
}

function DeliveryRow({ delivery }: { readonly delivery: RobotDelivery }) {
  const text = delivery.payload.text?.content ?? `(${delivery.payload.msgtype ?? 'message'})`;
  return (
    <tr>
      <td title={formatPreciseTime(delivery.createdAt)}>{formatListTime(delivery.createdAt)}</td>
      <td>{delivery.payload.senderNick ?? ''}</td>
      <td className="delivery-log__text">{text}</td>
      <td>
        <span className={`status-pill delivery-status--${delivery.status}`}>{delivery.status}</span>
      </td>
      <td>
        <ol className="delivery-log__attempts">
          {delivery.attempts.map((attempt, index) => (
            <li key={index}>
              <span className="delivery-log__event">{attempt.event}</span> <time dateTime={attempt.at}>{formatPreciseTime(attempt.at)}</time>
              {attempt.connectionId !== null && <span className="mono"> · {attempt.connectionId}</span>}
              {attempt.detail !== null && <span> · {attempt.detail}</span>}
            </li>
          ))}
        </ol>
      </td>
    </tr>
  );
}
