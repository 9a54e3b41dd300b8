import type { CsvPreview } from './csv-preview';

/** The first rows of the chosen file, cells with problems highlighted and explained. */
export function PreviewTable({ preview }: { preview: CsvPreview }) {
  const bad = preview.rows.filter((r) => r.problems.size > 0).length;
  return (
    <div>
      <p className="small">
        First {preview.rows.length} rows{bad ? `: ${bad} with problems (highlighted; the server will report them per row and score the rest)` : ': no problems found'}.
      </p>
      <div className="table-wrap">
        <table aria-label="Preview of the file">
          <thead>
            <tr>
              <th scope="col" className="num">
                Line
              </th>
              {preview.header.map((h, i) => (
                <th scope="col" key={`${h}-${i}`}>
                  {h}
                </th>
              ))}
              <th scope="col">Problems</th>
            </tr>
          </thead>
          <tbody>
            {preview.rows.map((r) => (
              <tr key={r.line} className={r.problems.size ? 'problem' : undefined}>
                <td className="num">{r.line}</td>
                {preview.header.map((h, i) => (
                  <td key={`${h}-${i}`} className={r.problems.has(i) ? 'problem-cell' : undefined} title={r.problems.get(i) ?? r.warnings.get(i)}>
                    {r.cells[i] ?? ''}
                  </td>
                ))}
                <td>{[...r.problems.values(), ...r.warnings.values()].join('; ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
