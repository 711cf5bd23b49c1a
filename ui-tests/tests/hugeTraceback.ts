import * as fs from 'fs';
import * as path from 'path';

/**
 * A cell that fails for real with a ~10 MB ANSI-coloured traceback (a converter's coloured log
 * carried by its error, then the old Darknet script failing on numpy 2). The one copy of its
 * source is tests/fixtures/cells/huge_traceback.py; bench/annotation_bench.js runs it too.
 */
export const HUGE_TRACEBACK_SOURCE = fs.readFileSync(
  path.resolve(__dirname, '../../tests/fixtures/cells/huge_traceback.py'),
  'utf8'
);

/** What the kernel sends for it, in characters of traceback (measured: ~10.0 million). */
export const HUGE_TRACEBACK_MIN_CHARS = 9_500_000;
