import { webLink } from '../webLink';

describe('webLink', () => {
  it('gives the href of an http(s) source', () => {
    expect(webLink('https://github.com/onnx/onnx/issues/1')).toBe(
      'https://github.com/onnx/onnx/issues/1'
    );
    expect(webLink('HTTP://example.org')).toBe('http://example.org/');
  });

  it('keeps every other source as text', () => {
    for (const source of [
      'javascript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'ftp://example.org/x',
      'https://example.org/a b',
      'http://[',
      'see the onnx docs',
      'https://example.org/' + 'x'.repeat(2048)
    ]) {
      expect(webLink(source)).toBeNull();
    }
  });
});
