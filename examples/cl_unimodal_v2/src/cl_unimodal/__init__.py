# SPDX-License-Identifier: LicenseRef-Tempus-Internal
# Copyright (c) 2024 Tempus Labs, Inc.
"""cl_unimodal: an overall-survival model on clinical features."""

__version__ = "1.0.0"
