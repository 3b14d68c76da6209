#!/usr/bin/env python3
"""Writes a rule pack of about N rules made from variations of the built-in pack.

Each copy renames every rule (id suffix -vK) and nudges its priority, so the engine has
N distinct rules to route and rank; the tests are left out. Used by Benchmarks/run.sh to
measure how much the number of rules costs.

    make_big_pack.py Rules OUT_DIR 1000
"""
import os
import sys

import yaml


def main():
    source, out, target = sys.argv[1], sys.argv[2], int(sys.argv[3])
    rules = []
    for root, _, files in sorted(os.walk(source)):
        for name in sorted(files):
            if name.endswith((".yaml", ".yml")):
                with open(os.path.join(root, name)) as f:
                    doc = yaml.load(f, Loader=yaml.BaseLoader)  # plain strings, as ocpp-diag reads YAML
                rules += (doc or {}).get("rules", [])
    os.makedirs(out, exist_ok=True)
    copies = max(1, -(-target // len(rules)))
    written = 0
    for k in range(copies):
        batch = []
        for rule in rules:
            if written >= target:
                break
            r = dict(rule)
            r["id"] = f"{rule['id']}-v{k}"
            r["priority"] = str(int(rule.get("priority", "0")) - k)
            batch.append(r)
            written += 1
        with open(os.path.join(out, f"copy-{k:03d}.yaml"), "w") as f:
            yaml.safe_dump({"rules": batch}, f, sort_keys=False, allow_unicode=True)
    print(f"{written} rules in {copies} files", file=sys.stderr)


if __name__ == "__main__":
    main()
