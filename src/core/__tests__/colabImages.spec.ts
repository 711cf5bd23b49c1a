/**
 * The environment rules on the Colab runtime images the lab reproduces (lab/colab_images.json:
 * each image's pins from Google's published pip freeze, at a cited googlecolab/backend-info
 * commit). Each image, as a Colab user gets it, must hear what breaks the seed's workflow there
 * and nothing that does not apply to it (both ways, per image).
 */
import * as fs from 'fs';
import * as path from 'path';
import { IEnvReport } from '../types';
import { SHIPPED_KNOWLEDGE } from '../shippedKnowledge';
import { makeEnvReport } from './makeEnvReport';
import { loadFailureLab } from './failureLabFixtures';
import { FREEZE_ENV_KIND, freezeReport } from '../freezeReport';

interface IColabImage {
  id: string;
  python: string;
  pins: { [distribution: string]: string };
  lab: { user_installs: string[]; user_installs_no_deps?: string[] };
}

const IMAGES: IColabImage[] = JSON.parse(
  fs.readFileSync(
    path.resolve(__dirname, '../../../lab/colab_images.json'),
    'utf8'
  )
).images;

/** A pip-freeze pin's version; `torch @ https://…/torch-2.10.0%2Bcpu-…whl` gives 2.10.0+cpu. */
function pinVersion(pin: string): string {
  const url = /^@ .*\/[\w.-]+?-([\d.]+(?:%2B\w+)?)-/.exec(pin);
  return url ? decodeURIComponent(url[1]) : pin;
}

const normalize = (name: string) => name.toLowerCase().replace(/[-_.]+/g, '-');

/** The image as its env report: its pins, plus what a notebook installed when `withUserInstalls`. */
function imageReport(image: IColabImage, withUserInstalls = false): IEnvReport {
  const packages: { [distribution: string]: string } = {};
  for (const [name, pin] of Object.entries(image.pins)) {
    packages[name.toLowerCase().replace(/_/g, '-')] = pinVersion(pin);
  }
  if (withUserInstalls) {
    const added = [
      ...image.lab.user_installs,
      ...(image.lab.user_installs_no_deps ?? [])
    ];
    for (const req of added) {
      const [name, version] = req.split('==');
      packages[name.toLowerCase()] = version;
    }
  }
  return makeEnvReport(packages, { python: { version: image.python } });
}

/**
 * What a Colab user must hear on `image` before converting the seed's workflow, and what must
 * stay quiet, whatever the report was built from (its pins or its whole pip freeze).
 */
function expectImageFindings(image: IColabImage, report: IEnvReport): void {
  const findings = SHIPPED_KNOWLEDGE.evaluateRules(report);
  const rules = findings.map(f => f.rule);
  const opencv5 = parseInt(image.pins['opencv-python'], 10) >= 5;
  expect(rules.includes('opencv5-no-darknet')).toBe(opencv5);
  const torch = pinVersion(image.pins.torch);
  expect(rules).toContain('torch-load-weights-only'); // torch >= 2.6 on every image
  expect(rules.includes('torch-dynamo-default')).toBe(
    !/^2\.[0-8]\./.test(torch)
  );
  expect(rules.includes('tf220-interpreter-no-flex')).toBe(
    !/^2\.(?:1\d)\./.test(image.pins.tensorflow)
  );
  // Colab ships tf_keras of TensorFlow's minor beside Keras 3: no Keras 3 / skew finding.
  expect(rules).not.toContain('keras3-active');
  expect(rules).not.toContain('tf-keras-skew');
  // Nothing about packages the image does not have.
  expect(rules).not.toContain('tfa-no-wheels-py312');
  expect(rules).not.toContain('onnx-tf-dead-on-new-tf');
  const order = { error: 0, warning: 1, info: 2 };
  for (let i = 1; i < findings.length; i++) {
    expect(order[findings[i - 1].severity]).toBeLessThanOrEqual(
      order[findings[i].severity]
    );
  }
  for (const f of findings) {
    expect(f.sources.length).toBeGreaterThan(0);
  }
}

const rulesOn = (r: IEnvReport) =>
  SHIPPED_KNOWLEDGE.evaluateRules(r).map(f => f.rule);

describe('rules on the Colab images (lab/colab_images.json)', () => {
  it('reads five images with their TensorFlow, Keras and torch pins', () => {
    expect(IMAGES.map(i => i.id)).toEqual([
      'colab-2025-08',
      'colab-2025-12',
      'colab-2026-03',
      'colab-2026-05',
      'colab-2026-08'
    ]);
    for (const image of IMAGES) {
      expect(image.pins.tensorflow).toMatch(/^2\.\d+\.\d+$/);
      expect(pinVersion(image.pins.torch)).toMatch(/^2\.\d+\.\d+\+c\w+$/);
    }
  });

  it.each(IMAGES.map(i => [i.id, i] as [string, IColabImage]))(
    '%s: the OpenCV 5, TFLite Flex and torch.onnx findings where they apply, worst first',
    (_id, image) => expectImageFindings(image, imageReport(image))
  );

  // The same expectations from Google's whole published pip freeze of the image, as
  // `convert-doctor env --freeze FILE --python X.Y.Z` reads it (data/colab_freezes/README.md).
  it.each(IMAGES.map(i => [i.id, i] as [string, IColabImage]))(
    '%s as its real pip freeze: the same findings, and the report says it is a freeze',
    (_id, image) => {
      const text = fs.readFileSync(
        path.join(
          __dirname,
          'data/colab_freezes',
          `${image.id}.pip-freeze.txt`
        ),
        'utf8'
      );
      const report = freezeReport(text, {
        python: image.python,
        source: `${image.id}.pip-freeze.txt`
      });
      expect(report.python.env_kind).toBe(FREEZE_ENV_KIND);
      expect(Object.values(report.packages).every(p => p.loaded === null)).toBe(
        true
      );
      // Every distribution line is read (pip freeze writes one per distribution).
      const lines = text
        .split('\n')
        .filter(l => l.trim() && !l.startsWith('#'));
      expect(Object.keys(report.packages).length).toBe(lines.length);
      for (const note of report.errors) {
        expect(note).toMatch(/installed from a URL, version unknown/);
      }
      for (const [name, pin] of Object.entries(image.pins)) {
        expect([name, report.packages[normalize(name)]?.installed]).toEqual([
          name,
          pinVersion(pin)
        ]);
      }
      expectImageFindings(image, report);
      // Nothing else in the whole freeze changes what the image's pins alone give.
      expect(rulesOn(report)).toEqual(rulesOn(imageReport(image)));
    }
  );

  it.each(IMAGES.map(i => [i.id, i] as [string, IColabImage]))(
    '%s + what a notebook installs: onnx-tf and coremltools findings only where installed',
    (_id, image) => {
      const rules = rulesOn(imageReport(image, true));
      const hasOnnxTf = [
        ...image.lab.user_installs,
        ...(image.lab.user_installs_no_deps ?? [])
      ].some(r => r.startsWith('onnx-tf=='));
      expect(rules.includes('onnx-tf-dead-on-new-tf')).toBe(hasOnnxTf);
      const py312 = /^3\.(1[2-9])\./.test(image.python);
      expect(rules.includes('tfa-no-wheels-py312')).toBe(hasOnnxTf && py312);
      // onnx 1.22 (>= 1.19, no onnx.mapping) is what the lab installs beside it.
      expect(rules.includes('onnx-tf-onnx-119')).toBe(hasOnnxTf);
      const coreml = image.lab.user_installs.some(r =>
        r.startsWith('coremltools==')
      );
      expect(rules.includes('coremltools-untested-tf')).toBe(coreml);
      expect(rules.includes('coremltools-untested-torch')).toBe(coreml);
    }
  );

  it('the real probe report of the 2026-08 lab venv gets the OpenCV 5 warning', () => {
    const fx = loadFailureLab().find(
      ([, f]) => f.case === 'colab202608_opencv5_read_net_from_darknet'
    )![1];
    expect(rulesOn(fx.env)).toContain('opencv5-no-darknet');
  });
});
