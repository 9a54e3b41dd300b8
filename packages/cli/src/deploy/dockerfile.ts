/**
 * A Dockerfile reader for the deployment tests (there is no Docker engine on CI machines, so the tests check the
 * Dockerfiles by reading them and replaying their COPY and npm lines). Handles what our Dockerfiles use:
 * comments, line continuations, ARG defaults in FROM, `AS name` stages, JSON and shell forms.
 */
export interface Instruction {
  readonly keyword: string;
  /** The arguments as written (continuations joined). */
  readonly args: string;
  /** 1-based line where the instruction starts, for messages. */
  readonly line: number;
}

export interface Stage {
  readonly name: string;
  readonly image: string;
  readonly instructions: Instruction[];
}

export interface Dockerfile {
  readonly globalArgs: Record<string, string>;
  readonly stages: Stage[];
}

export function parseDockerfile(text: string, label = 'Dockerfile'): Dockerfile {
  const instructions: Instruction[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const start = i;
    let line = lines[i];
    if (/^\s*(#|$)/.test(line)) continue;
    while (/\\\s*$/.test(line) && i + 1 < lines.length) {
      i++;
      if (/^\s*#/.test(lines[i])) continue;
      line = line.replace(/\\\s*$/, ' ') + lines[i].trim();
    }
    const m = /^\s*([A-Za-z]+)\s+(.*)$/.exec(line);
    if (!m) throw new Error(`${label} line ${start + 1}: expected INSTRUCTION arguments, got "${line.trim()}"`);
    instructions.push({ keyword: m[1].toUpperCase(), args: m[2].trim(), line: start + 1 });
  }
  const globalArgs: Record<string, string> = {};
  const stages: Stage[] = [];
  for (const ins of instructions) {
    if (ins.keyword === 'FROM') {
      const [image, as, name] = ins.args.split(/\s+/);
      const resolved = image.replace(/\$\{(\w+)\}/g, (_, v: string) => globalArgs[v] ?? '');
      stages.push({ name: as?.toUpperCase() === 'AS' && name ? name : String(stages.length), image: resolved, instructions: [] });
    } else if (stages.length === 0) {
      if (ins.keyword !== 'ARG') throw new Error(`${label} line ${ins.line}: only ARG may come before the first FROM`);
      const [k, v = ''] = ins.args.split('=');
      globalArgs[k] = v;
    } else {
      stages[stages.length - 1].instructions.push(ins);
    }
  }
  if (stages.length === 0) throw new Error(`${label}: no FROM instruction`);
  return { globalArgs, stages };
}

/** A stage's instructions of one kind. */
export function instructionsOf(stage: Stage, keyword: string): Instruction[] {
  return stage.instructions.filter((i) => i.keyword === keyword);
}

/** An exec-form (JSON array) argument list, or undefined for the shell form. */
export function execForm(args: string): string[] | undefined {
  if (!args.startsWith('[')) return undefined;
  const v: unknown = JSON.parse(args);
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) throw new Error(`expected a JSON array of strings, got ${args}`);
  return v as string[];
}

export interface Copy {
  readonly from: string | undefined;
  readonly sources: string[];
  readonly dest: string;
}

/** COPY [--from=STAGE] SRC... DEST (other --flags are kept out of the sources). */
export function parseCopy(args: string): Copy {
  const parts = execForm(args) ?? args.split(/\s+/);
  let from: string | undefined;
  const rest: string[] = [];
  for (const p of parts) {
    if (p.startsWith('--from=')) from = p.slice('--from='.length);
    else if (!p.startsWith('--')) rest.push(p);
  }
  if (rest.length < 2) throw new Error(`COPY ${args}: expected sources and a destination`);
  return { from, sources: rest.slice(0, -1), dest: rest[rest.length - 1] };
}

/**
 * A .dockerignore reader: `isIgnored(path)` for a path relative to the build context, true when the path or one
 * of its parent directories matches a pattern (Go's filepath.Match plus `**`, as Docker reads them). Exceptions
 * (`!pattern`) are refused rather than half-supported: our file has none.
 */
export function dockerignore(text: string): (relativePath: string) => boolean {
  const patterns = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
  const exception = patterns.find((p) => p.startsWith('!'));
  if (exception) throw new Error(`.dockerignore: exception patterns (${exception}) are not supported by this reader`);
  const regexes = patterns.map((p) => {
    const glob = p.replace(/^\.?\/+/, '').replace(/\/+$/, '');
    let re = '';
    for (let i = 0; i < glob.length; i++) {
      const c = glob[i];
      if (glob.startsWith('**/', i)) {
        re += '(?:.*/)?';
        i += 2;
      } else if (glob.startsWith('**', i)) {
        re += '.*';
        i += 1;
      } else if (c === '*') re += '[^/]*';
      else if (c === '?') re += '[^/]';
      else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    }
    return new RegExp(`^${re}$`);
  });
  return (relativePath) => {
    const parts = relativePath.split(/[\\/]+/).filter((x) => x !== '' && x !== '.');
    for (let n = 1; n <= parts.length; n++) {
      const prefix = parts.slice(0, n).join('/');
      if (regexes.some((r) => r.test(prefix))) return true;
    }
    return false;
  };
}
