import { useState } from 'react';
import { useApi } from '../../api/ApiContext';
import type { ConsoleDirectory } from '../../api/contract';
import { CheckboxField, TextField } from '../../ui/FormFields';
import { DirectorySection, type EditableSectionProps } from './DirectorySection';
import { EditorForm } from './EditorForm';

type User = ConsoleDirectory['users'][number];

function UserEditor({ user, onChange, onDone }: { readonly user: User | null; readonly onChange: EditableSectionProps['onChange']; readonly onDone: () => void }) {
  const api = useApi();
  const [userId, setUserId] = useState(user?.userId ?? '');
  const [name, setName] = useState(user?.name ?? '');
  const [isAdmin, setIsAdmin] = useState(user?.isAdmin ?? false);
  const [password, setPassword] = useState('');
  return (
    <EditorForm
      title={user === null ? 'Add a user' : `Edit ${user.name}`}
      onDone={onDone}
      onSave={async () =>
        onChange(await api.upsertUser(userId.trim(), { name: name.trim(), isAdmin, ...(password === '' ? {} : { password }) }))
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
      <CheckboxField label="Admin (may use the console)" checked={isAdmin} onChange={setIsAdmin} />
    </EditorForm>
  );
}

/** The corp's users: add, rename, make admin, set a password. */
export function UsersSection({ directory, onChange }: EditableSectionProps) {
  const [editing, setEditing] = useState<User | 'new' | null>(null);
  return (
    <DirectorySection
      title="Users"
      actions={
        <button type="button" className="button button--small" onClick={() => setEditing('new')}>
          Add user
        </button>
      }
    >
      {editing !== null && (
        <UserEditor key={editing === 'new' ? '' : editing.userId} user={editing === 'new' ? null : editing} onChange={onChange} onDone={() => setEditing(null)} />
      )}
      <table className="table">
        <thead>
          <tr>
            <th scope="col">User ID</th>
            <th scope="col">Name</th>
            <th scope="col">Role</th>
            <th scope="col">Password</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {directory.users.map((user) => (
            <tr key={user.userId}>
              <td className="mono">{user.userId}</td>
              <td>{user.name}</td>
              <td>{user.isAdmin ? <span className="tag">admin</span> : 'member'}</td>
              <td>{user.hasPassword ? 'set' : <span className="muted">none</span>}</td>
              <td className="table__actions">
                <button type="button" className="button button--small" onClick={() => setEditing(user)} aria-label={`Edit ${user.name}`}>
                  Edit
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </DirectorySection>
  );
}
