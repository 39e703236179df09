// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import Testing

@testable import GremlinKit

/// Model archives built to hurt the scanner: a zip bomb, entries named `../` and absolute, and
/// a truncated central directory. Archives are read in memory only, never extracted to disk.
@Suite struct HostileArchiveTests {
    /// Writes a zip with python's zipfile: `entries` maps names to (bytes, repeat count).
    static func zip(_ name: String, _ script: String) throws -> [UInt8] {
        let directory = try Fixtures.temporaryDirectory("hostile-zip")
        let path = directory.appendingPathComponent(name).path
        let run = try runPython(
            "import sys, zipfile, pickle\nz = zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED)\n" + script
                + "\nz.close()", [path])
        #expect(run.status == 0, "\(run.output)")
        return try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
    }

    /// 600 MB of zeros deflate to about 600 KB: refused from its declared size, never inflated.
    @Test func aZipBombIsReportedNotInflated() throws {
        let bytes = try Self.zip("bomb.pt", "z.writestr('archive/data.pkl', bytes(600 << 20))")
        #expect(bytes.count < 2 << 20)
        let report = try #require(ModelArtifactScanner.scan(bytes, path: "models/bomb.pt"))
        #expect(!report.isSafe)
        #expect(report.problems.contains { $0.contains("over the") && $0.contains("scan limit") })
    }

    /// `../` and absolute entry names are scanned like any other (in memory) and named in the
    /// report; nothing is written anywhere.
    @Test func traversalEntriesAreScannedInMemory() throws {
        let evil = "cposix\\nsystem\\n(S'id'\\ntR."
        let bytes = try Self.zip(
            "traversal.pt",
            "z.writestr('../../../tmp/gremlin-escape.pkl', b\"\(evil)\")\n"
                + "z.writestr('/etc/gremlin-abs.pkl', b\"\(evil)\")")
        let report = try #require(ModelArtifactScanner.scan(bytes, path: "models/traversal.pt"))
        #expect(!report.isSafe)
        #expect(report.streams.map(\.entry) == ["../../../tmp/gremlin-escape.pkl", "/etc/gremlin-abs.pkl"].sorted())
        #expect(!FileManager.default.fileExists(atPath: "/tmp/gremlin-escape.pkl"))
        #expect(!FileManager.default.fileExists(atPath: "/etc/gremlin-abs.pkl"))
    }

    @Test func aTruncatedArchiveIsAProblemNotACrash() throws {
        let bytes = try Self.zip("ok.pt", "z.writestr('archive/data.pkl', pickle.dumps({'w': [1, 2, 3]}, protocol=2))")
        for cut in [bytes.count / 2, bytes.count - 10, 30] {
            let report = ModelArtifactScanner.scan(Array(bytes.prefix(cut)), path: "models/cut.pt")
            #expect(report.map { !$0.isSafe } ?? true)
        }
    }
}
