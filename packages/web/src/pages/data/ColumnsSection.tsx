import { useId, useMemo, useState } from 'react';
import { DataTable, type Column } from '../../components/DataTable';
import { ColumnDetail } from './ColumnDetail';
import { fmt, pct } from './format';
import type { ColumnProfile } from './profile-api';

/** Every column at a glance (sortable), and one column in detail: pick it in the list or in the table. */
export function ColumnsSection({ columns }: { columns: readonly ColumnProfile[] }) {
  const first = columns.find((c) => c.role === 'feature') ?? columns[0];
  const [picked, setPicked] = useState<string | undefined>(first?.name);
  const selectId = useId();
  const current = columns.find((c) => c.name === picked) ?? first;
  const table = useMemo<Column<ColumnProfile>[]>(
    () => [
      {
        key: 'name',
        label: 'Column',
        sortValue: (c) => c.name,
        render: (c) => (
          <button type="button" className="link-button" aria-label={`Show column ${c.name}`} onClick={() => setPicked(c.name)}>
            {c.name}
          </button>
        ),
      },
      { key: 'type', label: 'Type', sortValue: (c) => c.type },
      { key: 'role', label: 'Role', sortValue: (c) => c.role },
      { key: 'missing', label: 'Missing', numeric: true, sortValue: (c) => c.missing_pct, render: (c) => (c.missing ? `${fmt(c.missing)} (${pct(c.missing_pct)})` : '0') },
      { key: 'distinct', label: 'Distinct', numeric: true, sortValue: (c) => c.distinct, render: (c) => `${c.distinct_is_lower_bound ? '≥ ' : ''}${fmt(c.distinct)}` },
      { key: 'mean', label: 'Mean', numeric: true, sortValue: (c) => c.numeric?.mean ?? null, render: (c) => (c.numeric ? fmt(c.numeric.mean) : '') },
      {
        key: 'top',
        label: 'Most frequent',
        sortValue: (c) => c.categorical?.frequencies[0]?.value ?? null,
        render: (c) => {
          const top = c.categorical?.frequencies[0];
          return top ? `${top.value} (${pct(100 * top.share)})` : '';
        },
      },
    ],
    [],
  );
  if (!current) return null;
  return (
    <section aria-labelledby="columns-title" className="card">
      <h2 id="columns-title">Columns</h2>
      <DataTable caption="Columns of the data" columns={table} rows={columns} rowKey={(c) => c.name} rowClass={(c) => (c.name === current.name ? 'selected' : undefined)} pageSize={50} />
      <div className="field column-picker">
        <label htmlFor={selectId}>Column</label>
        <select id={selectId} value={current.name} onChange={(e) => setPicked(e.target.value)}>
          {columns.map((c) => (
            <option key={c.name} value={c.name}>
              {c.name} ({c.role === 'feature' ? c.type : c.role})
            </option>
          ))}
        </select>
      </div>
      <ColumnDetail column={current} />
    </section>
  );
}
