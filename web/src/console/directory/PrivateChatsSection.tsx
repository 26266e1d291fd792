import { useState } from 'react';
import { useApi } from '../../api/ApiContext';
import type { ConsoleDirectory } from '../../api/contract';
import { CheckboxListField } from '../../ui/CheckboxListField';
import { SelectField, TextField } from '../../ui/FormFields';
import type { EditableSectionProps } from './DirectorySection';
import { EditableDirectorySection } from './EditableDirectorySection';
import { EditorForm } from './EditorForm';

type PrivateChat = ConsoleDirectory['privateChats'][number];

interface PrivateChatEditorProps {
  readonly chat: PrivateChat | null;
  readonly directory: ConsoleDirectory;
  readonly onChange: EditableSectionProps['onChange'];
  readonly onDone: () => void;
}

function PrivateChatEditor({ chat, directory, onChange, onDone }: PrivateChatEditorProps) {
  const api = useApi();
  const [openConversationId, setOpenConversationId] = useState(chat?.openConversationId ?? '');
  const [first, setFirst] = useState(chat?.members[0] ?? '');
  const [second, setSecond] = useState(chat?.members[1] ?? '');
  const [coolApps, setCoolApps] = useState<ReadonlySet<string>>(new Set(chat?.coolApps));
  const userOptions = directory.users.map((user) => ({ value: user.userId, label: `${user.name} (${user.userId})` }));

  return (
    <EditorForm
      title={chat === null ? 'Add a person-to-person chat' : `Edit ${chat.openConversationId}`}
      onDone={onDone}
      onSave={async () =>
        onChange(await api.upsertPrivateChat(openConversationId.trim(), { members: [first, second], coolApps: [...coolApps] }))
      }
    >
      {chat === null && <TextField label="Open conversation ID" value={openConversationId} onChange={setOpenConversationId} required placeholder="cid…==" />}
      <SelectField label="First member" value={first} onChange={setFirst} required placeholder="Choose a user" options={userOptions} />
      <SelectField label="Second member" value={second} onChange={setSecond} required placeholder="Choose a user" options={userOptions} />
      <CheckboxListField
        legend="Cool apps installed"
        options={directory.coolApps.map((coolApp) => ({ value: coolApp.coolAppCode, label: `${coolApp.coolAppCode} (robot ${coolApp.robotCode})` }))}
        selected={coolApps}
        onChange={setCoolApps}
        emptyText="The corp has no cool apps yet."
      />
    </EditorForm>
  );
}

/** Person-to-person chats: two members, and the cool apps whose robots may post there. */
export function PrivateChatsSection({ directory, onChange }: EditableSectionProps) {
  const userNames = new Map(directory.users.map((user) => [user.userId, user.name]));
  return (
    <EditableDirectorySection
      title="Private chats"
      addLabel="Add chat"
      entries={directory.privateChats}
      entryKey={(chat) => chat.openConversationId}
      entryName={(chat) => chat.openConversationId}
      emptyText="No person-to-person chats."
      columns={[
        { header: 'Open conversation ID', className: 'mono', cell: (chat) => chat.openConversationId },
        { header: 'Members', cell: (chat) => chat.members.map((member) => userNames.get(member) ?? member).join(' · ') },
        { header: 'Cool apps', cell: (chat) => (chat.coolApps.length === 0 ? <span className="muted">none</span> : chat.coolApps.join(', ')) },
      ]}
      renderEditor={(chat, onDone) => <PrivateChatEditor chat={chat} directory={directory} onChange={onChange} onDone={onDone} />}
    />
  );
}
