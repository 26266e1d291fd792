/** A robot as pickers show it: its initial in a robot avatar, then its name. */
export function RobotName({ name }: { readonly name: string }) {
  return (
    <>
      <span className="avatar avatar--robot" aria-hidden="true">
        {name.slice(0, 1)}
      </span>
      {name}
    </>
  );
}
