"""Alias groups (src/core/aliasGroups.ts): packages.json "aliases" names the distributions that ship
one package (tensorflow, tensorflow-cpu, ...); a condition of rules.json or signatures.json names a
group once, as "@tensorflow". The KnowledgeBase expands the groups when it loads the data, so the
evaluator only sees plain names and a mistyped group fails at load time."""

GROUP_PREFIX = "@"


def read_alias_groups(aliases, watched):
    """The groups of packages.json, checked: every member is watched, the first is the group's name
    (also the witness key, `{tensorflow}` in a message, of its conditions)."""
    groups = {}
    for group, members in (aliases or {}).items():
        if not isinstance(members, list) or not all(isinstance(m, str) for m in members):
            raise ValueError(f'packages.json: aliases "{group}" must be a list of distribution names')
        if not members or members[0] != group:
            raise ValueError(f'packages.json: aliases "{group}" must list "{group}" first (its witness name)')
        unwatched = [m for m in members if m not in watched]
        if unwatched:
            listed = ", ".join(f'"{m}"' for m in unwatched)
            raise ValueError(f'packages.json: aliases "{group}" lists {listed}, not in "packages"')
        groups[group] = list(members)
    return groups


def _expand_names(names, groups, where):
    expanded = []
    for name in names:
        if not name.startswith(GROUP_PREFIX):
            expanded.append(name)
            continue
        members = groups.get(name[len(GROUP_PREFIX):])
        if members is None:
            known = ", ".join(GROUP_PREFIX + g for g in groups) or "none"
            raise ValueError(f'{where}: unknown alias group "{name}" (packages.json "aliases" defines {known})')
        expanded.extend(members)
    return expanded


def expand_condition(cond, groups, where):
    """The condition with its alias groups expanded (a new dict, same key order)."""
    def names(key):
        return {**cond, key: _expand_names(cond[key], groups, where)}

    for key in ("package", "present", "absent"):
        if key in cond:
            return names(key)
    if "versions_differ" in cond:
        inner = cond["versions_differ"]
        return {**cond, "versions_differ": {
            **inner, "a": _expand_names(inner["a"], groups, where), "b": _expand_names(inner["b"], groups, where),
        }}
    if "any" in cond:
        return {**cond, "any": [expand_condition(c, groups, where) for c in cond["any"]]}
    if "not" in cond:
        return {**cond, "not": expand_condition(cond["not"], groups, where)}
    return cond


def _expand_all(conds, groups, where):
    return [expand_condition(c, groups, where) for c in conds]


def expand_rule(rule, groups):
    return {**rule, "when": _expand_all(rule["when"], groups, f'rules.json: rule "{rule["id"]}"')}


def expand_signature(signature, groups):
    if not signature.get("refine"):
        return signature
    where = f'signatures.json: signature "{signature["id"]}"'
    refine = [
        {**r, "when": {**r["when"], "env": _expand_all(r["when"]["env"], groups, where)}} if r["when"].get("env") else r
        for r in signature["refine"]
    ]
    return {**signature, "refine": refine}
