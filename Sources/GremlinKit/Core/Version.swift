// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

/// The tool's version, written into every artifact.
public enum GremlinVersion {
    public static let current = "0.1.0"
}
