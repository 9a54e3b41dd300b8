import { useMemo, useState, type ReactNode } from 'react';

export interface Column<R> {
  readonly key: string;
  readonly label: ReactNode;
  /** Right-aligned, tabular figures. */
  readonly numeric?: boolean;
  /** The cell; default: String(sortValue). */
  readonly render?: (row: R, index: number) => ReactNode;
  /** What the column sorts by; columns without one are not sortable. */
  readonly sortValue?: (row: R) => string | number | null | undefined;
  readonly cellClass?: (row: R) => string | undefined;
}

export interface DataTableProps<R> {
  readonly caption: string;
  readonly columns: readonly Column<R>[];
  readonly rows: readonly R[];
  readonly rowKey: (row: R, index: number) => string;
  readonly rowClass?: (row: R) => string | undefined;
  /** Rows per page (default 50): only one page is ever rendered, so 100,000 rows stay responsive. */
  readonly pageSize?: number;
  readonly initialSort?: { key: string; desc: boolean };
  readonly empty?: ReactNode;
}

type Sort = { key: string; desc: boolean } | null;

function compare(a: string | number | null | undefined, b: string | number | null | undefined): number {
  const aMissing = a === null || a === undefined || (typeof a === 'number' && Number.isNaN(a));
  const bMissing = b === null || b === undefined || (typeof b === 'number' && Number.isNaN(b));
  if (aMissing || bMissing) return aMissing === bMissing ? 0 : aMissing ? 1 : -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b), undefined, { numeric: true });
}

/** A table with sortable columns (click a header; again to reverse) and pages. Missing values sort last. */
export function DataTable<R>({ caption, columns, rows, rowKey, rowClass, pageSize = 50, initialSort, empty }: DataTableProps<R>) {
  const [sort, setSort] = useState<Sort>(initialSort ?? null);
  const [page, setPage] = useState(0);
  const sorted = useMemo(() => {
    const col = sort ? columns.find((c) => c.key === sort.key) : undefined;
    if (!sort || !col?.sortValue) return rows;
    const by = col.sortValue;
    const order = rows.map((r, i) => i);
    order.sort((i, j) => {
      const c = compare(by(rows[i]!), by(rows[j]!));
      return c === 0 ? i - j : sort.desc ? -c : c;
    });
    return order.map((i) => rows[i]!);
  }, [rows, sort, columns]);
  const pages = Math.max(1, Math.ceil(sorted.length / pageSize));
  const current = Math.min(page, pages - 1);
  const shown = sorted.slice(current * pageSize, (current + 1) * pageSize);

  if (rows.length === 0 && empty) return <>{empty}</>;
  return (
    <div>
      <div className="table-wrap">
        <table>
          <caption className="visually-hidden" style={{ position: 'absolute', left: '-9999px' }}>
            {caption}
          </caption>
          <thead>
            <tr>
              {columns.map((c) => {
                const active = sort?.key === c.key;
                return (
                  <th
                    key={c.key}
                    scope="col"
                    className={c.numeric ? 'num' : undefined}
                    aria-sort={active ? (sort!.desc ? 'descending' : 'ascending') : undefined}
                  >
                    {c.sortValue ? (
                      <button
                        type="button"
                        className="sort"
                        onClick={() => {
                          setSort(active ? { key: c.key, desc: !sort!.desc } : { key: c.key, desc: !!c.numeric });
                          setPage(0);
                        }}
                      >
                        {c.label}
                        {active ? (sort!.desc ? ' ▼' : ' ▲') : ''}
                      </button>
                    ) : (
                      c.label
                    )}
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody>
            {shown.map((r, i) => {
              const index = current * pageSize + i;
              return (
                <tr key={rowKey(r, index)} className={rowClass?.(r)}>
                  {columns.map((c) => (
                    <td key={c.key} className={[c.numeric ? 'num' : '', c.cellClass?.(r) ?? ''].join(' ').trim() || undefined}>
                      {c.render ? c.render(r, index) : String(c.sortValue?.(r) ?? '')}
                    </td>
                  ))}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {pages > 1 ? (
        <div className="pager" role="navigation" aria-label={`${caption} pages`}>
          <button type="button" onClick={() => setPage(0)} disabled={current === 0}>
            First
          </button>
          <button type="button" onClick={() => setPage(current - 1)} disabled={current === 0}>
            Previous
          </button>
          <span>
            Page {(current + 1).toLocaleString('en')} of {pages.toLocaleString('en')} ({sorted.length.toLocaleString('en')} rows)
          </span>
          <button type="button" onClick={() => setPage(current + 1)} disabled={current >= pages - 1}>
            Next
          </button>
          <button type="button" onClick={() => setPage(pages - 1)} disabled={current >= pages - 1}>
            Last
          </button>
        </div>
      ) : null}
    </div>
  );
}
