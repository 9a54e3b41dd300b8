/**
 * Moré–Thuente line search: a port of MINPACK-2's `dcsrch`/`dcstep`, the routine L-BFGS-B (and hence
 * scipy's `minimize(method="L-BFGS-B")`, which scikit-learn's lbfgs solver calls) uses. Porting it
 * rather than writing a simpler zoom keeps our iterates on the same path as scipy's, which is what
 * makes default-tolerance fits agree with scikit-learn's to far better than the tolerance.
 *
 * It finds a step satisfying the strong Wolfe conditions
 *   f(stp) <= f(0) + ftol * stp * f'(0)   and   |f'(stp)| <= gtol * |f'(0)|.
 * It is a reverse-communication state machine: the caller evaluates f and f' at `stp` while the
 * task is 'FG'.
 */
export type LineSearchTask = 'FG' | 'CONVERGENCE' | 'WARNING' | 'ERROR';

const XTRAPL = 1.1;
const XTRAPU = 4.0;

export class MoreThuenteSearch {
  /** The step at which the caller must evaluate next (task 'FG'), or the accepted step. */
  stp = 0;
  /** Why the search ended, for diagnostics ('ROUNDING', 'XTOL', 'STPMAX', 'STPMIN' or an error text). */
  detail = '';

  private brackt = false;
  private stage = 1;
  private finit = 0;
  private ginit = 0;
  private gtest = 0;
  private width = 0;
  private width1 = 0;
  private stx = 0;
  private fx = 0;
  private gx = 0;
  private sty = 0;
  private fy = 0;
  private gy = 0;
  private stmin = 0;
  private stmax = 0;

  constructor(
    private readonly ftol: number,
    private readonly gtol: number,
    private readonly xtol: number,
    private readonly stpmin: number,
    private readonly stpmax: number,
  ) {}

  /** Begins a search from f(0) = f, f'(0) = g with first trial step `stp`. */
  start(stp: number, f: number, g: number): LineSearchTask {
    this.stp = stp;
    this.detail = '';
    if (stp < this.stpmin) return this.error('STP < STPMIN');
    if (stp > this.stpmax) return this.error('STP > STPMAX');
    if (g >= 0) return this.error('INITIAL G >= 0');
    if (this.ftol < 0) return this.error('FTOL < 0');
    if (this.gtol < 0) return this.error('GTOL < 0');
    if (this.xtol < 0) return this.error('XTOL < 0');
    if (this.stpmin < 0) return this.error('STPMIN < 0');
    if (this.stpmax < this.stpmin) return this.error('STPMAX < STPMIN');
    this.brackt = false;
    this.stage = 1;
    this.finit = f;
    this.ginit = g;
    this.gtest = this.ftol * g;
    this.width = this.stpmax - this.stpmin;
    this.width1 = this.width / 0.5;
    this.stx = 0;
    this.fx = f;
    this.gx = g;
    this.sty = 0;
    this.fy = f;
    this.gy = g;
    this.stmin = 0;
    this.stmax = stp + XTRAPU * stp;
    return 'FG';
  }

  /** Consumes f(stp), f'(stp); either accepts `stp` or moves it and asks for another evaluation. */
  next(f: number, g: number): LineSearchTask {
    let stp = this.stp;
    const ftest = this.finit + stp * this.gtest;
    if (this.stage === 1 && f <= ftest && g >= 0) this.stage = 2;

    // Order matters: later tests overwrite earlier ones, exactly as in dcsrch.
    let task: LineSearchTask | null = null;
    if (this.brackt && (stp <= this.stmin || stp >= this.stmax)) {
      task = 'WARNING';
      this.detail = 'ROUNDING ERRORS PREVENT PROGRESS';
    }
    if (this.brackt && this.stmax - this.stmin <= this.xtol * this.stmax) {
      task = 'WARNING';
      this.detail = 'XTOL TEST SATISFIED';
    }
    if (stp === this.stpmax && f <= ftest && g <= this.gtest) {
      task = 'WARNING';
      this.detail = 'STP = STPMAX';
    }
    if (stp === this.stpmin && (f > ftest || g >= this.gtest)) {
      task = 'WARNING';
      this.detail = 'STP = STPMIN';
    }
    if (f <= ftest && Math.abs(g) <= this.gtol * -this.ginit) {
      task = 'CONVERGENCE';
      this.detail = '';
    }
    if (task !== null) return task;

    // In the first stage a modified function (f minus the sufficient-decrease line) steers the step
    // when f dropped but not enough.
    if (this.stage === 1 && f <= this.fx && f > ftest) {
      const gtest = this.gtest;
      const s: StepState = {
        stx: this.stx,
        fx: this.fx - this.stx * gtest,
        dx: this.gx - gtest,
        sty: this.sty,
        fy: this.fy - this.sty * gtest,
        dy: this.gy - gtest,
        stp,
        brackt: this.brackt,
      };
      dcstep(s, f - stp * gtest, g - gtest, this.stmin, this.stmax);
      this.stx = s.stx;
      this.sty = s.sty;
      this.fx = s.fx + s.stx * gtest;
      this.fy = s.fy + s.sty * gtest;
      this.gx = s.dx + gtest;
      this.gy = s.dy + gtest;
      this.brackt = s.brackt;
      stp = s.stp;
    } else {
      const s: StepState = {
        stx: this.stx,
        fx: this.fx,
        dx: this.gx,
        sty: this.sty,
        fy: this.fy,
        dy: this.gy,
        stp,
        brackt: this.brackt,
      };
      dcstep(s, f, g, this.stmin, this.stmax);
      this.stx = s.stx;
      this.fx = s.fx;
      this.gx = s.dx;
      this.sty = s.sty;
      this.fy = s.fy;
      this.gy = s.dy;
      this.brackt = s.brackt;
      stp = s.stp;
    }

    // Bisect when the bracket is not shrinking fast enough.
    if (this.brackt) {
      if (Math.abs(this.sty - this.stx) >= 0.66 * this.width1) stp = this.stx + 0.5 * (this.sty - this.stx);
      this.width1 = this.width;
      this.width = Math.abs(this.sty - this.stx);
    }

    if (this.brackt) {
      this.stmin = Math.min(this.stx, this.sty);
      this.stmax = Math.max(this.stx, this.sty);
    } else {
      this.stmin = stp + XTRAPL * (stp - this.stx);
      this.stmax = stp + XTRAPU * (stp - this.stx);
    }

    stp = Math.max(stp, this.stpmin);
    stp = Math.min(stp, this.stpmax);

    // No further progress possible: fall back to the best step seen.
    if ((this.brackt && (stp <= this.stmin || stp >= this.stmax)) || (this.brackt && this.stmax - this.stmin <= this.xtol * this.stmax)) {
      stp = this.stx;
    }
    this.stp = stp;
    return 'FG';
  }

  private error(what: string): LineSearchTask {
    this.detail = what;
    return 'ERROR';
  }
}

interface StepState {
  stx: number;
  fx: number;
  dx: number;
  sty: number;
  fy: number;
  dy: number;
  stp: number;
  brackt: boolean;
}

/** MINPACK-2 `dcstep`: safeguarded cubic/quadratic step and update of the interval of uncertainty. */
function dcstep(s: StepState, fp: number, dp: number, stpmin: number, stpmax: number): void {
  const { stx, fx, dx, sty, fy, dy, stp } = s;
  const sgnd = dp * (dx / Math.abs(dx));
  let stpf: number;

  if (fp > fx) {
    // Higher function value: the minimum is bracketed.
    const theta = (3 * (fx - fp)) / (stp - stx) + dx + dp;
    const sc = Math.max(Math.abs(theta), Math.abs(dx), Math.abs(dp));
    let gamma = sc * Math.sqrt((theta / sc) * (theta / sc) - (dx / sc) * (dp / sc));
    if (stp < stx) gamma = -gamma;
    const p = gamma - dx + theta;
    const q = gamma - dx + gamma + dp;
    const r = p / q;
    const stpc = stx + r * (stp - stx);
    const stpq = stx + (dx / ((fx - fp) / (stp - stx) + dx) / 2) * (stp - stx);
    stpf = Math.abs(stpc - stx) < Math.abs(stpq - stx) ? stpc : stpc + (stpq - stpc) / 2;
    s.brackt = true;
  } else if (sgnd < 0) {
    // Lower value, derivatives of opposite sign: bracketed.
    const theta = (3 * (fx - fp)) / (stp - stx) + dx + dp;
    const sc = Math.max(Math.abs(theta), Math.abs(dx), Math.abs(dp));
    let gamma = sc * Math.sqrt((theta / sc) * (theta / sc) - (dx / sc) * (dp / sc));
    if (stp > stx) gamma = -gamma;
    const p = gamma - dp + theta;
    const q = gamma - dp + gamma + dx;
    const r = p / q;
    const stpc = stp + r * (stx - stp);
    const stpq = stp + (dp / (dp - dx)) * (stx - stp);
    stpf = Math.abs(stpc - stp) > Math.abs(stpq - stp) ? stpc : stpq;
    s.brackt = true;
  } else if (Math.abs(dp) < Math.abs(dx)) {
    // Lower value, same sign, derivative magnitude decreasing.
    const theta = (3 * (fx - fp)) / (stp - stx) + dx + dp;
    const sc = Math.max(Math.abs(theta), Math.abs(dx), Math.abs(dp));
    let gamma = sc * Math.sqrt(Math.max(0, (theta / sc) * (theta / sc) - (dx / sc) * (dp / sc)));
    if (stp > stx) gamma = -gamma;
    const p = gamma - dp + theta;
    const q = gamma + (dx - dp) + gamma;
    const r = p / q;
    let stpc: number;
    if (r < 0 && gamma !== 0) stpc = stp + r * (stx - stp);
    else if (stp > stx) stpc = stpmax;
    else stpc = stpmin;
    const stpq = stp + (dp / (dp - dx)) * (stx - stp);
    if (s.brackt) {
      stpf = Math.abs(stpc - stp) < Math.abs(stpq - stp) ? stpc : stpq;
      if (stp > stx) stpf = Math.min(stp + 0.66 * (sty - stp), stpf);
      else stpf = Math.max(stp + 0.66 * (sty - stp), stpf);
    } else {
      stpf = Math.abs(stpc - stp) > Math.abs(stpq - stp) ? stpc : stpq;
      stpf = Math.min(stpmax, stpf);
      stpf = Math.max(stpmin, stpf);
    }
  } else {
    // Lower value, same sign, derivative magnitude not decreasing.
    if (s.brackt) {
      const theta = (3 * (fp - fy)) / (sty - stp) + dy + dp;
      const sc = Math.max(Math.abs(theta), Math.abs(dy), Math.abs(dp));
      let gamma = sc * Math.sqrt((theta / sc) * (theta / sc) - (dy / sc) * (dp / sc));
      if (stp > sty) gamma = -gamma;
      const p = gamma - dp + theta;
      const q = gamma - dp + gamma + dy;
      const r = p / q;
      stpf = stp + r * (sty - stp);
    } else if (stp > stx) {
      stpf = stpmax;
    } else {
      stpf = stpmin;
    }
  }

  if (fp > fx) {
    s.sty = stp;
    s.fy = fp;
    s.dy = dp;
  } else {
    if (sgnd < 0) {
      s.sty = stx;
      s.fy = fx;
      s.dy = dx;
    }
    s.stx = stp;
    s.fx = fp;
    s.dx = dp;
  }
  s.stp = stpf;
}
