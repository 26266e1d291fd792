import { useState } from 'react';
import { useApi } from '../../api/ApiContext';
import type { ConsoleDirectory } from '../../api/contract';
import { useAction } from '../../api/useAction';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { TextField } from '../../ui/FormFields';
import { DirectorySection, type EditableSectionProps } from './DirectorySection';
import { DirectoryTable } from './DirectoryTable';
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

interface RobotActionsProps {
  readonly robot: Robot;
  readonly onChange: EditableSectionProps['onChange'];
  readonly onRename: () => void;
}

/** A robot row's buttons: stop or enable it (the error, if that fails), and rename it. */
function RobotActions({ robot, onChange, onRename }: RobotActionsProps) {
  const api = useApi();
  const enabled = robot.status === 'enabled';
  const toggle = useAction(async () =>
    onChange(await api.updateRobot(robot.robotCode, { name: robot.name, status: enabled ? 'stopped' : 'enabled' })),
  );
  return (
    <>
      <button type="button" className="button button--small" disabled={toggle.pending} onClick={() => void toggle.run()}>
        {enabled ? 'Stop' : 'Enable'}
      </button>
      <button type="button" className="button button--small" onClick={onRename} aria-label={`Rename ${robot.name}`}>
        Rename
      </button>
      {toggle.error !== null && <ErrorNotice error={toggle.error} />}
    </>
  );
}

/** The corp's robots: rename, and stop (sends then fail with template.stopped) or enable again. */
export function RobotsSection({ directory, onChange }: EditableSectionProps) {
  const [renaming, setRenaming] = useState<Robot | null>(null);
  const appNames = new Map(directory.apps.map((app) => [app.appKey, app.name]));
  return (
    <DirectorySection title="Robots">
      {renaming !== null && <RenameRobotForm key={renaming.robotCode} robot={renaming} onChange={onChange} onDone={() => setRenaming(null)} />}
      <DirectoryTable
        entries={directory.robots}
        entryKey={(robot) => robot.robotCode}
        emptyText="No robots."
        columns={[
          { header: 'Robot code', className: 'mono', cell: (robot) => robot.robotCode },
          { header: 'Name', cell: (robot) => robot.name },
          { header: 'App', cell: (robot) => appNames.get(robot.appKey) ?? <span className="mono">{robot.appKey}</span> },
          {
            header: 'Receives',
            cell: (robot) => (robot.receive === 'http' ? <span className="mono">HTTP · {robot.callbackUrl}</span> : robot.receive === 'stream' ? 'Stream' : 'Nothing'),
          },
          {
            header: 'Status',
            cell: (robot) => (
              <span className={robot.status === 'enabled' ? 'status-pill status-pill--sent' : 'status-pill status-pill--recalled'}>{robot.status}</span>
            ),
          },
        ]}
        rowActions={(robot) => <RobotActions robot={robot} onChange={onChange} onRename={() => setRenaming(robot)} />}
      />
    </DirectorySection>
  );
}
