import { useState } from 'react';
import { useApi } from '../../api/ApiContext';
import type { ConsoleDirectory } from '../../api/contract';
import { CheckboxListField } from '../../ui/CheckboxListField';
import { SelectField, TextField } from '../../ui/FormFields';
import type { EditableSectionProps } from './DirectorySection';
import { EditableDirectorySection } from './EditableDirectorySection';
import { EditorForm } from './EditorForm';

type Group = ConsoleDirectory['groups'][number];

interface GroupEditorProps {
  readonly group: Group | null;
  readonly directory: ConsoleDirectory;
  readonly onChange: EditableSectionProps['onChange'];
  readonly onDone: () => void;
}

function GroupEditor({ group, directory, onChange, onDone }: GroupEditorProps) {
  const api = useApi();
  const [openConversationId, setOpenConversationId] = useState(group?.openConversationId ?? '');
  const [title, setTitle] = useState(group?.title ?? '');
  const [owner, setOwner] = useState(group?.owner ?? '');
  const [members, setMembers] = useState<ReadonlySet<string>>(new Set(group?.members));
  const [robots, setRobots] = useState<ReadonlySet<string>>(new Set(group?.robots));
  const userOptions = directory.users.map((user) => ({ value: user.userId, label: `${user.name} (${user.userId})` }));

  return (
    <EditorForm
      title={group === null ? 'Add a group' : `Edit ${group.title}`}
      onDone={onDone}
      onSave={async () =>
        onChange(
          await api.upsertGroup(openConversationId.trim(), {
            title: title.trim(),
            owner,
            // The owner is always a member.
            members: [...new Set([...members, owner])],
            robots: [...robots],
          }),
        )
      }
    >
      {group === null && <TextField label="Open conversation ID" value={openConversationId} onChange={setOpenConversationId} required placeholder="cid…==" />}
      <TextField label="Title" value={title} onChange={setTitle} required />
      <SelectField label="Owner" value={owner} onChange={setOwner} required placeholder="Choose a user" options={userOptions} />
      <CheckboxListField legend="Members" options={userOptions} selected={members} onChange={setMembers} emptyText="The corp has no users yet." />
      <CheckboxListField
        legend="Robots installed"
        options={directory.robots.map((robot) => ({ value: robot.robotCode, label: `${robot.name} (${robot.robotCode})` }))}
        selected={robots}
        onChange={setRobots}
        emptyText="The corp has no robots yet."
      />
    </EditorForm>
  );
}

/** Group chats: a title, an owner, members, and the robots that may post there. */
export function GroupsSection({ directory, onChange }: EditableSectionProps) {
  const userNames = new Map(directory.users.map((user) => [user.userId, user.name]));
  const robotNames = new Map(directory.robots.map((robot) => [robot.robotCode, robot.name]));
  return (
    <EditableDirectorySection
      title="Groups"
      addLabel="Add group"
      entries={directory.groups}
      entryKey={(group) => group.openConversationId}
      entryName={(group) => group.title}
      emptyText="No groups."
      columns={[
        { header: 'Title', cell: (group) => group.title },
        { header: 'Open conversation ID', className: 'mono', cell: (group) => group.openConversationId },
        { header: 'Owner', cell: (group) => userNames.get(group.owner) ?? group.owner },
        { header: 'Members', cell: (group) => group.members.map((member) => userNames.get(member) ?? member).join(' · ') },
        {
          header: 'Robots',
          cell: (group) => (group.robots.length === 0 ? <span className="muted">none</span> : group.robots.map((code) => robotNames.get(code) ?? code).join(', ')),
        },
      ]}
      renderEditor={(group, onDone) => <GroupEditor group={group} directory={directory} onChange={onChange} onDone={onDone} />}
    />
  );
}
