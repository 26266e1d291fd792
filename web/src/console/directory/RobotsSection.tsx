import { useState } from 'react';
import { useApi } from '../../api/ApiContext';
import type { ConsoleDirectory } from '../../api/contract';
import { useAction } from '../../api/useAction';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { TextField } from '../../ui/FormFields';
import { DirectorySection, type EditableSectionProps } from './DirectorySection';
import { EditorForm } from './EditorForm';

type Robot = ConsoleDirectory['robots'][number];

function RenameRobotForm({ robot, onChange, onDone }: { readonly robot: Robot; readonly onChange: EditableSectionProps['onChange']; readonly onDone: () => void }) {
  const api = useApi();
  const [name, setName] = useState(robot.name);
  return (
    <EditorForm
      title={`Rename ${robot.robotCode}`}
      onDone={onDone}
      onSave={async () => onChange(await api.updateRobot(robot.robotCode, { name: name.trim(), status: robot.status }))}
    >
      <TextField label="Name" value={name} onChange={setName} required />
    </EditorForm>
  );
}

interface RobotRowProps {
  readonly robot: Robot;
  readonly appName: string | null;
  readonly onChange: EditableSectionProps['onChange'];
  readonly onRename: () => void;
}

function RobotRow({ robot, appName, onChange, onRename }: RobotRowProps) {
  const api = useApi();
  const enabled = robot.status === 'enabled';
  const toggle = useAction(async () =>
    onChange(await api.updateRobot(robot.robotCode, { name: robot.name, status: enabled ? 'stopped' : 'enabled' })),
  );
  return (
    <tr>
      <td className="mono">{robot.robotCode}</td>
      <td>{robot.name}</td>
      <td>{appName ?? <span className="mono">{robot.appKey}</span>}</td>
      <td>
        <span className={enabled ? 'status-pill status-pill--sent' : 'status-pill status-pill--recalled'}>{enabled ? 'enabled' : 'stopped'}</span>
      </td>
      <td className="table__actions">
        <button type="button" className="button button--small" disabled={toggle.pending} onClick={() => void toggle.run()}>
          {enabled ? 'Stop' : 'Enable'}
        </button>
        <button type="button" className="button button--small" onClick={onRename} aria-label={`Rename ${robot.name}`}>
          Rename
        </button>
        {toggle.error !== null && <ErrorNotice error={toggle.error} />}
      </td>
    </tr>
  );
}

/** The corp's robots: rename, and stop (sends then fail with template.stopped) or enable again. */
export function RobotsSection({ directory, onChange }: EditableSectionProps) {
  const [renaming, setRenaming] = useState<Robot | null>(null);
  const appNames = new Map(directory.apps.map((app) => [app.appKey, app.name]));
  return (
    <DirectorySection title="Robots">
      {renaming !== null && <RenameRobotForm key={renaming.robotCode} robot={renaming} onChange={onChange} onDone={() => setRenaming(null)} />}
      {directory.robots.length === 0 ? (
        <p className="muted">No robots.</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Robot code</th>
              <th scope="col">Name</th>
              <th scope="col">App</th>
              <th scope="col">Status</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {directory.robots.map((robot) => (
              <RobotRow
                key={robot.robotCode}
                robot={robot}
                appName={appNames.get(robot.appKey) ?? null}
                onChange={onChange}
                onRename={() => setRenaming(robot)}
              />
            ))}
          </tbody>
        </table>
      )}
    </DirectorySection>
  );
}
