// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import Testing

@testable import GremlinKit

/// Inputs `make fuzz` found that crashed the artifact scanners, minimised (see Fuzz/README.md).
@Suite struct ModelArtifactFuzzTests {
    /// A lone end-of-central-directory record announcing three entries whose directory lies past
    /// the end of the file: ZIPFoundation's in-memory archive trapped on the inverted read range.
    @Test func zipDirectoryPastTheEndIsAProblemNotATrap() throws {
        let bytes: [UInt8] = [
            0x50, 0x4B, 0x05, 0x06, 0x00, 0x00, 0x00, 0x00, 0x03, 0x00, 0x03, 0x00,
            0xBA, 0x00, 0x00, 0x00, 0xC9, 0x00, 0x00, 0x00, 0x00, 0x00,
        ]
        let report = try #require(ModelArtifactScanner.scan(bytes, path: "model.pt"))
        #expect(report.format == .torchZip)
        #expect(report.streams.isEmpty)
        #expect(!report.problems.isEmpty)
    }
}
