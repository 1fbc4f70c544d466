#!/usr/bin/env python3
"""Generates a web-root-like tree of N files for the file-integrity and scan benchmarks.

Deterministic (seeded): folders 3-6 deep, 20-60 files a folder, sizes drawn like a PHP shop's
(most files 1-16 KiB, a few up to 512 KiB), contents PHP-, JS-, Twig- and CSS-like text plus some
binary "images". Usage: scripts/make-tree.py DIR [N=100000]
"""
import os
import random
import sys

def main():
    root = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 100_000
    rnd = random.Random(20261126)
    words = ("function return class public private static array string echo if else foreach "
             "namespace use var let const document window query select from where order customer "
             "product price cart checkout").split()
    kinds = [("php", 0.45), ("js", 0.15), ("twig", 0.15), ("css", 0.08), ("png", 0.12), ("json", 0.05)]
    made = 0
    folder = 0
    while made < n:
        depth = rnd.randint(3, 6)
        path = os.path.join(root, *[f"d{rnd.randint(0, 30)}" for _ in range(depth - 1)], f"f{folder}")
        folder += 1
        os.makedirs(path, exist_ok=True)
        for _ in range(min(rnd.randint(20, 60), n - made)):
            r = rnd.random()
            acc = 0
            ext = "php"
            for k, p in kinds:
                acc += p
                if r < acc:
                    ext = k
                    break
            size = int(min(512 * 1024, rnd.lognormvariate(8.3, 1.0)))
            name = os.path.join(path, f"file{made}.{ext}")
            if ext == "png":
                data = b"\x89PNG\r\n\x1a\n" + rnd.randbytes(size)
            else:
                line = " ".join(rnd.choice(words) for _ in range(12)) + ";\n"
                data = (line * (size // len(line) + 1))[:size].encode()
            with open(name, "wb") as f:
                f.write(data)
            made += 1
    print(f"{made} files under {root}")

if __name__ == "__main__":
    main()
