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

    /// A central directory entry whose ZIP64 local-header offset is 2^63 + 16, and a ZIP64
    /// end-of-central-directory record placing the directory there: ZIPFoundation trapped turning
    /// the offset into an `off_t`. Both are refused before ZIPFoundation reads them.
    @Test(arguments: ["zip64-huge-offset.pt", "zip64-huge-directory.pt"])
    func implausibleZIP64ValuesAreAProblemNotATrap(fixture: String) throws {
        let bytes = try PickleReference.fixture(fixture)
        #expect(ZipArchiveFile.hasImplausibleZIP64(bytes))
        let report = try #require(ModelArtifactScanner.scan(bytes, path: "model.pt"))
        #expect(report.streams.isEmpty)
        #expect(report.problems.contains { $0.contains("ZIP64") })
    }

    /// The guard reads ordinary archives (with and without ZIP64 records) as ZIPFoundation does.
    @Test func ordinaryArchivesPassTheZIP64Guard() throws {
        for fixture in ["benign-torch.pt", "evil-stack-global.pt"] {
            let bytes = try PickleReference.fixture(fixture)
            #expect(!ZipArchiveFile.hasImplausibleZIP64(bytes))
            let report = try #require(ModelArtifactScanner.scan(bytes, path: fixture))
            #expect(!report.streams.isEmpty)
        }
        #expect(!ZipArchiveFile.hasImplausibleZIP64([]))
        #expect(!ZipArchiveFile.hasImplausibleZIP64([UInt8](repeating: 0x50, count: 100)))
    }
}
