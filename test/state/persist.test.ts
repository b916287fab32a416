/**
 * Links and stored state: exact round trip of every setting and schedule, migrations from older
 * versions, and tampered or damaged input (a message, and a working state).
 */
import LZString from 'lz-string';
import { describe, expect, test } from 'vitest';
import {
  decodeLink,
  defaultDocument,
  encodeLink,
  linkFor,
  loadInitialState,
  payloadOfHash,
  MAX_SET_ASIDE,
  readSetAside,
  retryDelayMs,
  SET_ASIDE_KEY,
  setAside,
  StateWriter,
  STORAGE_BACKUP_KEY,
  STORAGE_KEY,
} from '../../src/state/persist';
import { CURRENT_VERSION, DocumentError, MAX_SCHEDULES, migrate, readDocument, toStored } from '../../src/state/schema';
import type { StudioDocument } from '../../src/state/studio';
import { DEFAULT_TRAINING_SETUP } from '../../src/state/trainingSetup';

function memoryStorage(init: Record<string, string> = {}) {
  const data = new Map(Object.entries(init));
  return {
    data,
    getItem: (k: string) => data.get(k) ?? null,
    setItem: (k: string, v: string) => void data.set(k, v),
  };
}

const rich: StudioDocument = {
  settings: { totalSteps: 123_457, stepsPerEpoch: 391, xAxis: 'epoch', yScale: 'log' },
  selectedId: 'b',
  training: { ...DEFAULT_TRAINING_SETUP, optimizer: 'adam', batchSize: 32, seed: 7, hiddenSizes: [256, 64] },
  schedules: [
    {
      id: 'a',
      name: 'Warmup → cosine “quoted” & <b>',
      color: '#112233',
      visible: false,
      spec: {
        scheduler: 'torch.SequentialLR',
        params: {
          lr: 0.0123456789012345,
          schedulers: [
            { scheduler: 'torch.LinearLR', params: { start_factor: 1e-7, total_iters: 10 } },
            { scheduler: 'torch.LambdaLR', params: { lr_lambda: 'lambda epoch: 0.95 ** epoch' } },
          ],
          milestones: [10],
        },
      },
      stepping: 'epoch',
      designedFor: { totalSteps: 6250, stepsPerEpoch: 125 },
    },
    {
      id: 'b',
      name: 'SGDR',
      color: '#a0b0c0',
      visible: true,
      spec: {
        scheduler: 'optax.sgdr_schedule',
        params: { cosine_kwargs: [{ init_value: 0.1, peak_value: 0.1, warmup_steps: 0, decay_steps: 100 }] },
      },
      stepping: 'iteration',
    },
    {
      id: 'c',
      name: 'Piecewise',
      color: '#000000',
      visible: true,
      spec: { scheduler: 'optax.piecewise_constant_schedule', params: { init_value: 0.1, boundaries_and_scales: { 300: 0.5 } } },
      stepping: 'epoch',
    },
  ],
};

describe('URL round trip', () => {
  test('every setting and schedule comes back exactly', () => {
    const payload = encodeLink(rich);
    expect(payload).toMatch(/^[A-Za-z0-9+\-$]+$/);
    const back = decodeLink(payload);
    expect(back.warnings).toEqual([]);
    expect(back.doc).toEqual(rich);
    expect(back.drafts).toEqual({});
  });

  test('a link is the page URL with #s=<payload>', () => {
    const link = linkFor(rich, 'http://localhost:4173/studio/?x=1#s=old');
    expect(link.startsWith('http://localhost:4173/studio/?x=1#s=')).toBe(true);
    expect(payloadOfHash(new URL(link).hash)).toBe(encodeLink(rich));
    expect(payloadOfHash('#foo=1&s=abc')).toBe('abc');
    expect(payloadOfHash('')).toBeNull();
  });

  test('a link wins over the saved state, which wins over the example', () => {
    const storage = memoryStorage({ [STORAGE_KEY]: JSON.stringify(toStored(defaultDocument())) });
    const fromLink = loadInitialState(`#s=${encodeLink(rich)}`, storage);
    expect(fromLink.source).toBe('link');
    expect(fromLink.decoded.doc).toEqual(rich);
    expect(fromLink.notice).toBeNull();

    const saved = memoryStorage({ [STORAGE_KEY]: JSON.stringify(toStored(rich)) });
    const fromStorage = loadInitialState('', saved);
    expect(fromStorage.source).toBe('storage');
    expect(fromStorage.decoded.doc).toEqual(rich);

    const fresh = loadInitialState('', memoryStorage());
    expect(fresh.source).toBe('default');
    expect(fresh.notice).toBeNull();
    expect(fresh.decoded.doc.schedules.map((e) => e.spec.scheduler)).toEqual(['hf.cosine', 'torch.StepLR']);
  });
});

describe('migrations', () => {
  const v1 = {
    version: 1,
    settings: { totalSteps: 500, stepsPerEpoch: 50, stepping: 'iteration', xAxis: 'step' },
    schedules: [
      { name: 'Step', color: '#4e79a7', visible: true, scheduler: 'torch.StepLR', params: { lr: 0.1, step_size: 30 } },
      { name: 'Cos', color: '#f28e2b', scheduler: 'keras.CosineDecay', params: { initial_learning_rate: 0.1, decay_steps: 500 } },
    ],
  };

  test('version 1 (flat entries, no ids, no yScale) becomes the current version', () => {
    const doc = migrate(v1);
    expect(doc.version).toBe(CURRENT_VERSION);
    const read = readDocument(v1);
    expect(read.warnings).toEqual([]);
    expect(read.doc.settings).toEqual({ totalSteps: 500, stepsPerEpoch: 50, xAxis: 'step', yScale: 'linear' });
    expect(read.doc.schedules).toEqual([
      { id: 's1', name: 'Step', color: '#4e79a7', visible: true, spec: { scheduler: 'torch.StepLR', params: { lr: 0.1, step_size: 30 } }, stepping: 'iteration' },
      {
        id: 's2',
        name: 'Cos',
        color: '#f28e2b',
        visible: true,
        spec: { scheduler: 'keras.CosineDecay', params: { initial_learning_rate: 0.1, decay_steps: 500 } },
        stepping: 'iteration',
      },
    ]);
    expect(read.doc.training).toEqual(DEFAULT_TRAINING_SETUP);
  });

  const v2 = (stepping: unknown) => ({
    version: 2,
    settings: { totalSteps: 950, stepsPerEpoch: 100, stepping, xAxis: 'epoch', yScale: 'linear' },
    schedules: [
      { id: 'a', name: 'Step', color: '#4e79a7', visible: true, spec: { scheduler: 'torch.StepLR', params: { lr: 0.1, step_size: 3 } } },
      { id: 'b', name: 'Noam', color: '#f28e2b', visible: false, spec: { scheduler: 'paddle.NoamDecay', params: { d_model: 0.01, warmup_steps: 5 } } },
    ],
    selectedId: 'b',
  });

  test('version 2 (one global stepping) gives that stepping to every schedule; the settings keep the horizon', () => {
    for (const stepping of ['epoch', 'iteration'] as const) {
      const read = decodeLink(LZString.compressToEncodedURIComponent(JSON.stringify(v2(stepping))));
      expect(read.warnings).toEqual([]);
      expect(read.doc.schedules.map((e) => e.stepping)).toEqual([stepping, stepping]);
      expect(read.doc.settings).toEqual({ totalSteps: 950, stepsPerEpoch: 100, xAxis: 'epoch', yScale: 'linear' });
      expect(read.doc.selectedId).toBe('b');
      // Stored again, it is a current-version document with the stepping on each entry.
      const again = toStored(read.doc);
      expect(again.version).toBe(CURRENT_VERSION);
      expect(again.settings).not.toHaveProperty('stepping');
      expect(readDocument(JSON.parse(JSON.stringify(again))).doc).toEqual(read.doc);
    }
  });

  test('a version-2 document with an unreadable stepping loads every schedule, stepping every iteration, and says so', () => {
    const read = readDocument(v2('sometimes'));
    expect(read.doc.schedules.map((e) => e.stepping)).toEqual(['iteration', 'iteration']);
    expect(read.warnings).toHaveLength(2);
    expect(read.warnings[0]).toMatch(/schedule 1 \("Step"\): its stepping was invalid \("sometimes"\); it steps every iteration/);
  });

  test('a version-1 link opens too', () => {
    const payload = LZString.compressToEncodedURIComponent(JSON.stringify(v1));
    expect(decodeLink(payload).doc.schedules).toHaveLength(2);
  });

  test('a newer or missing version is refused with a reason', () => {
    expect(() => migrate({ ...v1, version: CURRENT_VERSION + 1 })).toThrow(/newer version/);
    expect(() => migrate({ schedules: [] })).toThrow(/no version/);
    expect(() => migrate([1, 2])).toThrow(DocumentError);
  });
});

describe('tampered or damaged input', () => {
  const stored = (over: Record<string, unknown>) => ({ ...toStored(rich), ...over });

  test('garbage links are refused with a message; the saved state is used instead', () => {
    const saved = memoryStorage({ [STORAGE_KEY]: JSON.stringify(toStored(rich)) });
    for (const hash of ['#s=%%%garbage', '#s=', `#s=${LZString.compressToEncodedURIComponent('{not json')}`, `#s=${'A'.repeat(500_000)}`]) {
      const init = loadInitialState(hash, saved);
      expect(init.source, hash.slice(0, 20)).toBe('storage');
      expect(init.notice?.text).toMatch(/^This link could not be opened: it is (damaged|too long).*Showing your saved state instead\./);
      expect(init.decoded.doc).toEqual(rich);
    }
  });

  test('an unreadable saved state is kept aside, and the example is shown with a message', () => {
    const storage = memoryStorage({ [STORAGE_KEY]: '{"version": 2, "settings": ' });
    const init = loadInitialState('', storage);
    expect(init.source).toBe('default');
    expect(init.notice?.text).toMatch(/saved state could not be restored.*Starting from the example/);
    expect(storage.data.get(STORAGE_BACKUP_KEY)).toBe('{"version": 2, "settings": ');
  });

  test('bad settings fall back one by one, saying which', () => {
    const read = readDocument(stored({ settings: { ...rich.settings, totalSteps: -5, xAxis: 'sideways' } }));
    expect(read.doc.settings).toEqual({ ...rich.settings, totalSteps: 1000, xAxis: 'step' });
    expect(read.warnings.join('\n')).toMatch(/totalSteps was invalid \(total steps must be at least 1\)/);
    expect(read.warnings.join('\n')).toMatch(/xAxis was invalid/);
    expect(readDocument(stored({ settings: { ...rich.settings, totalSteps: 1e12 } })).warnings[0]).toMatch(/at most 10,000,000/);
  });

  test('a malformed schedule is dropped; an unknown scheduler is dropped; duplicate ids are renamed', () => {
    const read = readDocument(
      stored({
        schedules: [
          rich.schedules[2],
          { ...rich.schedules[1], color: 'url(javascript:alert(1))' },
          { ...rich.schedules[1], id: 'c', spec: { scheduler: 'evil.__proto__', params: {} } },
          { ...rich.schedules[1], id: 'c' },
          'not an entry',
        ],
      }),
    );
    expect(read.doc.schedules.map((e) => e.id)).toEqual(['c', 'c-3']);
    expect(read.warnings).toHaveLength(3);
    expect(read.warnings[0]).toBe('schedule 2 ("SGDR") was dropped: color: a color is #rrggbb');
    expect(read.warnings[1]).toMatch(/unknown scheduler "evil.__proto__"/);
  });

  test('invalid params: the stored values become the draft (error at the field), the curve uses defaults there', () => {
    const bad = { ...rich.schedules[2], spec: { scheduler: 'torch.StepLR', params: { lr: 0.1, step_size: 'NaN', gamma: 0.5, __proto__x: 1 } } };
    const read = readDocument(stored({ schedules: [bad] }));
    const [entry] = read.doc.schedules;
    // Only the bad arguments are replaced (step_size by its example, the unknown one dropped).
    expect(entry.spec).toEqual({ scheduler: 'torch.StepLR', params: { lr: 0.1, step_size: 30, gamma: 0.5 } });
    expect(read.drafts[entry.id]).toEqual(bad.spec);
    expect(read.invalid[entry.id]).toMatch(/step_size|__proto__x/);
    expect(read.warnings[0]).toMatch(/invalid parameter/);
  });

  test('too many schedules, deep nesting and a bad training setup', () => {
    const many = Array.from({ length: MAX_SCHEDULES + 5 }, (_, i) => ({ ...rich.schedules[2], id: `x${i}` }));
    const read = readDocument(stored({ schedules: many }));
    expect(read.doc.schedules).toHaveLength(MAX_SCHEDULES);
    expect(read.warnings[0]).toMatch(/only the first 32/);

    let deep: unknown = { scheduler: 'torch.StepLR', params: {} };
    for (let i = 0; i < 100_000; i++) deep = { scheduler: 'paddle.LinearWarmup', params: { learning_rate: deep } };
    // The deep one is dropped, saying why; the others load.
    const withDeep = readDocument(stored({ schedules: [rich.schedules[1], { ...rich.schedules[0], spec: deep }, rich.schedules[2]] }));
    expect(withDeep.doc.schedules.map((e) => e.id)).toEqual(['b', 'c']);
    expect(withDeep.warnings).toEqual([`schedule 2 ("${rich.schedules[0].name}") was dropped: it is nested too deeply`]);

    const t = readDocument(stored({ training: { ...DEFAULT_TRAINING_SETUP, batchSize: -3, optimizer: 'adam' } }));
    expect(t.doc.training.batchSize).toBe(DEFAULT_TRAINING_SETUP.batchSize);
    expect(t.doc.training.optimizer).toBe('adam');
    expect(t.warnings).toEqual(['the training setup had invalid values, which use their defaults (batchSize: must be at least 1)']);
  });

  test('a link without a training setup gets the default one', () => {
    const { training: _t, ...rest } = toStored(rich);
    expect(readDocument(rest).doc.training).toEqual(DEFAULT_TRAINING_SETUP);
  });
});

describe('one unreadable schedule never sets aside the others', () => {
  const good = toStored(rich);
  const withBad = (bad: unknown) => ({ ...good, schedules: [good.schedules[0], bad, good.schedules[2]] });
  const link = (doc: unknown) => `#s=${LZString.compressToEncodedURIComponent(JSON.stringify(doc))}`;
  const badOnes: [string, unknown, RegExp][] = [
    ['not an object', 42, /^schedule 2 was dropped: /],
    ['no spec', { id: 'x', name: 'No spec', color: '#123456', visible: true }, /^schedule 2 \("No spec"\) was dropped: spec: /],
    ['an unknown scheduler', { ...good.schedules[1], spec: { scheduler: 'torch.Nope', params: {} } }, /^schedule "SGDR" was dropped: .*torch\.Nope/],
    ['a lambda past CPython\'s limits', { ...good.schedules[1], spec: { scheduler: 'torch.LambdaLR', params: { lr: 0.1, lr_lambda: `lambda epoch: ${'('.repeat(5000)}1${')'.repeat(5000)}` } } }, /^schedule "SGDR" (was dropped|has an invalid parameter)/],
    ['a getter-like proto key', JSON.parse('{"__proto__": {"id": "p"}, "name": "Proto"}'), /^schedule 2 \("Proto"\) was dropped: /],
  ];
  for (const [what, bad, message] of badOnes) {
    test(`a link with ${what} among good schedules: the good ones load, the notice names it, the link is kept`, () => {
      const storage = memoryStorage();
      const href = `http://localhost/${link(withBad(bad))}`;
      const init = loadInitialState(link(withBad(bad)), storage, href);
      expect(init.source).toBe('link');
      const ids = init.decoded.doc.schedules.map((e) => e.id);
      expect(ids).toContain('a');
      expect(ids).toContain('c');
      expect(init.notice?.items?.some((t) => message.test(t)), JSON.stringify(init.notice?.items)).toBe(true);
      expect(init.notice?.text).toBe(`The link was opened, except for what could not be read (below); the original is kept, to copy or download (and under "${SET_ASIDE_KEY}" in this browser's storage).`);
      expect(init.notice?.originals).toEqual([expect.objectContaining({ what: 'the original link', text: href })]);
      const kept = readSetAside(storage);
      expect(kept).toHaveLength(1);
      expect(kept[0]).toMatchObject({ what: 'the original link', text: href });
      expect(kept[0].reasons).toEqual(init.notice?.items);
    });
  }

  test('a saved state with a bad schedule: the others load; the original text is kept aside before any save replaces it', () => {
    const text = JSON.stringify(withBad({ id: 'x', name: 'Broken', color: 'red', visible: true, spec: { scheduler: 'torch.StepLR', params: {} } }));
    const storage = memoryStorage({ [STORAGE_KEY]: text });
    const init = loadInitialState('', storage);
    expect(init.source).toBe('storage');
    expect(init.stored).toBe(text);
    expect(init.decoded.doc.schedules.map((e) => e.id)).toEqual(['a', 'c']);
    expect(init.notice?.items).toEqual(['schedule 2 ("Broken") was dropped: color: a color is #rrggbb']);
    expect(init.notice?.originals?.[0]).toMatchObject({ what: 'the original saved state', text });
    expect(readSetAside(storage)[0]).toMatchObject({ what: 'the original saved state', text });
  });

  test('a link that cannot be opened at all is kept too; so is an unreadable saved state', () => {
    const storage = memoryStorage({ [STORAGE_KEY]: '{"version": 2' });
    const init = loadInitialState('#s=garbage', storage, 'http://localhost/#s=garbage');
    expect(init.source).toBe('default');
    expect(init.notice?.originals?.map((o) => [o.what, o.text])).toEqual([
      ['the original link', 'http://localhost/#s=garbage'],
      ['the original saved state', '{"version": 2'],
    ]);
    expect(readSetAside(storage).map((r) => r.text)).toEqual(['{"version": 2', 'http://localhost/#s=garbage']);
  });

  test('a bad training setup keeps its valid fields and names each bad one', () => {
    const init = loadInitialState(link({ ...good, training: { ...good.training, batchSize: 0, epochs: 'x', optimizer: 'adam' } }), memoryStorage());
    expect(init.decoded.doc.schedules).toHaveLength(3);
    expect(init.decoded.doc.training).toEqual({ ...rich.training, batchSize: DEFAULT_TRAINING_SETUP.batchSize, epochs: DEFAULT_TRAINING_SETUP.epochs });
    expect(init.notice?.items).toEqual([expect.stringMatching(/^the training setup had invalid values, which use their defaults \(batchSize: .*; epochs: .*\)$/)]);
    expect(init.notice?.originals).toHaveLength(1);
  });

  test('opening a link keeps the state saved before it aside (the link is saved over it)', () => {
    const before = JSON.stringify(toStored(defaultDocument()));
    const storage = memoryStorage({ [STORAGE_KEY]: before });
    const init = loadInitialState(`#s=${encodeLink(rich)}`, storage);
    expect(init.source).toBe('link');
    expect(init.notice).toBeNull();
    expect(readSetAside(storage)).toEqual([expect.objectContaining({ what: 'the state saved before a link was opened', text: before })]);
    // A link to the very state saved sets nothing aside.
    const same = memoryStorage({ [STORAGE_KEY]: JSON.stringify(toStored(rich)) });
    loadInitialState(`#s=${encodeLink(rich)}`, same);
    expect(readSetAside(same)).toEqual([]);
  });

  test('the set-aside list keeps the newest texts, without duplicates', () => {
    const storage = memoryStorage();
    for (let i = 0; i < MAX_SET_ASIDE + 3; i++) setAside(storage, 'the original link', `link ${i}`, []);
    setAside(storage, 'the original link', 'link 4', []);
    const list = readSetAside(storage);
    expect(list).toHaveLength(MAX_SET_ASIDE);
    expect(list.map((r) => r.text).slice(0, 3)).toEqual(['link 4', `link ${MAX_SET_ASIDE + 2}`, `link ${MAX_SET_ASIDE + 1}`]);
    expect(readSetAside(memoryStorage({ [SET_ASIDE_KEY]: '{broken' }))).toEqual([]);
  });
});

describe('writing the state', () => {
  test('a write that throws (quota, private mode) reports why and changes nothing; a later one succeeds', () => {
    const storage = memoryStorage();
    let fail = true;
    const flaky = {
      getItem: storage.getItem,
      setItem: (k: string, v: string) => {
        if (fail) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
        storage.setItem(k, v);
      },
    };
    const w = new StateWriter(flaky, null);
    expect(w.write('{"a":1}')).toEqual({ ok: false, reason: 'QuotaExceededError: The quota has been exceeded.' });
    expect(storage.data.has(STORAGE_KEY)).toBe(false);
    fail = false;
    expect(w.write('{"a":1}')).toEqual({ ok: true, replacedOtherTab: false });
    expect(storage.data.get(STORAGE_KEY)).toBe('{"a":1}');
    expect(new StateWriter(null, null).write('{}').ok).toBe(false);
  });

  test("another tab's state is set aside before this tab's write replaces it", () => {
    const storage = memoryStorage({ [STORAGE_KEY]: 'loaded' });
    const mine = new StateWriter(storage, 'loaded');
    const theirs = new StateWriter(storage, 'loaded');
    expect(mine.write('mine 1')).toEqual({ ok: true, replacedOtherTab: false });
    expect(theirs.otherTabWrote()).toBe('mine 1');
    expect(theirs.write('theirs 1')).toEqual({ ok: true, replacedOtherTab: true });
    expect(readSetAside(storage)[0]).toMatchObject({ what: 'the state another tab saved', text: 'mine 1' });
    expect(mine.write('mine 2')).toEqual({ ok: true, replacedOtherTab: true });
    expect(readSetAside(storage).map((r) => r.text)).toEqual(['theirs 1', 'mine 1']);
    // Writing again over its own text sets nothing aside.
    expect(mine.write('mine 3')).toEqual({ ok: true, replacedOtherTab: false });
    expect(readSetAside(storage)).toHaveLength(2);
  });

  test('retries come a little later each time, at most every 30 s', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 20].map(retryDelayMs)).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
  });
});
