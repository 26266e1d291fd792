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
  const [appSecret, setAppSecret] = useState('');
  const [permissions, setPermissions] = useState(app?.permissions.join(', ') ?? ROBOT_PERMISSION);
  return (
    <EditorForm
      title={app === null ? 'Add an internal app' : `Edit ${app.name}`}
      onDone={onDone}
      onSave={async () => {
        const settings = { name: name.trim(), permissions: parsePermissions(permissions) };
        onChange(await (app === null ? api.createApp({ ...settings, appSecret }) : api.updateApp(app.appKey, { ...settings, ...(appSecret === '' ? {} : { appSecret }) })));
      }}
    >
      {app === null && <p className="muted">Dingo makes the app key (ding…); the new app gets a robot whose robotCode is that key.</p>}
      <TextField label="Name" value={name} onChange={setName} required />
      {app === null ? (
        <TextField label="App secret" value={appSecret} onChange={setAppSecret} required />
      ) : (
        <TextField label="New app secret" value={appSecret} onChange={setAppSecret} hint="Empty keeps the current secret; a new one ends the app's live tokens." />
      )}
      <TextField label="Permissions" value={permissions} onChange={setPermissions} hint={`Comma separated; robots need ${ROBOT_PERMISSION}.`} />
    </EditorForm>
  );
}

/** An app's secret, fetched only when asked for (the directory never carries it) and forgotten when hidden. */
function AppSecret({ appKey }: { readonly appKey: string }) {
  const api = useApi();
  const [secret, setSecret] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);
  const toggle = async () => {
    if (secret !== null) return setSecret(null);
    try {
      setSecret((await api.appSecret(appKey)).appSecret);
      setFailed(false);
    } catch {
      setFailed(true);
    }
  };
  return (
    <span className="secret">
      <span className="mono">{secret ?? (failed ? 'could not be read' : '••••••••')}</span>
      <button type="button" className="button button--small button--ghost" aria-pressed={secret !== null} onClick={() => void toggle()}>
        {secret !== null ? 'Hide' : 'Show'}
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
        { header: 'App secret', cell: (app) => <AppSecret appKey={app.appKey} /> },
        { header: 'Permissions', cell: (app) => (app.permissions.length === 0 ? <span className="muted">none</span> : app.permissions.join(', ')) },
      ]}
      renderEditor={(app, onDone) => <AppEditor app={app} onChange={onChange} onDone={onDone} />}
    />
  );
}
