/**
 * The end of every generator in scripts/ (embed-probe.js, generate-schema-types.js): writes the
 * generated file; with `--check` exits 1 when the committed one is out of date, with `--print`
 * writes the generation to stdout (for a test to compare).
 */
const fs = require('fs');
const path = require('path');

function writeOrCheck(targetPath, expected, command) {
  if (process.argv.includes('--print')) {
    process.stdout.write(expected);
    return;
  }
  if (!process.argv.includes('--check')) {
    fs.writeFileSync(targetPath, expected);
    return;
  }
  const actual = fs.existsSync(targetPath)
    ? fs.readFileSync(targetPath, 'utf8')
    : '';
  if (actual !== expected) {
    const name = path.relative(path.resolve(__dirname, '..'), targetPath);
    console.error(`${name} is out of date: run ${command}`);
    process.exit(1);
  }
}

module.exports = { writeOrCheck };
