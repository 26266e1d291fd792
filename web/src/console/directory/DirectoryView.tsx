import type { ConsoleDirectory } from '../../api/contract';
import { AppsSection } from './AppsSection';
import { CoolAppsSection } from './CoolAppsSection';
import { CustomRobotsSection } from './CustomRobotsSection';
import { GroupsSection } from './GroupsSection';
import { PrivateChatsSection } from './PrivateChatsSection';
import { RobotsSection } from './RobotsSection';
import { SuitesSection } from './SuitesSection';
import { UsersSection } from './UsersSection';

/** The console's directory tab: everything in the admin's corp, editable where the API allows. */
export function DirectoryView({ directory, onChange }: { readonly directory: ConsoleDirectory; readonly onChange: (directory: ConsoleDirectory) => void }) {
  return (
    <div className="directory">
      <p className="directory__corp">
        <span className="directory__corp-name">{directory.corp.name}</span> <span className="mono muted">{directory.corp.corpId}</span>
      </p>
      <UsersSection directory={directory} onChange={onChange} />
      <AppsSection directory={directory} onChange={onChange} />
      <RobotsSection directory={directory} onChange={onChange} />
      <SuitesSection directory={directory} />
      <CoolAppsSection directory={directory} onChange={onChange} />
      <PrivateChatsSection directory={directory} onChange={onChange} />
      <GroupsSection directory={directory} onChange={onChange} />
      <CustomRobotsSection directory={directory} onChange={onChange} />
    </div>
  );
}
