import { describe, expect, it } from 'vitest';
import { findChromium } from '../../tools/chromium';

describe('findChromium', () => {
  it('uses CHROMIUM_PATH when it names an existing file', () => {
    expect(findChromium({ CHROMIUM_PATH: process.execPath })).toBe(process.execPath);
  });

  it('refuses a CHROMIUM_PATH that does not exist instead of picking another browser', () => {
    expect(() => findChromium({ CHROMIUM_PATH: '/nonexistent/chromium' })).toThrow(/CHROMIUM_PATH is set to \/nonexistent\/chromium/);
  });
});
