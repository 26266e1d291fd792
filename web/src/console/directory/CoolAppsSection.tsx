import { useState } from 'react';
import { useApi } from '../../api/ApiContext';
import type { ConsoleDirectory } from '../../api/contract';
import { SelectField, TextField } from '../../ui/FormFields';
import { DirectorySection, type EditableSectionProps } from './DirectorySection';
import { EditorForm } from './EditorForm';

type CoolApp = ConsoleDirectory['coolApps'][number];

interface CoolAppEditorProps {
  readonly coolApp: CoolApp | null;
  readonly robots: ConsoleDirectory['robots'];
  readonly onChange: EditableSectionProps['onChange'];
  readonly onDone: () => void;
}

function CoolAppEditor({ coolApp, robots, onChange, onDone }: CoolAppEditorProps) {
  const api = useApi();
  const [coolAppCode, setCoolAppCode] = useState(coolApp?.coolAppCode ?? '');
  const [robotCode, setRobotCode] = useState(coolApp?.robotCode ?? '');
  return (
    <EditorForm
      title={coolApp === null ? 'Add a cool app' : `Edit ${coolApp.coolAppCode}`}
      onDone={onDone}
      onSave={async () => onChange(await api.upsertCoolApp(coolAppCode.trim(), { robotCode }))}
    >
      {coolApp === null && <TextField label="Cool app code" value={coolAppCode} onChange={setCoolAppCode} required />}
      <SelectField
        label="Robot it installs"
        value={robotCode}
        onChange={setRobotCode}
        required
        placeholder="Choose a robot"
        options={robots.map((robot) => ({ value: robot.robotCode, label: `${robot.name} (${robot.robotCode})` }))}
      />
    </EditorForm>
  );
}

/** Cool apps: each installs one robot into the person-to-person chats that have it. */
export function CoolAppsSection({ directory, onChange }: EditableSectionProps) {
  const [editing, setEditing] = useState<CoolApp | 'new' | null>(null);
  const robotNames = new Map(directory.robots.map((robot) => [robot.robotCode, robot.name]));
  return (
    <DirectorySection
      title="Cool apps"
      actions={
        <button type="button" className="button button--small" onClick={() => setEditing('new')}>
          Add cool app
        </button>
      }
    >
      {editing !== null && (
        <CoolAppEditor
          key={editing === 'new' ? '' : editing.coolAppCode}
          coolApp={editing === 'new' ? null : editing}
          robots={directory.robots}
          onChange={onChange}
          onDone={() => setEditing(null)}
        />
      )}
      {directory.coolApps.length === 0 ? (
        <p className="muted">No cool apps.</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Cool app code</th>
              <th scope="col">Robot</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {directory.coolApps.map((coolApp) => (
              <tr key={coolApp.coolAppCode}>
                <td className="mono">{coolApp.coolAppCode}</td>
                <td>
                  {robotNames.get(coolApp.robotCode) ?? coolApp.robotCode} <span className="muted mono">{coolApp.robotCode}</span>
                </td>
                <td className="table__actions">
                  <button type="button" className="button button--small" onClick={() => setEditing(coolApp)} aria-label={`Edit ${coolApp.coolAppCode}`}>
                    Edit
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </DirectorySection>
  );
}
