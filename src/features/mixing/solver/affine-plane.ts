// The affine plane AG(2, q) over the finite field GF(q), for q a prime power: q² people, groups of q,
// q + 1 rounds in which every pair meets exactly once — the best possible, reached by no search as
// quickly. Person (x, y) is number x·q + y; round s < q holds the lines y = s·x + c, round q the
// vertical lines x = c. 16 people in groups of 4 for 5 rounds is AG(2, 4).

/** Addition and multiplication tables of GF(q), or undefined when q is not a prime power (or too large). */
export function finiteField(q: number): { add: Int32Array; mul: Int32Array } | undefined {
  if (q < 2 || q > 256) return undefined;
  let p = 2;
  while (q % p !== 0) p++;
  let degree = 0;
  for (let rest = q; rest > 1; rest /= p) {
    if (rest % p !== 0) return undefined;
    degree++;
  }
  // Elements are polynomials over GF(p) of degree < `degree`, written as base-p numbers.
  const digits = (v: number) => Array.from({ length: degree }, (_, i) => Math.floor(v / p ** i) % p);
  const number = (ds: number[]) => ds.reduce((sum, d, i) => sum + d * p ** i, 0);
  const add = new Int32Array(q * q);
  for (let a = 0; a < q; a++) {
    const da = digits(a);
    for (let b = 0; b < q; b++) add[a * q + b] = number(digits(b).map((d, i) => (d + da[i]!) % p));
  }
  // Any monic polynomial of this degree that leaves no zero divisors is irreducible; try them in turn.
  for (let tail = 0; tail < q; tail++) {
    const modulus = digits(tail);
    const mul = new Int32Array(q * q);
    let field = true;
    for (let a = 1; a < q && field; a++) {
      for (let b = 1; b < q; b++) {
        const product = multiply(digits(a), digits(b), modulus, p);
        if (product.every((d) => d === 0)) {
          field = false;
          break;
        }
        mul[a * q + b] = number(product);
      }
    }
    if (field) return { add, mul };
  }
  return undefined;
}

/** a·b modulo x^degree − (the lower terms `modulus` stands for), with coefficients mod p. */
function multiply(a: number[], b: number[], modulus: number[], p: number): number[] {
  const degree = a.length;
  const full = new Array<number>(2 * degree - 1).fill(0);
  a.forEach((x, i) => b.forEach((y, j) => (full[i + j] = (full[i + j]! + x * y) % p)));
  // x^degree = −modulus(x): fold the high terms down, highest first.
  for (let k = full.length - 1; k >= degree; k--) {
    const c = full[k]!;
    full[k] = 0;
    for (let i = 0; i < degree; i++) full[k - degree + i] = (((full[k - degree + i]! - c * modulus[i]!) % p) + p) % p;
  }
  return full.slice(0, degree);
}

/** The first `rounds` (≤ q + 1) parallel classes of AG(2, q), flat: round r's groups one after another. */
export function affinePlane(q: number, rounds: number): Int32Array | undefined {
  const field = finiteField(q);
  if (!field || rounds > q + 1) return undefined;
  const { add, mul } = field;
  const n = q * q;
  const order = new Int32Array(rounds * n);
  for (let s = 0; s < rounds; s++) {
    let at = s * n;
    for (let c = 0; c < q; c++) {
      for (let x = 0; x < q; x++) {
        // In the vertical class the "line c" is x = c and runs over y; otherwise it runs over x.
        order[at++] = s === q ? c * q + x : x * q + add[mul[s * q + x]! * q + c]!;
      }
    }
  }
  return order;
}
