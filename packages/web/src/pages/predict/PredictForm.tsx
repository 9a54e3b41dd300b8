import { useRef, useState, type FormEvent } from 'react';
import type { InputField } from '../../api/client';
import { fieldHint, fieldLabel, fieldProblem, fieldWarning } from '../../model/fields';

export interface PredictFormProps {
  readonly fields: readonly InputField[];
  readonly busy: boolean;
  /** Problems the server found, by field name (shown under the fields like our own). */
  readonly serverProblems?: Readonly<Record<string, string>>;
  readonly onSubmit: (values: Record<string, string>) => void;
}

/** An example customer within the model's schema: the first known category, the middle of the training range. */
export function exampleValues(fields: readonly InputField[]): Record<string, string> {
  return Object.fromEntries(
    fields.map((f) => {
      if (f.type === 'categorical') return [f.name, f.categories?.[0] ?? ''];
      const lo = Number.isFinite(f.training_min) ? f.training_min! : (f.min ?? 0);
      const hi = Number.isFinite(f.training_max) ? f.training_max! : lo;
      return [f.name, String(Math.round((lo + hi) / 2))];
    }),
  );
}

/**
 * One labelled control per input field of the served model: selects of its categories, number inputs with its
 * ranges. Problems show under a field once it was touched or a submit was tried; the first one takes the focus.
 */
export function PredictForm({ fields, busy, serverProblems = {}, onSubmit }: PredictFormProps) {
  const [values, setValues] = useState<Record<string, string>>(() => Object.fromEntries(fields.map((f) => [f.name, ''])));
  const [touched, setTouched] = useState<Record<string, boolean>>({});
  const [tried, setTried] = useState(false);
  const form = useRef<HTMLFormElement>(null);

  const problems = Object.fromEntries(fields.map((f) => [f.name, fieldProblem(f, values[f.name])]));
  const shown = (name: string) => (tried || touched[name] ? (problems[name] ?? serverProblems[name] ?? null) : (serverProblems[name] ?? null));

  function submit(e: FormEvent) {
    e.preventDefault();
    setTried(true);
    const firstBad = fields.find((f) => problems[f.name]);
    if (firstBad) {
      (form.current?.elements.namedItem(firstBad.name) as HTMLElement | null)?.focus();
      return;
    }
    onSubmit(values);
  }

  return (
    <form ref={form} className="fields" onSubmit={submit} noValidate aria-label="Customer">
      {fields.map((f) => {
        const id = `field-${f.name}`;
        const problem = shown(f.name);
        const warning = fieldWarning(f, values[f.name]);
        const hint = fieldHint(f);
        const describedBy = [hint ? `${id}-hint` : '', problem ? `${id}-problem` : ''].filter(Boolean).join(' ') || undefined;
        const common = {
          id,
          name: f.name,
          value: values[f.name] ?? '',
          'aria-invalid': problem ? true : undefined,
          'aria-describedby': describedBy,
          'aria-required': !f.optional || undefined,
          onBlur: () => setTouched((t) => ({ ...t, [f.name]: true })),
        };
        return (
          <div className="field" key={f.name}>
            <label htmlFor={id}>{fieldLabel(f.name)}</label>
            {f.type === 'categorical' ? (
              <select {...common} onChange={(e) => setValues((v) => ({ ...v, [f.name]: e.target.value }))}>
                <option value="">{f.optional ? 'Not given' : 'Choose…'}</option>
                {(f.categories ?? []).map((c) => (
                  <option key={c} value={c}>
                    {c}
                  </option>
                ))}
              </select>
            ) : (
              <input
                {...common}
                type="number"
                inputMode="decimal"
                step="any"
                min={Number.isFinite(f.min) ? f.min : undefined}
                max={Number.isFinite(f.max) ? f.max : undefined}
                onChange={(e) => setValues((v) => ({ ...v, [f.name]: e.target.value }))}
              />
            )}
            {hint ? (
              <span className="hint" id={`${id}-hint`}>
                {hint}
              </span>
            ) : null}
            {problem ? (
              <span className="problem" id={`${id}-problem`}>
                {problem}
              </span>
            ) : warning ? (
              <span className="hint">{warning}</span>
            ) : null}
          </div>
        );
      })}
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Predicting…' : 'Predict'}
        </button>
        <button
          type="button"
          onClick={() => {
            setValues(exampleValues(fields));
            setTouched({});
            setTried(false);
          }}
        >
          Fill with an example
        </button>
        <button
          type="button"
          onClick={() => {
            setValues(Object.fromEntries(fields.map((f) => [f.name, ''])));
            setTouched({});
            setTried(false);
          }}
        >
          Clear
        </button>
      </div>
    </form>
  );
}
