import type { ConsoleDirectory } from '../../api/contract';
import { DirectorySection } from './DirectorySection';

/** Third-party apps (suites) this corp authorised; their secrets are the vendor's and not shown. */
export function SuitesSection({ directory }: { readonly directory: ConsoleDirectory }) {
  return (
    <DirectorySection title="Suites">
      {directory.suites.length === 0 ? (
        <p className="muted">No third-party apps are authorised in this corp.</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Suite key</th>
              <th scope="col">Name</th>
              <th scope="col">Permissions</th>
            </tr>
          </thead>
          <tbody>
            {directory.suites.map((suite) => (
              <tr key={suite.suiteKey}>
                <td className="mono">{suite.suiteKey}</td>
                <td>{suite.name}</td>
                <td>{suite.permissions.length === 0 ? <span className="muted">none</span> : suite.permissions.join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </DirectorySection>
  );
}
