import { useState } from 'react';
import { useApi } from '../../api/ApiContext';
import type { ConsoleDirectory } from '../../api/contract';
import { SelectField, TextField } from '../../ui/FormFields';
import type { EditableSectionProps } from './DirectorySection';
import { EditableDirectorySection } from './EditableDirectorySection';
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
  const robotNames = new Map(directory.robots.map((robot) => [robot.robotCode, robot.name]));
  return (
    <EditableDirectorySection
      title="Cool apps"
      addLabel="Add cool app"
      entries={directory.coolApps}
      entryKey={(coolApp) => coolApp.coolAppCode}
      entryName={(coolApp) => coolApp.coolAppCode}
      emptyText="No cool apps."
      columns={[
        { header: 'Cool app code', className: 'mono', cell: (coolApp) => coolApp.coolAppCode },
        {
          header: 'Robot',
          cell: (coolApp) => (
            <>
              {robotNames.get(coolApp.robotCode) ?? coolApp.robotCode} <span className="muted mono">{coolApp.robotCode}</span>
            </>
          ),
        },
      ]}
      renderEditor={(coolApp, onDone) => <CoolAppEditor coolApp={coolApp} robots={directory.robots} onChange={onChange} onDone={onDone} />}
    />
  );
}
