import { CheckboxField } from './FormFields';

interface CheckboxListFieldProps {
  readonly legend: string;
  readonly options: ReadonlyArray<{ readonly value: string; readonly label: string }>;
  readonly selected: ReadonlySet<string>;
  readonly onChange: (selected: ReadonlySet<string>) => void;
  /** Shown instead of the list when there is nothing to pick. */
  readonly emptyText: string;
}

/** Several of a list picked with checkboxes, e.g. a chat's members or the robots installed in it. */
export function CheckboxListField({ legend, options, selected, onChange, emptyText }: CheckboxListFieldProps) {
  function toggle(value: string, checked: boolean): void {
    const next = new Set(selected);
    if (checked) next.add(value);
    else next.delete(value);
    onChange(next);
  }
  return (
    <fieldset className="fieldset">
      <legend className="field__label">{legend}</legend>
      {options.length === 0 && <p className="muted">{emptyText}</p>}
      {options.map((option) => (
        <CheckboxField key={option.value} label={option.label} checked={selected.has(option.value)} onChange={(checked) => toggle(option.value, checked)} />
      ))}
    </fieldset>
  );
}
