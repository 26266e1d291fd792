import { useState } from 'react';
import { useApi } from '../../api/ApiContext';
import type { ConsoleDirectory } from '../../api/contract';
import { TextField } from '../../ui/FormFields';
import type { EditableSectionProps } from './DirectorySection';
import { EditableDirectorySection } from './EditableDirectorySection';
import { EditorForm } from './EditorForm';

type App = ConsoleDirectory['apps'][number];

/** The permission a bot needs to send robot messages (docs/behaviour.md, Requests). */
const ROBOT_PERMISSION = 'qyapi_robot_sendmsg';

function parsePermissions(text: string): string[] {
  return [...new Set(text.split(/[\s,]+/).filter((permission) => permission !== ''))];
}

function AppEditor({ app, onChange, onDone }: { readonly app: App | null; readonly onChange: EditableSectionProps['onChange']; readonly onDone: () => void }) {
  const api = useApi();
  const [name, setName] = useState(app?.name ?? '');
  const [appSecret, setAppSecret] = useState(app?.appSecret ?? '');
  const [permissions, setPermissions] = useState(app?.permissions.join(', ') ?? ROBOT_PERMISSION);
  return (
    <EditorForm
      title={app === null ? 'Add an internal app' : `Edit ${app.name}`}
      onDone={onDone}
      onSave={async () => {
        const settings = { name: name.trim(), appSecret, permissions: parsePermissions(permissions) };
        onChange(await (app === null ? api.createApp(settings) : api.updateApp(app.appKey, settings)));
      }}
    >
      {app === null && <p className="muted">Dingo makes the app key (ding…); the new app gets a robot whose robotCode is that key.</p>}
      <TextField label="Name" value={name} onChange={setName} required />
      <TextField label="App secret" value={appSecret} onChange={setAppSecret} required />
      <TextField label="Permissions" value={permissions} onChange={setPermissions} hint={`Comma separated; robots need ${ROBOT_PERMISSION}.`} />
    </EditorForm>
  );
}

function AppSecret({ secret }: { readonly secret: string }) {
  const [shown, setShown] = useState(false);
  return (
    <span className="secret">
      <span className="mono">{shown ? secret : '••••••••'}</span>
      <button type="button" className="button button--small button--ghost" aria-pressed={shown} onClick={() => setShown(!shown)}>
        {shown ? 'Hide' : 'Show'}
      </button>
    </span>
  );
}

/** The corp's internal apps: their keys and secrets (hidden until asked), permissions; add and edit. */
export function AppsSection({ directory, onChange }: EditableSectionProps) {
  return (
    <EditableDirectorySection
      title="Apps"
      addLabel="Add app"
      entries={directory.apps}
      entryKey={(app) => app.appKey}
      entryName={(app) => app.name}
      emptyText="No internal apps."
      columns={[
        { header: 'App key', className: 'mono', cell: (app) => app.appKey },
        { header: 'Name', cell: (app) => app.name },
        { header: 'App secret', cell: (app) => <AppSecret secret={app.appSecret} /> },
        { header: 'Permissions', cell: (app) => (app.permissions.length === 0 ? <span className="muted">none</span> : app.permissions.join(', ')) },
      ]}
      renderEditor={(app, onDone) => <AppEditor app={app} onChange={onChange} onDone={onDone} />}
    />
  );
}
