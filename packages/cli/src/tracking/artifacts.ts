import type { Dataset, ModelDocument } from '@custseg/ml';

/** The confusion matrix as a small self-contained SVG heat map (rows = true class, columns = predicted). */
export function confusionMatrixSvg(matrix: number[][], classes: readonly string[], title = 'Confusion matrix (held-out split)'): string {
  const k = classes.length;
  const cell = 56;
  const left = 90;
  const top = 70;
  const width = left + k * cell + 20;
  const height = top + k * cell + 50;
  const max = Math.max(1, ...matrix.flat());
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="13">`,
    `<title>${esc(title)}</title>`,
    `<text x="${width / 2}" y="20" text-anchor="middle" font-weight="bold">${esc(title)}</text>`,
    `<text x="${left + (k * cell) / 2}" y="${top - 28}" text-anchor="middle">predicted</text>`,
    `<text x="18" y="${top + (k * cell) / 2}" text-anchor="middle" transform="rotate(-90 18 ${top + (k * cell) / 2})">true</text>`,
  ];
  classes.forEach((c, j) => parts.push(`<text x="${left + j * cell + cell / 2}" y="${top - 8}" text-anchor="middle">${esc(c)}</text>`));
  matrix.forEach((row, i) => {
    parts.push(`<text x="${left - 8}" y="${top + i * cell + cell / 2 + 4}" text-anchor="end">${esc(classes[i])}</text>`);
    row.forEach((v, j) => {
      const shade = Math.round(255 - (v / max) * 190);
      const fill = `rgb(${shade},${shade},255)`;
      const ink = v / max > 0.55 ? '#fff' : '#000';
      parts.push(`<rect x="${left + j * cell}" y="${top + i * cell}" width="${cell}" height="${cell}" fill="${fill}" stroke="#fff"/>`);
      parts.push(`<text x="${left + j * cell + cell / 2}" y="${top + i * cell + cell / 2 + 4}" text-anchor="middle" fill="${ink}">${v}</text>`);
    });
  });
  parts.push('</svg>\n');
  return parts.join('\n');
}

/**
 * An MLflow `MLmodel` file for the logged model: the flavor, the run, the signature in MLflow's column-spec JSON
 * and a pointer to the input example, so MLflow's UI shows them. YAML written by hand: the values are simple.
 */
export function mlmodelFile(doc: ModelDocument, runId: string, createdIso: string): string {
  return [
    'artifact_path: model',
    ...mlmodelFlavorLines(doc),
    `run_id: ${runId}`,
    'saved_input_example_info:',
    '  artifact_path: input_example.json',
    '  pandas_orient: split',
    '  type: dataframe',
    ...mlmodelSignatureLines(doc),
    `utc_time_created: ${yamlQuote(createdIso.replace('T', ' ').replace('Z', ''))}`,
    '',
  ].join('\n');
}

/** The first rows of the training data in pandas' "split" orientation (what MLflow stores as input_example.json). */
export function inputExample(ds: Dataset, rows = 3): string {
  const n = Math.min(rows, ds.frame.nRows);
  const columns = ds.frame.names;
  const data: (string | number | null)[][] = [];
  for (let i = 0; i < n; i++) {
    data.push(
      ds.frame.columns.map((c) => {
        if (c.kind === 'numeric') return Number.isNaN(c.values[i]) ? null : c.values[i];
        return c.codes[i] < 0 ? null : c.categories[c.codes[i]];
      }),
    );
  }
  return `${JSON.stringify({ columns, data })}\n`;
}

/** A single-quoted YAML scalar. */
export function yamlQuote(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

/** The `flavors:` block of an MLmodel file for a custseg model document. */
export function mlmodelFlavorLines(doc: ModelDocument): string[] {
  return [
    'flavors:',
    '  custseg:',
    `    format: ${doc.format}`,
    `    format_version: ${doc.format_version}`,
    `    custseg_version: ${doc.metadata.library_version}`,
    '    data: model.json',
    `    preset: ${doc.metadata.preset ?? 'null'}`,
  ];
}

/** The `signature:` block of an MLmodel file, in MLflow's column-spec JSON. */
export function mlmodelSignatureLines(doc: ModelDocument): string[] {
  const inputs = doc.signature.features.map((f) => ({ type: f.type === 'numeric' ? 'double' : 'string', name: f.name, required: !f.optional }));
  const outputs = [{ type: 'string', name: doc.signature.target }];
  return ['signature:', `  inputs: ${yamlQuote(JSON.stringify(inputs))}`, `  outputs: ${yamlQuote(JSON.stringify(outputs))}`];
}
