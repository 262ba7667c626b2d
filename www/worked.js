// The worked calculation for the half-step just taken, in MathML (native in
// current browsers; no JavaScript maths library): the formulas a student
// writes in an exam, with the current numbers substituted.

const MATHML = "http://www.w3.org/1998/Math/MathML";

/** A MathML element with children (strings become text). */
function m(tag, ...children) {
  const element = document.createElementNS(MATHML, tag);
  for (const child of children.flat()) {
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

const mi = (text) => m("mi", text);
const mo = (text) => m("mo", text);
const mn = (value, digits = 4) => m("mn", typeof value === "number" ? format(value, digits) : value);
const sub = (base, index) => m("msub", typeof base === "string" ? mi(base) : base, typeof index === "string" ? mi(index) : index);
const frac = (top, bottom) => m("mfrac", m("mrow", top), m("mrow", bottom));
const row = (...children) => m("mrow", ...children);
/** name⁽ⁱ⁺¹⁾: the parameter after this M-step. */
const updated = (name) => m("msup", mi(name), row(mo("("), mi("i"), mo("+"), mn("1"), mo(")")));

function format(value, digits) {
  // NaN only comes from an exercise's last hint: the number the student must find.
  if (Number.isNaN(value)) return "?";
  if (!Number.isFinite(value)) return value === -Infinity ? "−∞" : "—";
  return value.toFixed(digits).replace("-", "−");
}

/**
 * One equation: `parts` joined by "=", each "= part" a math element of its
 * own in a wrapping row, so a narrow screen (a phone) breaks the line at its
 * equals signs, as an exam answer would, instead of scrolling it sideways.
 */
function equation(...parts) {
  const pieces = parts.map((part, i) => {
    const math = document.createElementNS(MATHML, "math");
    math.append(i === 0 ? row(part) : row(mo("="), part));
    return math;
  });
  const line = document.createElement("div");
  line.className = "equation";
  line.append(...pieces);
  return line;
}

/** A 2-vector (x, y). */
const vector = ([x, y], digits = 4) => row(mo("("), mn(x, digits), mo(","), mn(y, digits), mo(")"));

/** A 2 × 2 matrix in brackets. */
const matrix = (rows, digits = 4) => row(mo("["),
  m("mtable", rows.map((cells) => m("mtr", cells.map((value) => m("mtd", mn(value, digits)))))), mo("]"));

/**
 * The worked calculation for `state` (the full state) with the model's
 * `template` (its description's workedTemplate): after an E-step the
 * responsibilities, after an M-step the new parameters. `t` translates,
 * `observation` picks the Gaussian observation whose γ is shown, and `joint`
 * holds wₖ f(x | θₖ) for it, as the engine computed them.
 */
export function workedCalculation(state, template, t, observation = 0, joint = []) {
  const lines = [];
  const caption = (key, values) => {
    const p = document.createElement("p");
    p.textContent = t(key, values);
    lines.push(p);
  };
  if (state.phase === "init") {
    caption("worked.start");
    return lines;
  }
  // Hard EM and the homework's rule are written out too, with their own formulas.
  if (state.rule !== "posterior") caption(`worked.rule.${state.rule}`);
  TEMPLATES[template](state, caption, lines, observation, joint);
  return lines;
}

/** The templates a model's description names (`workedTemplate`). */
const TEMPLATES = {
  "three-coins": (state, caption, lines) => coinLines(state, caption, lines),
  "gaussian-1d": gaussianLines,
  "gaussian-2d": planeLines,
  // One number per component: f and the M-step's update of θₖ or λₖ.
  binomial: (...args) => oneNumberLines({
    symbol: "θ", key: "probabilities",
    f: (x, n, c) => row(mi("Bin"), mo("("), x, mo(";"), n, mo(","), c, mo(")")),
    update: (c, nk) => [frac(row(mo("∑"), gammaOf(c), sub("x", "i")), row(mo("∑"), gammaOf(c), sub("n", "i")))],
  }, ...args),
  poisson: (...args) => oneNumberLines({
    symbol: "λ", key: "rates",
    f: (x, n, c) => row(mi("Pois"), mo("("), x, mo(";"), c, mo(")")),
    update: (c, nk, value) => [frac(row(mo("∑"), gammaOf(c), sub("x", "i")), sub("N", String(c + 1))), frac(mn(value * nk), mn(nk))],
  }, ...args),
  exponential: (...args) => oneNumberLines({
    symbol: "λ", key: "rates",
    f: (x, n, c) => row(mi("Exp"), mo("("), x, mo(";"), c, mo(")")),
    update: (c, nk, value) => [frac(sub("N", String(c + 1)), row(mo("∑"), gammaOf(c), sub("x", "i"))), frac(mn(nk), mn(nk / value))],
  }, ...args),
};

/**
 * γ of observation j for component c of k, as two lines: the formula, with
 * `weighted(index)` the symbolic wₖ f(xⱼ | θₖ) for a component index or "l"
 * (the sum's), then the numbers, `term(i)` being component i's wᵢ f with
 * them substituted (on a line of their own, so neither is wider than a phone).
 */
function gammaLines(state, lines, j, c, k, joint, weighted, term) {
  lines.push(equation(
    sub("γ", row(mn(String(j + 1)), mo(","), mn(String(c + 1)))),
    frac(weighted(String(c + 1)), row(m("munderover", mo("∑"), row(mi("l"), mo("="), mn("1")), mn(String(k))), weighted("l")))));
  lines.push(equation(
    row(),
    ...(state.rule === "hard" ? [hardChoice(joint, c)] : [
      frac(term(c), k <= 2 ? row(...Array.from({ length: k }, (_, i) => (i ? [mo("+"), term(i)] : [term(i)])).flat()) : row(mo("∑"), mo("…"))),
      frac(density(joint[c]), density(total(joint)))]),
    mn(state.responsibilities[j][c])));
}

/** γᵢ,c (0-based c shown from 1). */
const gammaOf = (c) => sub("γ", row(mi("i"), mo(","), mn(String(c + 1))));

/**
 * Mixtures with one number per component (binomial θ, Poisson or
 * exponential λ): γ of one observation, then Nₖ, wₖ and the family's update.
 */
function oneNumberLines(family, state, caption, lines, observation, joint) {
  const { weights } = state.params;
  const values = state.params[family.key];
  const k = weights.length;
  const theta = (c) => sub(family.symbol, String(c + 1));
  if (state.phase === "e") {
    const j = Math.min(observation, state.data.length - 1);
    const [x, n] = [state.data[j]].flat();
    const shown = n === undefined ? format(x, 4) : `${x}/${n}`;
    caption("worked.gmm.e", { observation: j + 1, x: shown });
    const xj = () => sub("x", String(j + 1));
    const nj = () => sub("n", String(j + 1));
    const weighted = (index) => row(sub("w", index), family.f(xj(), nj(), sub(family.symbol, index)));
    const term = (i) => row(mn(weights[i]), mo("·"), family.f(mn(x, 0), mn(n ?? 0, 0), mn(values[i])));
    for (let c = 0; c < k; c++) gammaLines(state, lines, j, c, k, joint, weighted, term);
    return;
  }
  const count = state.dataLength;
  caption("worked.gmm.m", { iteration: state.iteration, n: count });
  for (let c = 0; c < k; c++) {
    const nk = weights[c] * count;
    const index = String(c + 1);
    lines.push(equation(sub("N", index), row(mo("∑"), gammaOf(c)), mn(nk)));
    lines.push(equation(sub("w", index), frac(sub("N", index), mi("N")), frac(mn(nk), mn(String(count))), mn(weights[c])));
    lines.push(equation(theta(c), ...family.update(c, nk, values[c]), mn(values[c])));
  }
}

function coinLines(state, caption, lines) {
  // `state.data` may hold only the first rows; the counts come from the summary.
  const data = state.data;
  const n = state.dataLength;
  const heads = Math.round(state.dataSummary.mean * n);
  // γ for a head and for a tail (all tosses with the same outcome share it).
  const headRow = data.indexOf(1);
  const tailRow = data.indexOf(0);
  const muHead = headRow >= 0 ? state.responsibilities[headRow][0] : null;
  const muTail = tailRow >= 0 ? state.responsibilities[tailRow][0] : null;
  // Coin C's column: 1 − μ for EM and hard EM, (1 − π)·qʸ(1−q)¹⁻ʸ under the homework's rule.
  const otherHead = headRow >= 0 ? state.responsibilities[headRow][1] : 0;
  const otherTail = tailRow >= 0 ? state.responsibilities[tailRow][1] : 0;
  if (state.phase === "e") {
    const { pi, p, q } = state.params;
    caption("worked.coins.e", { iteration: state.iteration });
    // π·pʸ(1−p)¹⁻ʸ and (1−π)·qʸ(1−q)¹⁻ʸ, symbolically.
    const power = (base) => [m("msup", mi(base), mi("y")), m("msup", row(mo("("), mn("1"), mo("−"), mi(base), mo(")")), row(mn("1"), mo("−"), mi("y")))];
    const coinB = () => row(mi("π"), ...power("p"));
    const coinC = () => row(mo("("), mn("1"), mo("−"), mi("π"), mo(")"), ...power("q"));
    for (const [y, mu, index] of [[1, muHead, headRow], [0, muTail, tailRow]]) {
      if (mu === null) continue;
      const pb = y === 1 ? p : 1 - p;
      const qc = y === 1 ? q : 1 - q;
      const name = row(sub("μ", row(mi("y"), mo("="), mn(String(y)))));
      if (state.rule === "joint") {
        // The homework's mistake: the joint itself, with no division by P(y).
        lines.push(equation(name, coinB(), row(mn(pi), mo("×"), mn(pb)), mn(mu)));
        lines.push(equation(sub("ν", row(mi("y"), mo("="), mn(String(y)))), coinC(), row(mn(1 - pi), mo("×"), mn(qc)), mn(state.responsibilities[index][1])));
      } else if (state.rule === "hard") {
        // Hard EM: all of the toss to the likelier coin.
        lines.push(equation(name, row(mn(pi * pb), mo(pi * pb >= (1 - pi) * qc ? "≥" : "<"), mn((1 - pi) * qc), mo("?"), mn("1"), mo(":"), mn("0")), mn(mu)));
      } else {
        lines.push(equation(name, frac(coinB(), row(coinB(), mo("+"), coinC())),
          frac(row(mn(pi), mo("×"), mn(pb)), row(mn(pi), mo("×"), mn(pb), mo("+"), mn(1 - pi), mo("×"), mn(qc))),
          mn(mu)));
      }
    }
    return;
  }
  // After the M-step: the new π, p, q from the μ of the previous E-step.
  const { pi, p, q } = state.params;
  caption("worked.coins.m", { iteration: state.iteration, heads, tails: n - heads });
  const sumMu = heads * (muHead ?? 0) + (n - heads) * (muTail ?? 0);
  const muTerms = [];
  if (heads) muTerms.push(row(mn(String(heads)), mo("×"), mn(muHead)));
  if (n - heads) muTerms.push(row(mn(String(n - heads)), mo("×"), mn(muTail)));
  const joined = (terms) => terms.flatMap((term, i) => (i ? [mo("+"), term] : [term]));
  lines.push(equation(
    updated("π"),
    frac(row(m("munderover", mo("∑"), row(mi("j"), mo("="), mn("1")), mi("N")), sub("μ", "j")), mi("N")),
    frac(row(...joined(muTerms)), mn(String(n))),
    mn(pi)));
  lines.push(equation(
    updated("p"),
    frac(row(mo("∑"), sub("μ", "j"), sub("y", "j")), row(mo("∑"), sub("μ", "j"))),
    frac(row(mn(String(heads)), mo("×"), mn(muHead ?? 0)), mn(sumMu)),
    mn(p)));
  const sumOther = heads * otherHead + (n - heads) * otherTail;
  const other = () => (state.rule === "joint" ? sub("ν", "j") : row(mo("("), mn("1"), mo("−"), sub("μ", "j"), mo(")")));
  lines.push(equation(
    updated("q"),
    frac(row(mo("∑"), other(), sub("y", "j")), row(mo("∑"), other())),
    frac(row(mn(String(heads)), mo("×"), mn(otherHead)), mn(sumOther)),
    mn(q)));
  caption("worked.coins.check", { value: format(pi * p + (1 - pi) * q, 4), observed: format(heads / n, 4) });
}

/** A density in four significant digits: densities can be tiny. */
const density = (value) => m("mn", Number.isFinite(value) ? value.toPrecision(4).replace("-", "−") : "—");

/** Σₖ of the engine's wₖ f(x | θₖ). */
const total = (joint) => joint.reduce((a, b) => a + b, 0);

/** Hard EM's γ for component c: its wₖ f(x | θₖ) against the largest, so 1 or 0. */
const hardChoice = (joint, c) => {
  const largest = Math.max(...joint);
  return row(density(joint[c]), mo(joint[c] >= largest ? "=" : "<"), mi("max"), mo("="), density(largest));
};

function gaussianLines(state, caption, lines, observation, joint) {
  const k = state.params.means.length;
  if (state.phase === "e") {
    const j = Math.min(observation, state.data.length - 1);
    const x = state.data[j];
    const { weights, means, sigmas } = state.params;
    caption("worked.gmm.e", { observation: j + 1, x: format(x, 4) });
    const weighted = (index) => row(sub("w", index), mi("𝒩"), mo("("), sub("x", String(j + 1)), mo(";"), sub("μ", index), mo(","),
      m("msubsup", mi("σ"), index === "l" ? mi("l") : mn(index), mn("2")), mo(")"));
    const term = (i) => row(mn(weights[i]), mo("·"), mi("𝒩"), mo("("), mn(x), mo(";"), mn(means[i]), mo(","), m("msup", mn(sigmas[i]), mn("2")), mo(")"));
    for (let c = 0; c < k; c++) gammaLines(state, lines, j, c, k, joint, weighted, term);
    return;
  }
  const n = state.dataLength;
  const { weights, means, sigmas } = state.params;
  caption("worked.gmm.m", { iteration: state.iteration, n });
  for (let c = 0; c < k; c++) {
    const nk = weights[c] * n;
    const index = String(c + 1);
    lines.push(equation(sub("N", index), row(mo("∑"), sub("γ", row(mi("i"), mo(","), mn(index)))), mn(nk)));
    lines.push(equation(sub("w", index), frac(sub("N", index), mi("N")), frac(mn(nk), mn(String(n))), mn(weights[c])));
    lines.push(equation(sub("μ", index), frac(row(mo("∑"), sub("γ", row(mi("i"), mo(","), mn(index))), sub("x", "i")), sub("N", index)),
      frac(mn(means[c] * nk), mn(nk)), mn(means[c])));
    lines.push(equation(m("msubsup", mi("σ"), mn(index), mn("2")),
      frac(row(mo("∑"), sub("γ", row(mi("i"), mo(","), mn(index))), m("msup", row(mo("("), sub("x", "i"), mo("−"), sub("μ", index), mo(")")), mn("2"))), sub("N", index)),
      frac(mn(sigmas[c] ** 2 * nk), mn(nk)), mn(sigmas[c] ** 2)));
  }
}

/** The 2-D mixture: γ of one point with vectors and matrices; then Nₖ, wₖ, μₖ, Σₖ. */
function planeLines(state, caption, lines, observation, joint) {
  const k = state.params.means.length;
  const { weights, means, covariances } = state.params;
  const gaussian = (x, mean, sigma) => row(mi("𝒩"), mo("("), x, mo(";"), mean, mo(","), sigma, mo(")"));
  if (state.phase === "e") {
    const j = Math.min(observation, state.data.length - 1);
    const x = state.data[j];
    const xj = () => sub("x", String(j + 1));
    caption("worked.gmm2d.e", { observation: j + 1, x: format(x[0], 4), y: format(x[1], 4) });
    for (let c = 0; c < k; c++) {
      const index = String(c + 1);
      lines.push(equation(
        sub("γ", row(mn(String(j + 1)), mo(","), mn(index))),
        frac(row(sub("w", index), gaussian(xj(), sub("μ", index), sub("Σ", index))),
          row(m("munderover", mo("∑"), row(mi("l"), mo("="), mn("1")), mn(String(k))), sub("w", "l"), gaussian(xj(), sub("μ", "l"), sub("Σ", "l"))))));
      // The numbers on a line of their own: vectors and matrices are wide.
      lines.push(equation(
        row(),
        ...(state.rule === "hard" ? [row(mn(weights[c]), mo("·"), gaussian(vector(x), vector(means[c]), matrix(covariances[c]))), hardChoice(joint, c)] : [
          frac(row(mn(weights[c]), mo("·"), gaussian(vector(x), vector(means[c]), matrix(covariances[c]))), row(mo("∑"), mo("…"))),
          frac(density(joint[c]), density(total(joint)))]),
        mn(state.responsibilities[j][c])));
    }
    return;
  }
  const n = state.dataLength;
  caption("worked.gmm2d.m", { iteration: state.iteration, n });
  for (let c = 0; c < k; c++) {
    const nk = weights[c] * n;
    const index = String(c + 1);
    // MathML nodes are made afresh for each use (a node can stand in one place only).
    const gamma = () => sub("γ", row(mi("i"), mo(","), mn(index)));
    const deviation = () => row(mo("("), sub("x", "i"), mo("−"), sub("μ", index), mo(")"));
    lines.push(equation(sub("N", index), row(mo("∑"), gamma()), mn(nk)));
    lines.push(equation(sub("w", index), frac(sub("N", index), mi("N")), frac(mn(nk), mn(String(n))), mn(weights[c])));
    lines.push(equation(sub("μ", index), frac(row(mo("∑"), gamma(), sub("x", "i")), sub("N", index)), vector(means[c])));
    lines.push(equation(sub("Σ", index),
      frac(row(mo("∑"), gamma(), deviation(), m("msup", deviation(), mi("T"))), sub("N", index)),
      matrix(covariances[c])));
  }
  if (state.covarianceType !== "full") caption(`worked.gmm2d.${state.covarianceType}`);
}
