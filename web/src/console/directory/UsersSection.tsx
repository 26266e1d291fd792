import { useState } from 'react';
import { useApi } from '../../api/ApiContext';
import type { ConsoleDirectory } from '../../api/contract';
import { CheckboxField, TextField } from '../../ui/FormFields';
import type { EditableSectionProps } from './DirectorySection';
import { EditableDirectorySection } from './EditableDirectorySection';
import { EditorForm } from './EditorForm';

type User = ConsoleDirectory['users'][number];

function UserEditor({ user, onChange, onDone }: { readonly user: User | null; readonly onChange: EditableSectionProps['onChange']; readonly onDone: () => void }) {
  const api = useApi();
  const [userId, setUserId] = useState(user?.userId ?? '');
  const [name, setName] = useState(user?.name ?? '');
  const [isAdmin, setIsAdmin] = useState(user?.isAdmin ?? false);
  const [password, setPassword] = useState('');
  const [mobile, setMobile] = useState(user?.mobile ?? '');
  return (
    <EditorForm
      title={user === null ? 'Add a user' : `Edit ${user.name}`}
      onDone={onDone}
      onSave={async () =>
        onChange(await api.upsertUser(userId.trim(), { name: name.trim(), isAdmin, mobile: mobile.trim(), ...(password === '' ? {} : { password }) }))
      }
    >
      {user === null && <TextField label="User ID" value={userId} onChange={setUserId} required />}
      <TextField label="Name" value={name} onChange={setName} required />
      <TextField
        label={user?.hasPassword ? 'New password' : 'Password'}
        type="password"
        autoComplete="new-password"
        value={password}
        onChange={setPassword}
        placeholder={user?.hasPassword ? 'unchanged' : 'none: dev sign-in only'}
      />
      <TextField label="Mobile" type="tel" value={mobile} onChange={setMobile} placeholder="none" hint="For custom robots' atMobiles" />
      <CheckboxField label="Admin (may use the console)" checked={isAdmin} onChange={setIsAdmin} />
    </EditorForm>
  );
}

/** The corp's users: add, rename, make admin, set a password or a mobile. */
export function UsersSection({ directory, onChange }: EditableSectionProps) {
  return (
    <EditableDirectorySection
      title="Users"
      addLabel="Add user"
      entries={directory.users}
      entryKey={(user) => user.userId}
      entryName={(user) => user.name}
      emptyText="No users."
      columns={[
        { header: 'User ID', className: 'mono', cell: (user) => user.userId },
        { header: 'Name', cell: (user) => user.name },
        { header: 'Mobile', className: 'mono', cell: (user) => user.mobile ?? <span className="muted">none</span> },
        { header: 'Role', cell: (user) => (user.isAdmin ? <span className="tag">admin</span> : 'member') },
        { header: 'Password', cell: (user) => (user.hasPassword ? 'set' : <span className="muted">none</span>) },
      ]}
      renderEditor={(user, onDone) => <UserEditor user={user} onChange={onChange} onDone={onDone} />}
    />
  );
}
