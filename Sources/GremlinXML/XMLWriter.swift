// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors
// No Foundation in this target: libxml2's headers pull the system ICU (see Package.swift).

internal import CLibXML2

/// The libxml2 version this binary is linked against.
public func libxml2Version() -> String {
    String(cString: __xmlParserVersion().pointee!)
}
