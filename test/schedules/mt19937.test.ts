import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TimmNoise, TorchGenerator, torchSeed32 } from '../../src/schedules/numerics/mt19937';

interface RngFixture {
  torch: string;
  seeds: number[];
  randn: number[][];
  rand: number[][];
  mixed_ops: string;
  mixed: number[][];
  long_rand_seed42: number[];
  long_randn_seed7: number[];
}
interface NoiseFixture {
  noise: { pct: number; seed: number; type: 'normal' | 'uniform'; values: number[] }[];
}

const load = <T>(name: string): T =>
  JSON.parse(readFileSync(new URL(`../fixtures/rng/${name}`, import.meta.url), 'utf8')) as T;
const rng = load<RngFixture>('torch_rng.json');
const noiseFixture = load<NoiseFixture>('timm_noise.json');

describe('TorchGenerator (torch.Generator on CPU)', () => {
  it('was checked against a real torch', () => {
    expect(rng.torch).toMatch(/^1\.13/);
    expect(rng.seeds.length).toBeGreaterThan(90);
  });

  it('matches torch.randn(1) draw for draw, cached sin sample included', () => {
    rng.seeds.forEach((seed, k) => {
      const g = new TorchGenerator(seed);
      const got = rng.randn[k].map(() => g.randn());
      expect(got, `seed ${seed}`).toEqual(rng.randn[k]);
    });
  });

  it('matches torch.rand(1) draw for draw', () => {
    rng.seeds.forEach((seed, k) => {
      const g = new TorchGenerator(seed);
      expect(
        rng.rand[k].map(() => g.rand()),
        `seed ${seed}`,
      ).toEqual(rng.rand[k]);
    });
  });

  it('keeps the cached normal sample across rand() calls, like torch', () => {
    rng.seeds.forEach((seed, k) => {
      const g = new TorchGenerator(seed);
      const got = [...rng.mixed_ops].map((op) => (op === 'n' ? g.randn() : g.rand()));
      expect(got, `seed ${seed}`).toEqual(rng.mixed[k]);
    });
  });

  it('matches long streams across the 624-word regeneration', () => {
    const g = new TorchGenerator(42);
    expect(rng.long_rand_seed42.map(() => g.rand())).toEqual(rng.long_rand_seed42);
    g.manualSeed(7);
    expect(rng.long_randn_seed7.map(() => g.randn())).toEqual(rng.long_randn_seed7);
  });

  it('manualSeed drops the cached normal sample', () => {
    const g = new TorchGenerator(42);
    const first = g.randn();
    g.manualSeed(42);
    expect(g.randn()).toBe(first);
    expect(g.randn()).toBe(rng.randn[rng.seeds.indexOf(42)][1]);
  });

  it('reduces seeds like torch: uint64, then the low 32 bits', () => {
    expect(torchSeed32(42)).toBe(42);
    expect(torchSeed32(2 ** 32 + 5)).toBe(5);
    expect(torchSeed32(-1)).toBe(2 ** 32 - 1);
    expect(torchSeed32(-(2 ** 31))).toBe(2 ** 31);
  });

  it('known values: seed 42 gives randn 0.33669036626815796, then rand 0.3904482126235962', () => {
    const g = new TorchGenerator(42);
    expect(g.randn()).toBe(0.33669036626815796);
    expect(g.rand()).toBe(0.3904482126235962);
  });
});

describe('TimmNoise (timm Scheduler._calculate_noise)', () => {
  it('matches timm + torch for every fixture seed and noise_pct', () => {
    for (const f of noiseFixture.noise) {
      const n = new TimmNoise(f.pct, f.type === 'normal');
      const got = f.values.map((_, t) => n.noise(f.seed + t));
      expect(got, `pct ${f.pct} seed ${f.seed} ${f.type}`).toEqual(f.values);
    }
  });

  it('the fast path equals a full generator, including long rejection runs', () => {
    for (const pct of [0.67, 0.05, 0.01]) {
      const fast = new TimmNoise(pct, true);
      for (let seed = 0; seed < 300; seed++) {
        const g = new TorchGenerator(seed);
        let want: number;
        do want = g.randn();
        while (Math.abs(want) >= pct);
        expect(fast.noise(seed)).toBe(want);
      }
    }
  });

  it('uniform noise is 2 (rand - 0.5) pct', () => {
    const n = new TimmNoise(0.3, false);
    const g = new TorchGenerator(17);
    expect(n.noise(17)).toBe(2 * (g.rand() - 0.5) * 0.3);
  });
});
