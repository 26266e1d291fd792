/** Shown while something loads for the first time. */
export function LoadingNotice({ label = 'Loading…' }: { readonly label?: string }) {
  return (
    <div className="notice notice--loading" role="status">
      <span className="spinner" aria-hidden="true" />
      {label}
    </div>
  );
}
