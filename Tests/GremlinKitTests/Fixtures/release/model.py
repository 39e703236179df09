# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 The Gremlin Authors
"""Scores patients; a stand-in for the released model's code."""


def score(features):
    return sum(features)
