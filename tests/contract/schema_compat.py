"""Is a new JSON Schema a compatible growth of an old one? Fields may be added (optional ones), never removed,
renamed or narrowed. Used by test_schema.py against the committed snapshot.

    problems(old, new) -> list of "where: what" lines; empty when `new` keeps everything `old` promised
"""
from __future__ import annotations

from typing import Any

Schema = dict[str, Any]


def _resolve(node: Schema, root: Schema) -> Schema:
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/$defs/"):
        return root.get("$defs", {}).get(ref[len("#/$defs/"):], {})
    return node


def _branches(node: Schema, root: Schema) -> list[Schema]:
    """The alternatives a value may take: the members of anyOf / oneOf, else the node itself (refs resolved)."""
    node = _resolve(node, root)
    members = node.get("anyOf") or node.get("oneOf")
    if members:
        return [b for m in members for b in _branches(m, root)]
    return [node]


def _kind(node: Schema) -> str:
    if "enum" in node or "const" in node:
        return "enum"
    kind = node.get("type", "any")
    return kind if isinstance(kind, str) else "any"


def _widens(old: str, new: str) -> bool:
    """A new type accepts every value of the old one."""
    return old == new or new == "any" or (old == "integer" and new == "number")


def problems(old: Schema, new: Schema, where: str = "$", *, old_root: Schema | None = None,
             new_root: Schema | None = None, seen: set[tuple[int, int]] | None = None) -> list[str]:
    old_root = old if old_root is None else old_root
    new_root = new if new_root is None else new_root
    seen = set() if seen is None else seen
    key = (id(old), id(new))
    if key in seen:  # recursive schemas
        return []
    seen.add(key)
    found: list[str] = []
    new_branches = _branches(new, new_root)
    for ob in _branches(old, old_root):
        kind = _kind(ob)
        matches = [nb for nb in new_branches if _widens(kind, _kind(nb))]
        if not matches:
            found.append(f"{where}: type {kind} is no longer allowed (now {sorted({_kind(b) for b in new_branches})})")
            continue
        nb = matches[0]
        if kind == "enum":
            old_values = set(map(repr, ob.get("enum", [ob.get("const")])))
            new_values = set(map(repr, nb.get("enum", [nb.get("const")])))
            if not old_values <= new_values:
                found.append(f"{where}: values {sorted(old_values - new_values)} are no longer allowed")
        elif kind == "object":
            found += _object(ob, nb, where, old_root, new_root, seen)
        elif kind == "array":
            if "items" in ob:
                found += problems(ob["items"], nb.get("items", {}), f"{where}[]", old_root=old_root,
                                  new_root=new_root, seen=seen)
    return found


def _object(old: Schema, new: Schema, where: str, old_root: Schema, new_root: Schema,
            seen: set[tuple[int, int]]) -> list[str]:
    found = []
    old_props, new_props = old.get("properties", {}), new.get("properties", {})
    for name, sub in old_props.items():
        if name not in new_props:
            found.append(f"{where}.{name}: removed or renamed")
            continue
        found += problems(sub, new_props[name], f"{where}.{name}", old_root=old_root, new_root=new_root, seen=seen)
    newly_required = set(new.get("required", ())) - set(old.get("required", ()))
    for name in sorted(newly_required):
        found.append(f"{where}.{name}: required now" + ("" if name in old_props else " (a new field must be optional)"))
    if "additionalProperties" in old and isinstance(old["additionalProperties"], dict):
        extra = new.get("additionalProperties", {})
        if extra is False:
            found.append(f"{where}: no longer takes other keys")
        elif isinstance(extra, dict):
            found += problems(old["additionalProperties"], extra, f"{where}{{}}", old_root=old_root,
                              new_root=new_root, seen=seen)
    return found
