"""The display bundle the kernel extension shows under a diagnosed cell: text/plain, text/html
(every value from the error, the environment or the knowledge escaped) and the diagnosis as
`application/vnd.convert-doctor.diagnosis+json` for tools."""

import html

DIAGNOSIS_MIME = "application/vnd.convert-doctor.diagnosis+json"
FIX_MAGIC = "%convert_doctor fix"
# The Colab output-frame callback the fix button invokes (google.colab.output.register_callback).
COLAB_FIX_CALLBACK = "convert_doctor.fix"

_TEXT_CHARS = 2000  # explanation / evidence in the bundle (the json keeps what the engine gave)


def _short(text, limit=_TEXT_CHARS):
    text = text if isinstance(text, str) else ""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _e(text):
    return html.escape(text if isinstance(text, str) else str(text), quote=True)


def diagnosis_json(diagnosis, recipes, execution_count):
    """The mime payload: the Diagnosis plus `recipes` (its fixes that have a fix cell)."""
    payload = dict(diagnosis)
    payload["recipes"] = list(recipes)
    payload["execution_count"] = execution_count
    if recipes:
        payload["fix_command"] = FIX_MAGIC
    return payload


def unknown_line():
    return {"text/plain": "Convert Doctor: no known conversion failure matches this error."}


def _plain(diagnosis, recipes):
    lines = [
        "Convert Doctor: %s [%s, confidence %.2f]"
        % (_short(diagnosis.get("title"), 300), diagnosis.get("category"), diagnosis.get("confidence") or 0),
    ]
    if diagnosis.get("evidence"):
        lines.append("Evidence: " + _short(diagnosis["evidence"]))
    if diagnosis.get("cause"):
        lines.append("Cause: " + str(diagnosis["cause"]))
    if diagnosis.get("explanation"):
        lines.append(_short(diagnosis["explanation"]))
    for finding in diagnosis.get("findings") or []:
        lines.append("Environment [%s]: %s" % (finding.get("severity"), _short(finding.get("message"), 500)))
    if recipes:
        lines.append("Fix: recipe %s. Run `%s` to insert the fix cell below (it is not run)."
                     % (", ".join(recipes), FIX_MAGIC))
    for source in diagnosis.get("sources") or []:
        lines.append("Source: " + _short(source, 500))
    return "\n".join(lines)


def _source_link(source):
    text = _short(source, 500)
    if text.startswith("https://"):
        return '<a href="%s" target="_blank" rel="noopener noreferrer">%s</a>' % (_e(text), _e(text))
    return _e(text)


def _html(diagnosis, recipes, colab_key):
    parts = [
        '<div class="convert-doctor-diagnosis" style="border-left:4px solid #d97706;'
        'padding:4px 10px;margin:4px 0;font-family:sans-serif;font-size:13px">',
        "<div><b>Convert Doctor: %s</b> <span>[%s, confidence %.2f]</span></div>"
        % (_e(_short(diagnosis.get("title"), 300)), _e(diagnosis.get("category")),
           diagnosis.get("confidence") or 0),
    ]
    if diagnosis.get("evidence"):
        parts.append('<pre style="white-space:pre-wrap;margin:4px 0">%s</pre>' % _e(_short(diagnosis["evidence"])))
    if diagnosis.get("cause"):
        parts.append("<div>Cause: %s</div>" % _e(diagnosis["cause"]))
    if diagnosis.get("explanation"):
        parts.append("<p>%s</p>" % _e(_short(diagnosis["explanation"])))
    findings = diagnosis.get("findings") or []
    if findings:
        parts.append("<ul>%s</ul>" % "".join(
            "<li>[%s] %s</li>" % (_e(f.get("severity")), _e(_short(f.get("message"), 500))) for f in findings))
    if recipes:
        fix = "<div>Fix: recipe %s. " % _e(", ".join(recipes))
        if colab_key is not None:
            # The key is an int (json-safe); the frame calls back into the kernel.
            fix += ("<button onclick=\"google.colab.kernel.invokeFunction('%s', [%d], {})\">"
                    "Insert fix cell</button> (or run <code>%s</code>)"
                    % (COLAB_FIX_CALLBACK, int(colab_key), _e(FIX_MAGIC)))
        else:
            fix += "Run <code>%s</code> to insert the fix cell below (it is not run)." % _e(FIX_MAGIC)
        parts.append(fix + "</div>")
    sources = diagnosis.get("sources") or []
    if sources:
        parts.append("<div>Sources: %s</div>" % ", ".join(_source_link(s) for s in sources))
    parts.append("</div>")
    return "".join(parts)


def diagnosis_bundle(diagnosis, recipes, execution_count=None, colab_key=None):
    """The mime bundle for a diagnosis that is not `unknown`."""
    return {
        "text/plain": _plain(diagnosis, recipes),
        "text/html": _html(diagnosis, recipes, colab_key),
        DIAGNOSIS_MIME: diagnosis_json(diagnosis, recipes, execution_count),
    }
