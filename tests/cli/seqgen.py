"""Writes a phased-agreement scenario with N two-option issues delivered in turn by P parties,
for the plan-search tests of budget_cli_test.py (python3 seqgen.py N P > file.yaml)."""
import random
import sys


def scenario(n, parties, seed=1):
    rnd = random.Random(seed)
    ids = [f"P{k}" for k in range(parties)]
    out = ["parley: 1", f"id: seq-{n}-{parties}", "title: {en: Search test, zh-TW: 搜尋測試}", "date: 2020-01-01",
           "actors:"]
    for a in ids:
        out.append(f"  - {{id: {a}, name: {{en: {a}, zh-TW: {a}}}, role: party, capability: 50}}")
    out.append("issues:")
    for i in range(n):
        out += [f"  - id: i{i}", f"    name: {{en: I{i}, zh-TW: I{i}}}", f"    delivered_by: {ids[i % parties]}",
                f"    clawback: {rnd.choice([0, 0.5, 1])}", "    options:",
                "      - {id: keep, name: {en: Keep, zh-TW: 保留}}", "      - {id: give, name: {en: Give, zh-TW: 給予}}"]
    out.append("preferences:")
    for k, a in enumerate(ids):
        out += [f"  {a}:", "    fallback: none", "    issues:"]
        for i in range(n):
            own = i % parties == k
            give = 0 if own else 100
            out.append(f"      i{i}: {{salience: {rnd.randint(5, 50)}, scores: {{keep: {100 - give}, give: {give}}}}}")
    out.append("trust:")
    for a in ids:
        others = ", ".join(f"{b}: 0.5" for b in ids if b != a)
        out.append(f"  {a}: {{{others}}}")
    out.append("packages:")
    out.append("  - id: none")
    out.append("    options: {" + ", ".join(f"i{i}: keep" for i in range(n)) + "}")
    out.append("  - id: all")
    out.append("    options: {" + ", ".join(f"i{i}: give" for i in range(n)) + "}")
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    sys.stdout.write(scenario(int(sys.argv[1]), int(sys.argv[2])))
