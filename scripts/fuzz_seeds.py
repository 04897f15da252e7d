#!/usr/bin/env python3
"""Writes the fuzz harnesses' seed inputs (docs/fuzzing.md) under OUT/<harness>/, from the
repository's scenarios/ and tests/data/ and a few hand-written flag values and request bodies.
scripts/fuzz.sh seed then minimises them into fuzz/corpus/<harness>/ with libFuzzer's -merge=1."""
import glob
import json
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SEP = b"\n=====\n"  # fuzz/common.h split_parts: a domain and its profiles in one input


def read(path):
    with open(path, "rb") as f:
        return f.read()


def files(*patterns):
    out = []
    for p in patterns:
        out += sorted(glob.glob(os.path.join(ROOT, p)))
    return out


def main(out):
    seeds = {}

    def add(harness, data):
        seeds.setdefault(harness, []).append(data)

    yamls = files("scenarios/*.yaml", "tests/data/*.yaml", "tests/data/good/*.yaml", "tests/data/sequence/*.yaml",
                  "tests/data/bad/loader-*.yaml", "tests/data/bad/schema-*.yaml")
    for f in yamls:
        add("loader", read(f))
    for f in files("scenarios/*.yaml", "tests/data/*.yaml", "tests/data/good/*.yaml", "tests/data/sequence/*.yaml"):
        add("analyze", read(f))

    for d in ["0.3", "{value: 0.3}", "{dist: {type: uniform, min: 0.2, max: 0.4}}",
              "{dist: {type: triangular, min: 0.1, mode: 0.3, max: 0.9}, value: 0.5}",
              "{dist: {type: normal, mean: 0.5, sd: 0.1}}", "{dist: {type: beta, alpha: 2, beta: 5}}",
              "{dist: {type: beta, alpha: 0.5, beta: 0.5, min: 0.1, max: 0.9}}",
              "{dist: {type: choice, values: [0.2, 0.4, 0.6], weights: [1, 2, 1]}}",
              "{dist: {type: choice, values: [0.5]}}",
              "{dist: {type: normal, mean: 0.99, sd: 1e-9}, evidence: [{source: s, locator: x}]}"]:
        add("distribution", d.encode())

    flags = [(0, "US.reservation=0.25"), (0, "DPRK.denuclearization.salience=1e308"), (0, "model.x=1"),
             (1, "2019-03-10"), (1, "2019-02-29"), (2, "cohen-testimony"), (3, "DPRK.corresponding-measure"),
             (4, "at=2019-03-10\nwithout=cohen-testimony\nUS.reservation=0.3\nwithout-requirement=DPRK.corresponding-measure"),
             (5, "denuclearization=yongbyon,sanctions_relief=none"), (6, "boulware"), (6, "faratin:beta=0.5,k=0.1"),
             (6, "tit-for-tat"), (7, "2m"), (7, "1y"), (7, "3w"), (8, "512M"), (8, "2GiB")]
    for k, text in flags:
        add("flags", bytes([k]) + text.encode())

    bodies = [(0, {}), (0, {"set": {"DPRK.reservation": 0.5}, "without": ["cohen-testimony"], "at": "2019-03-10"}),
              (0, {"without_requirements": ["DPRK.corresponding-measure"], "max_listed": 3, "lang": "zh-TW"}),
              (0, {"packages": ["denuclearization=yongbyon"], "method": "classes", "robustness": False}),
              (1, {"at": "2019-03-10"}),
              (2, {"from": "2018-06-01", "to": "2019-06-01", "step": "2m", "without": ["cohen-testimony"]}),
              (3, {"plan": "dprk-phased"}), (3, {"search": "pre-summit-draft", "max_stages": 2}),
              (4, {"samples": 50, "seed": 7}), (5, {"set": {"US.reservation": 0.25}, "tactics": {"US": "boulware"}}),
              (6, {"method": "nash"}), (7, {"lang": "en", "set": {"US.reservation": 0.3}}), (8, {"channel": "a"})]
    for k, body in bodies:
        add("serve_api", bytes([k]) + json.dumps(body).encode())
    add("serve_api", b"\x00{")
    add("serve_api", b"\x01[]")

    for s in [b"", b"\x01\x00plain", b"\x01\x01<script>alert(1)</script>&\"'\n", b"\x00\x02\x1b[31mred\n\t\xe2\x80\xae",
              "\x00\x03名稱\u202e\u0085".encode()]:
        add("report_escape", s)

    for f in files("tests/data/validation/ec-emissions-bdm94.csv"):
        add("import_actors_csv", read(f))
    add("import_actors_csv", b"actor,capability,position,salience\nA,1,150,5\nB,1,150,5\n")
    for f in files("tests/data/validation/SOE-Pol-Comp.csv", "tests/data/validation/dummyData_3Dim.csv"):
        add("import_ktab", read(f))
    for f in files("tests/data/validation/sample_data.txt", "tests/data/validation/copenhagen.csv"):
        add("import_decide", read(f))
    add("import_decide", b"#A A\n#A B\n#P x\n#M x 0\n#M x 10\n#D A x 1 50 1\n#D B x 2 20 1\n")
    for f in files("tests/data/validation/deu-1996-2008.tsv"):
        lines = read(f).split(b"\n")
        add("import_deu", b"\n".join(lines[:12]) + b"\n")  # the header lines and a few rows: enough to start

    g = os.path.join(ROOT, "tests/data/genius")
    def gx(*names):
        return SEP.join(read(os.path.join(g, n)) for n in names)
    add("import_genius", gx("tiny-domain.xml", "tiny-a.xml", "tiny-b.xml"))
    add("import_genius", gx("tiny-domain.xml", "tiny-c.xml", "tiny-d.xml"))
    add("import_genius", gx("tiny-domain.xml", "tiny-quirks.xml"))
    add("import_genius", gx("int-domain.xml", "int-min.xml", "int-max.xml", "int-sum.xml"))
    for f in files("tests/data/bad/import-*.xml"):
        add("import_genius", read(os.path.join(g, "tiny-domain.xml")) + SEP + read(f))
    add("import_geniusweb", gx("tiny-web-domain.json", "tiny-web-a.json", "tiny-web-b.json"))
    for f in files("tests/data/bad/import-*.json"):
        add("import_geniusweb", read(os.path.join(g, "tiny-web-domain.json")) + SEP + read(f))

    for harness, items in seeds.items():
        d = os.path.join(out, harness)
        os.makedirs(d, exist_ok=True)
        for k, data in enumerate(items):
            with open(os.path.join(d, f"seed-{k:03d}"), "wb") as f:
                f.write(data)
    print(" ".join(f"{h}:{len(v)}" for h, v in sorted(seeds.items())))


if __name__ == "__main__":
    main(sys.argv[1])
