#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 The Gremlin Authors
"""Generates the governance benchmark inputs (seeded, so every run measures the same bytes).

    gen.py DIR [--train N] [--test N] [--overlap N] [--notes-mib N]

DIR/splits/train.txt, test.txt   one ID a line (N train, N test, `overlap` test IDs taken from train)
DIR/splits/train.csv, test.csv   the same IDs as CSV with the ID column second
DIR/samples/notes.jsonl          synthetic clinical notes, `notes-mib` MiB, one planted email per 100k lines
"""
import argparse
import os
import random


def write_ids(path, ids, csv):
    with open(path, "w", encoding="utf-8", newline="") as out:
        if csv:
            out.write("site,patient_id,age\n")
            out.writelines(f"S{i % 7},{pid},{40 + i % 50}\n" for i, pid in enumerate(ids))
        else:
            out.writelines(f"{pid}\n" for pid in ids)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("dir")
    parser.add_argument("--train", type=int, default=10_000_000)
    parser.add_argument("--test", type=int, default=2_000_000)
    parser.add_argument("--overlap", type=int, default=1_000)
    parser.add_argument("--notes-mib", type=int, default=1024)
    args = parser.parse_args()
    rng = random.Random(20241201)
    os.makedirs(os.path.join(args.dir, "splits"), exist_ok=True)
    os.makedirs(os.path.join(args.dir, "samples"), exist_ok=True)

    # Distinct IDs: a shuffled range, split into train and test, then `overlap` train IDs leak.
    total = args.train + args.test
    numbers = list(range(total))
    rng.shuffle(numbers)
    train = [f"P{n:010d}" for n in numbers[: args.train]]
    test = [f"P{n:010d}" for n in numbers[args.train:]]
    for i, pid in enumerate(rng.sample(train, args.overlap)):
        test[i * (len(test) // args.overlap)] = pid
    for name, ids in (("train", train), ("test", test)):
        write_ids(os.path.join(args.dir, "splits", f"{name}.txt"), ids, csv=False)
        write_ids(os.path.join(args.dir, "splits", f"{name}.csv"), ids, csv=True)

    words = ("patient tolerated cycle therapy stable disease progression lesion hepatic pulmonary "
             "neuropathy grade fatigue appetite regimen restaging response partial complete scan "
             "follow-up labs hemoglobin platelets creatinine dose reduced held resumed plan").split()
    target = args.notes_mib << 20
    written = 0
    line_number = 0
    with open(os.path.join(args.dir, "samples", "notes.jsonl"), "w", encoding="utf-8") as out:
        while written < target:
            line_number += 1
            text = " ".join(rng.choice(words) for _ in range(rng.randint(12, 30)))
            text += f". CEA {rng.randint(1, 40)}.{rng.randint(0, 9)} ng/mL on 2023-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}, ECOG {rng.randint(0, 3)}."
            if line_number % 100_000 == 0:
                text += " Contact j.doe@example.org."
            line = f'{{"patient_id": "P{rng.randint(0, total):010d}", "note": "{text}"}}\n'
            out.write(line)
            written += len(line)


if __name__ == "__main__":
    main()
