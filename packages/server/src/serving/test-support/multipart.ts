/** A multipart/form-data body for inject tests: text fields and file parts. */
export function multipart(parts: { name: string; value: string; filename?: string }[]): { body: Buffer; headers: Record<string, string> } {
  const boundary = '----custsegTestBoundary7MA4YWxkTrZu0gW';
  const chunks = parts.map((p) => {
    const disposition = `form-data; name="${p.name}"${p.filename ? `; filename="${p.filename}"` : ''}`;
    const type = p.filename ? 'Content-Type: text/csv\r\n' : '';
    return `--${boundary}\r\nContent-Disposition: ${disposition}\r\n${type}\r\n${p.value}\r\n`;
  });
  return {
    body: Buffer.from(`${chunks.join('')}--${boundary}--\r\n`),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}
