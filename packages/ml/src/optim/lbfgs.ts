import { MoreThuenteSearch } from './more-thuente.js';

/**
 * Objective for the minimiser: returns f(x) and writes ∇f(x) into `grad` (same length as x).
 * It must not keep references to `x` or `grad`: both buffers are reused between calls.
 */
export type Objective = (x: Float64Array, grad: Float64Array) => number;

export interface LbfgsOptions {
  /** Number of correction pairs kept (scipy's `maxcor`). Default 10. */
  m?: number;
  /** Stop when max_i |∇f_i| <= gtol (scipy's `gtol`/`pgtol`). Default 1e-5, scipy's default. */
  gtol?: number;
  /**
   * Stop when (f_prev - f) <= ftol * max(|f_prev|, |f|, 1) (scipy's `ftol` = factr · eps).
   * Default 64 · eps, tight enough that gtol decides in practice; scipy's own default is 1e7 · eps.
   */
  ftol?: number;
  /** Maximum number of iterations (accepted steps). Default 15000, scipy's default. */
  maxIter?: number;
  /** Maximum objective evaluations, checked after each iteration as scipy does. Default 15000. */
  maxFun?: number;
  /** Maximum evaluations per line search (scipy's `maxls`). Default 20. */
  maxLineSearch?: number;
}

export type LbfgsStatus = 'gtol' | 'ftol' | 'maxIter' | 'maxFun' | 'lineSearchFailed';

export interface LbfgsResult {
  x: Float64Array;
  f: number;
  /** Gradient at x. */
  grad: Float64Array;
  /** Accepted steps, counted as scipy's `nit`. */
  nIter: number;
  nFev: number;
  /** True when stopped by gtol or ftol (scipy's status 0). */
  converged: boolean;
  status: LbfgsStatus;
  message: string;
}

export const MACHINE_EPSILON = 2.220446049250313e-16;

/** Largest step the line search may take; L-BFGS-B's `big` for unbounded problems. */
const STEP_MAX = 1e10;
const LS_FTOL = 1e-3;
const LS_GTOL = 0.9;
const LS_XTOL = 0.1;

/**
 * Limited-memory BFGS for unconstrained problems, following L-BFGS-B 3.0 as scipy 1.10 drives it
 * (what scikit-learn 1.2's lbfgs solver runs): the first step has length 1 along -∇f, later steps
 * start at 1 along the quasi-Newton direction (two-loop recursion, H0 = s'y/y'y), Moré–Thuente line
 * search with ftol 1e-3, gtol 0.9, xtol 0.1; a pair with s'y <= eps·(-g'd·stp) is skipped; a failed
 * line search drops the memory and retries from steepest descent once before giving up.
 * Termination is checked in scipy's order: iteration limit first, then gtol, then ftol.
 */
export function minimizeLbfgs(fun: Objective, x0: Float64Array, options: LbfgsOptions = {}): LbfgsResult {
  const m = options.m ?? 10;
  const gtol = options.gtol ?? 1e-5;
  const ftol = options.ftol ?? 64 * MACHINE_EPSILON;
  const maxIter = options.maxIter ?? 15000;
  const maxFun = options.maxFun ?? 15000;
  const maxLs = options.maxLineSearch ?? 20;
  if (!(Number.isInteger(m) && m >= 1)) throw new Error(`L-BFGS memory m must be a positive integer, got ${m}`);
  if (!(gtol >= 0)) throw new Error(`gtol must be >= 0, got ${gtol}`);
  if (!(ftol >= 0)) throw new Error(`ftol must be >= 0, got ${ftol}`);
  if (!(Number.isInteger(maxIter) && maxIter >= 1)) throw new Error(`maxIter must be a positive integer, got ${maxIter}`);
  if (!(Number.isInteger(maxFun) && maxFun >= 1)) throw new Error(`maxFun must be a positive integer, got ${maxFun}`);
  if (!(Number.isInteger(maxLs) && maxLs >= 1)) throw new Error(`maxLineSearch must be a positive integer, got ${maxLs}`);

  const n = x0.length;
  const x = Float64Array.from(x0);
  const g = new Float64Array(n);
  const d = new Float64Array(n);
  const xOld = new Float64Array(n);
  const gOld = new Float64Array(n);
  const mem = new Memory(m, n);
  const search = new MoreThuenteSearch(LS_FTOL, LS_GTOL, LS_XTOL, 0, STEP_MAX);

  let f = fun(x, g);
  let nFev = 1;
  const done = (status: LbfgsStatus, nIter: number, message: string): LbfgsResult => ({
    x,
    f,
    grad: g,
    nIter,
    nFev,
    converged: status === 'gtol' || status === 'ftol',
    status,
    message,
  });
  if (!Number.isFinite(f)) return done('lineSearchFailed', 0, `objective is not finite at the starting point (${f})`);
  if (maxAbs(g) <= gtol) return done('gtol', 0, 'projected gradient max-norm <= gtol at the starting point');

  let iter = 0;
  for (;;) {
    // Search direction: steepest descent with an empty memory, else -H·g.
    if (mem.size === 0) for (let i = 0; i < n; i++) d[i] = -g[i];
    else mem.direction(g, d);

    const fold = f;
    xOld.set(x);
    gOld.set(g);
    const gdOld = dot(g, d);
    let stp = 0;
    let gd = gdOld;
    let failure = '';
    if (!(gdOld < 0)) {
      failure = `not a descent direction (g'd = ${gdOld})`;
    } else {
      const dnorm = Math.sqrt(dot(d, d));
      stp = iter === 0 ? Math.min(1 / dnorm, STEP_MAX) : 1;
      let task = search.start(stp, f, gdOld);
      let evals = 0;
      while (task === 'FG') {
        if (evals >= maxLs) {
          failure = `line search needed more than ${maxLs} evaluations`;
          break;
        }
        stp = search.stp;
        for (let i = 0; i < n; i++) x[i] = xOld[i] + stp * d[i];
        f = fun(x, g);
        nFev++;
        evals++;
        gd = dot(g, d);
        if (!Number.isFinite(f) || !Number.isFinite(gd)) {
          // Not in L-BFGS-B (whose objectives stay finite); shrinking keeps an overflowing trial step
          // from poisoning the cubic interpolation.
          search.stp = stp / 2;
          continue;
        }
        task = search.next(f, gd);
      }
      if (task === 'ERROR') failure = `line search error: ${search.detail}`;
      stp = search.stp;
    }

    if (failure !== '') {
      x.set(xOld);
      g.set(gOld);
      f = fold;
      if (mem.size === 0) return done('lineSearchFailed', iter, `abnormal termination in line search: ${failure}`);
      mem.clear();
      continue;
    }

    iter++;
    if (iter >= maxIter) return done('maxIter', iter, `stopped: iteration limit ${maxIter} reached`);
    if (nFev > maxFun) return done('maxFun', iter, `stopped: more than ${maxFun} function evaluations`);
    if (maxAbs(g) <= gtol) return done('gtol', iter, 'converged: projected gradient max-norm <= gtol');
    if (fold - f <= ftol * Math.max(Math.abs(fold), Math.abs(f), 1)) {
      return done('ftol', iter, 'converged: relative reduction of f <= ftol');
    }

    // Curvature pair s = stp·d, y = g - gOld; s'y is formed as L-BFGS-B does, from the directional
    // derivatives the line search already computed.
    const sy = stp === 1 ? gd - gdOld : (gd - gdOld) * stp;
    const ddum = -gdOld * stp;
    if (sy > MACHINE_EPSILON * ddum) mem.push(d, stp, g, gOld, sy);
  }
}

/** Circular store of the last m pairs (s, y) and the two-loop recursion over them. */
class Memory {
  private readonly s: Float64Array[];
  private readonly y: Float64Array[];
  private readonly rho: Float64Array;
  private readonly alpha: Float64Array;
  private head = 0;
  size = 0;
  private gamma = 1;

  constructor(
    private readonly m: number,
    private readonly n: number,
  ) {
    this.s = Array.from({ length: m }, () => new Float64Array(n));
    this.y = Array.from({ length: m }, () => new Float64Array(n));
    this.rho = new Float64Array(m);
    this.alpha = new Float64Array(m);
  }

  clear(): void {
    this.size = 0;
    this.head = 0;
    this.gamma = 1;
  }

  push(d: Float64Array, stp: number, g: Float64Array, gOld: Float64Array, sy: number): void {
    const slot = (this.head + this.size) % this.m;
    const s = this.s[slot];
    const y = this.y[slot];
    let yy = 0;
    for (let i = 0; i < this.n; i++) {
      s[i] = stp * d[i];
      const yi = g[i] - gOld[i];
      y[i] = yi;
      yy += yi * yi;
    }
    this.rho[slot] = 1 / sy;
    this.gamma = sy / yy;
    if (this.size < this.m) this.size++;
    else this.head = (this.head + 1) % this.m;
  }

  /** out = -H·g with H the L-BFGS inverse-Hessian approximation. */
  direction(g: Float64Array, out: Float64Array): void {
    const n = this.n;
    out.set(g);
    for (let k = this.size - 1; k >= 0; k--) {
      const slot = (this.head + k) % this.m;
      const a = this.rho[slot] * dot(this.s[slot], out);
      this.alpha[slot] = a;
      const y = this.y[slot];
      for (let i = 0; i < n; i++) out[i] -= a * y[i];
    }
    for (let i = 0; i < n; i++) out[i] *= this.gamma;
    for (let k = 0; k < this.size; k++) {
      const slot = (this.head + k) % this.m;
      const b = this.rho[slot] * dot(this.y[slot], out);
      const c = this.alpha[slot] - b;
      const s = this.s[slot];
      for (let i = 0; i < n; i++) out[i] += c * s[i];
    }
    for (let i = 0; i < n; i++) out[i] = -out[i];
  }
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

function maxAbs(a: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const v = Math.abs(a[i]);
    if (v > m || v !== v) m = v;
  }
  return m;
}
