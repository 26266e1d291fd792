import { useState } from 'react';
import { useApi } from '../../api/ApiContext';
import type { ConsoleCustomRobot, ConsoleDirectory } from '../../api/contract';
import { useAction } from '../../api/useAction';
import { CopyButton } from '../../ui/CopyButton';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { CheckboxField, SelectField, TextField } from '../../ui/FormFields';
import type { EditableSectionProps } from './DirectorySection';
import { EditableDirectorySection } from './EditableDirectorySection';
import { EditorForm } from './EditorForm';

/** "alert, build" → ["alert", "build"]: the list fields are typed comma-separated. */
function listOf(text: string): string[] {
  return text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

interface CustomRobotEditorProps {
  readonly robot: ConsoleCustomRobot | null;
  readonly directory: ConsoleDirectory;
  readonly onChange: EditableSectionProps['onChange'];
  readonly onDone: () => void;
}

function CustomRobotEditor({ robot, directory, onChange, onDone }: CustomRobotEditorProps) {
  const api = useApi();
  const [group, setGroup] = useState(robot?.openConversationId ?? '');
  const [name, setName] = useState(robot?.name ?? '');
  const [keywords, setKeywords] = useState(robot?.keywords.join(', ') ?? '');
  const [ipRanges, setIpRanges] = useState(robot?.ipRanges.join(', ') ?? '');
  const [signed, setSigned] = useState(robot === null || robot.secret !== null);
  const remove = useAction(async () => robot !== null && onChange(await api.deleteCustomRobot(robot.robotCode)));
  const request = () => ({ name: name.trim(), keywords: listOf(keywords), ipRanges: listOf(ipRanges), signed });

  return (
    <EditorForm
      title={robot === null ? 'Add a custom robot' : `Edit ${robot.name}`}
      onDone={onDone}
      onSave={async () => onChange(robot === null ? await api.createCustomRobot(group, request()) : await api.updateCustomRobot(robot.robotCode, request()))}
    >
      {robot === null && (
        <SelectField
          label="Group"
          value={group}
          onChange={setGroup}
          required
          placeholder="Choose a group"
          options={directory.groups.map((g) => ({ value: g.openConversationId, label: `${g.title} (${g.openConversationId})` }))}
        />
      )}
      <TextField label="Name" value={name} onChange={setName} required placeholder="Alerts" />
      <TextField label="Keywords" value={keywords} onChange={setKeywords} placeholder="alert, build" hint="Comma-separated; a message must contain one. Empty: no keyword check." />
      <TextField
        label="IP allow-list"
        value={ipRanges}
        onChange={setIpRanges}
        placeholder="127.0.0.1, 10.0.0.0/8"
        hint="Comma-separated addresses or CIDR ranges. Empty: any caller."
      />
      <CheckboxField label="Signed calls only (a secret SEC… is generated; Grafana cannot sign: use keywords or the IP list there)" checked={signed} onChange={setSigned} />
      {robot === null && <p className="muted">The access token is generated.</p>}
      {robot !== null && (
        <div>
          <button type="button" className="button" disabled={remove.pending} onClick={() => void remove.run().then((done) => done && onDone())}>
            Delete custom robot
          </button>
          {remove.error !== null && <ErrorNotice error={remove.error} />}
        </div>
      )}
    </EditorForm>
  );
}

/** A value too long for a cell (a URL, a secret), shown in full and copied with one click. */
function Copyable({ text, label }: { readonly text: string; readonly label: string }) {
  return (
    <span className="copyable">
      <code className="copyable__text">{text}</code> <CopyButton text={text} label={label} />
    </span>
  );
}

/** Groups' custom robots: what Grafana or Alertmanager's DingTalk bridge is given (the webhook URL and the secret). */
export function CustomRobotsSection({ directory, onChange }: EditableSectionProps) {
  const groupTitles = new Map(directory.groups.map((group) => [group.openConversationId, group.title]));
  return (
    <EditableDirectorySection
      title="Custom robots"
      addLabel="Add custom robot"
      entries={directory.customRobots}
      entryKey={(robot) => robot.robotCode}
      entryName={(robot) => robot.name}
      emptyText="No custom robots. Add one to a group to get a webhook URL for your monitoring tools."
      columns={[
        { header: 'Name', cell: (robot) => robot.name },
        { header: 'Group', cell: (robot) => groupTitles.get(robot.openConversationId) ?? robot.openConversationId },
        { header: 'Webhook URL', cell: (robot) => <Copyable text={robot.webhookUrl} label={`the webhook URL of ${robot.name}`} /> },
        {
          header: 'Secret',
          cell: (robot) => (robot.secret === null ? <span className="muted">none</span> : <Copyable text={robot.secret} label={`the secret of ${robot.name}`} />),
        },
        { header: 'Keywords', cell: (robot) => (robot.keywords.length === 0 ? <span className="muted">none</span> : robot.keywords.join(', ')) },
        { header: 'IP allow-list', cell: (robot) => (robot.ipRanges.length === 0 ? <span className="muted">any</span> : robot.ipRanges.join(', ')) },
      ]}
      renderEditor={(robot, onDone) => <CustomRobotEditor robot={robot} directory={directory} onChange={onChange} onDone={onDone} />}
    />
  );
}
