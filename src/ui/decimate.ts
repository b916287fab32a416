/**
 * Min/max decimation per pixel column: keeps the exact envelope of fast cycles (LTTB aliases them).
 * Returns at most two points per column, in x order.
 */
export interface Decimated {
  x: Float64Array;
  y: Float64Array;
  length: number;
}

export function decimateMinMax(values: ArrayLike<number>, start: number, end: number, columns: number): Decimated {
  const n = Math.max(0, Math.min(end, values.length) - start);
  if (n <= columns * 2) {
    const x = new Float64Array(n);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      x[i] = start + i;
      y[i] = values[start + i];
    }
    return { x, y, length: n };
  }
  const x = new Float64Array(columns * 2);
  const y = new Float64Array(columns * 2);
  let k = 0;
  for (let c = 0; c < columns; c++) {
    const a = start + Math.floor((c * n) / columns);
    const b = start + Math.floor(((c + 1) * n) / columns);
    if (b <= a) continue;
    let iMin = a;
    let iMax = a;
    let vMin = values[a];
    let vMax = values[a];
    for (let i = a + 1; i < b; i++) {
      const v = values[i];
      if (v < vMin) {
        vMin = v;
        iMin = i;
      } else if (v > vMax) {
        vMax = v;
        iMax = i;
      }
    }
    // Emit in x order so the polyline follows the data.
    if (iMin <= iMax) {
      x[k] = iMin; y[k++] = vMin;
      if (iMax !== iMin) { x[k] = iMax; y[k++] = vMax; }
    } else {
      x[k] = iMax; y[k++] = vMax;
      x[k] = iMin; y[k++] = vMin;
    }
  }
  return { x: x.subarray(0, k), y: y.subarray(0, k), length: k };
}
