# SPDX-License-Identifier: LicenseRef-Tempus-Internal
# Copyright (c) 2024 Tempus Labs, Inc.
"""A small Transformer encoder over tabular clinical features, trained with a Cox partial likelihood."""

from dataclasses import dataclass


@dataclass(frozen=True)
class EncoderConfig:
    layers: int = 6
    width: int = 512
    heads: int = 8
    dropout: float = 0.1


def cox_partial_likelihood(risk, time, event):
    """Negative Breslow partial log-likelihood of risk scores (higher = worse prognosis)."""
    import math

    order = sorted(range(len(time)), key=lambda i: -time[i])
    log_cumsum, running, loss, events = 0.0, 0.0, 0.0, 0
    for i in order:
        running += math.exp(risk[i])
        log_cumsum = math.log(running)
        if event[i]:
            loss -= risk[i] - log_cumsum
            events += 1
    return loss / max(events, 1)
