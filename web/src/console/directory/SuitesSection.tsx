import type { ConsoleDirectory } from '../../api/contract';
import { DirectorySection } from './DirectorySection';
import { DirectoryTable } from './DirectoryTable';

/** Third-party apps (suites) this corp authorised; their secrets are the vendor's and not shown. */
export function SuitesSection({ directory }: { readonly directory: ConsoleDirectory }) {
  return (
    <DirectorySection title="Suites">
      <DirectoryTable
        entries={directory.suites}
        entryKey={(suite) => suite.suiteKey}
        emptyText="No third-party apps are authorised in this corp."
        columns={[
          { header: 'Suite key', className: 'mono', cell: (suite) => suite.suiteKey },
          { header: 'Name', cell: (suite) => suite.name },
          { header: 'Permissions', cell: (suite) => (suite.permissions.length === 0 ? <span className="muted">none</span> : suite.permissions.join(', ')) },
        ]}
      />
    </DirectorySection>
  );
}
