import { isValidSpecifier, matches, releaseOf, sameVersion } from '../versions';

describe('PEP 440 matching', () => {
  it('matches release versions against specifier sets', () => {
    expect(matches('2.16.1', '>=2.9')).toBe(true);
    expect(matches('2.8.0', '>=2.9')).toBe(false);
    expect(matches('2.15.1', '>=2.13,<2.16')).toBe(true);
    expect(matches('2.16.0', '>=2.13,<2.16')).toBe(false);
    expect(matches('1.10.0', '==1.10.*')).toBe(true);
    expect(matches('0.23.0', '<0.24')).toBe(true);
  });

  it('treats pre-releases, dev and local builds as the release they lead to', () => {
    expect(releaseOf('2.16.0rc1')).toBe('2.16.0');
    expect(matches('2.16.0rc1', '>=2.16')).toBe(true);
    expect(matches('2.9.0.dev20250101', '>=2.9')).toBe(true);
    expect(matches('2.5.1+cu121', '>=2.5,<2.6')).toBe(true);
  });

  it('never matches an unreadable version and rejects an invalid specifier', () => {
    expect(matches('not-a-version', '>=1')).toBe(false);
    expect(() => matches('1.0', '>>1')).toThrow(/invalid PEP 440 specifier/);
    expect(isValidSpecifier('>=2.9,<2.16')).toBe(true);
    expect(isValidSpecifier('>>1')).toBe(false);
  });

  it('compares versions ignoring local build tags', () => {
    expect(sameVersion('2.5.1', '2.5.1+cu121')).toBe(true);
    expect(sameVersion('2.0.2', '1.26.4')).toBe(false);
    // cv2.__version__ reports fewer segments than its distribution
    expect(sameVersion('4.12.0.88', '4.12.0')).toBe(true);
    expect(sameVersion('4.12.0.88', '4.11.0')).toBe(false);
    expect(sameVersion('2.16.0rc1', '2.16.0')).toBe(false);
  });
});
