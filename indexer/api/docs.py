"""The API's documentation page, served at /docs: the app's OpenAPI schema in; one small HTML
page out, each route with its methods, a one-line description, its parameters and its request
body's fields, every word escaped. It loads nothing (no script, no style sheet, no font from a
CDN as FastAPI's Swagger UI would), so it reads the same on an intranet without internet access.
The whole schema stays at /openapi.json.
"""
from __future__ import annotations

from html import escape

_METHODS = ("get", "post", "put", "patch", "delete")
_STYLE = ("body{font-family:sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.4}"
          "h2{font-size:1.05rem;margin:1.6rem 0 .2rem}code{background:#f2f2f2;padding:0 .2rem}"
          "table{border-collapse:collapse;margin:.3rem 0}td,th{border:1px solid #ccc;padding:.15rem .4rem;"
          "text-align:left;vertical-align:top;font-size:.92rem}")


def _line(text: str | None) -> str:
    """The first paragraph of a description, as one line (the rest is in /openapi.json)."""
    return " ".join((text or "").strip().split("\n\n")[0].split())


def _type(schema: dict) -> str:
    """A schema's type in a few words: `integer`, `string (YYYY-MM-DD)`, `array of string`, `FollowBody`."""
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    for key in ("anyOf", "oneOf"):
        if key in schema:
            return " or ".join(t for t in (_type(s) for s in schema[key]) if t != "null")
    kind = schema.get("type", "")
    if kind == "array":
        return f"array of {_type(schema.get('items', {}))}"
    if "enum" in schema:
        return " | ".join(str(v) for v in schema["enum"])
    return kind + (f" ({schema['format']})" if schema.get("format") else "")


def _rows(rows: list[tuple[str, str, str, str]]) -> str:
    cells = "".join(f"<tr><td><code>{escape(a)}</code></td><td>{escape(b)}</td><td>{escape(c)}</td>"
                    f"<td>{escape(d)}</td></tr>" for a, b, c, d in rows)
    return f"<table><tr><th>name</th><th>where</th><th>type</th><th>what</th></tr>{cells}</table>"


def docs_page(schema: dict, openapi_url: str = "/openapi.json") -> str:
    """The page: title, description, then every route and method of `schema`."""
    info = schema.get("info", {})
    components = schema.get("components", {}).get("schemas", {})
    parts = [f"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{escape(info.get('title', 'API'))}"
             f"</title><style>{_STYLE}</style></head><body><h1>{escape(info.get('title', 'API'))}</h1>"
             f"<p>{escape(info.get('description', ''))}</p>"
             f"<p>The whole schema (OpenAPI): <a href=\"{escape(openapi_url)}\">{escape(openapi_url)}</a></p>"]
    for path, operations in schema.get("paths", {}).items():
        for method in (m for m in _METHODS if m in operations):
            op = operations[method]
            what = _line(op.get("description")) or op.get("summary", "")
            parts.append(f"<h2><code>{method.upper()} {escape(path)}</code></h2><p>{escape(what or '')}</p>")
            rows = [(p.get("name", ""), p.get("in", ""), _type(p.get("schema", {}))
                     + ("" if p.get("required") else ", optional"), _line(p.get("description")))
                    for p in op.get("parameters", [])]
            body = op.get("requestBody", {}).get("content", {})
            for media, content in body.items():
                ref = content.get("schema", {})
                model = components.get(ref.get("$ref", "").rsplit("/", 1)[-1], {})
                required = set(model.get("required", []))
                fields = model.get("properties", {})
                if fields:
                    rows += [(name, "body", _type(field) + ("" if name in required else ", optional"),
                              _line(field.get("description"))) for name, field in fields.items()]
                else:
                    rows.append(("(body)", media, _type(ref), ""))
            if rows:
                parts.append(_rows(rows))
    parts.append("</body></html>")
    return "".join(parts)
