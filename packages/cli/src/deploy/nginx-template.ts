/**
 * The web image's nginx config template (docker/nginx/custseg-web.conf.template), read the way the tests need it:
 * its ${VARIABLES}, its rendering (what the nginx image's envsubst step does) and its locations.
 */

export const NGINX_TEMPLATE = 'docker/nginx/custseg-web.conf.template';

/** The text without comments (a `#` outside quotes up to the end of the line). */
export function withoutComments(text: string): string {
  return text
    .split('\n')
    .map((line) => {
      let quote: string | null = null;
      for (let i = 0; i < line.length; i++) {
        const c = line[i];
        if (quote) {
          if (c === '\\') i++;
          else if (c === quote) quote = null;
        } else if (c === '"' || c === "'") quote = c;
        else if (c === '#') return line.slice(0, i);
      }
      return line;
    })
    .join('\n');
}

/** The ${NAME} references outside comments, in order of first use. */
export function templateVariables(text: string): string[] {
  return [...new Set([...withoutComments(text).matchAll(/\$\{(\w+)\}/g)].map((m) => m[1]))];
}

/**
 * What the nginx image's 20-envsubst-on-templates.sh does: `envsubst` restricted to the variables defined in the
 * environment, which replaces both ${NAME} and $NAME of those names and leaves every other `$` alone.
 */
export function renderTemplate(text: string, vars: Record<string, string>): string {
  return text.replace(/\$\{(\w+)\}|\$([A-Za-z_]\w*)/g, (whole, braced: string | undefined, bare: string | undefined) => {
    const name = braced ?? bare ?? '';
    return Object.prototype.hasOwnProperty.call(vars, name) ? vars[name] : whole;
  });
}

export interface NginxLocation {
  /** `=` for an exact match, '' for a prefix (the template uses no regex locations). */
  readonly modifier: '=' | '';
  readonly path: string;
  /** The variable of `proxy_pass ${VAR}`, when the location proxies. */
  readonly proxyVariable: string | undefined;
  /** The status of a `return` at the location's top level (not inside an `if`), when it has one. */
  readonly returns: number | undefined;
  readonly body: string;
}

/** The `location` blocks of the template's server, with the body of each (nested blocks included). */
export function templateLocations(text: string): NginxLocation[] {
  const src = withoutComments(text);
  const out: NginxLocation[] = [];
  const re = /\blocation\s+(?:(=|~\*?|\^~)\s+)?(\S+)\s*\{/g;
  for (let m = re.exec(src); m; m = re.exec(src)) {
    if (m[1] && m[1] !== '=') throw new Error(`${NGINX_TEMPLATE}: location ${m[1]} ${m[2]}: only prefix and exact locations are understood here`);
    let depth = 1;
    let i = re.lastIndex;
    for (; i < src.length && depth > 0; i++) {
      if (src[i] === '{') depth++;
      else if (src[i] === '}') depth--;
    }
    const body = src.slice(re.lastIndex, i - 1);
    let topLevel = body;
    for (let prev = ''; prev !== topLevel; ) [prev, topLevel] = [topLevel, topLevel.replace(/\{[^{}]*\}/g, '')];
    const proxy = /\bproxy_pass\s+\$\{(\w+)\}\s*;/.exec(body);
    const ret = /\breturn\s+(\d{3})\b/.exec(topLevel);
    out.push({ modifier: m[1] === '=' ? '=' : '', path: m[2], proxyVariable: proxy?.[1], returns: ret ? Number(ret[1]) : undefined, body });
    re.lastIndex = i;
  }
  return out;
}

/** The location nginx picks for a request path: an exact match, else the longest prefix (no regex locations). */
export function locationFor(locations: readonly NginxLocation[], path: string): NginxLocation | undefined {
  const exact = locations.find((l) => l.modifier === '=' && l.path === path);
  if (exact) return exact;
  return locations.filter((l) => l.modifier === '' && path.startsWith(l.path)).sort((a, b) => b.path.length - a.path.length)[0];
}
