#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 The Gremlin Authors
"""The Python reference for the leakage benchmark: set intersection of two one-ID-a-line files.

    baseline.py TRAIN TEST   prints the number of distinct IDs in both
"""
import sys


def load(path):
    with open(path, encoding="utf-8-sig") as handle:
        return {line.strip() for line in handle if line.strip()}


if __name__ == "__main__":
    print(len(load(sys.argv[1]) & load(sys.argv[2])))
