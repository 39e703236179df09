// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import Testing

@testable import GremlinKit

/// `gremlin card` with the real binary, on the contract's release outside any repository.
@Suite struct CardCommandTests {
    static func contractCopy() throws -> URL {
        let directory = try Fixtures.temporaryDirectory("gremlin-card")
        for name in ["release.yaml", "lineage.yaml", "approvals.yaml"] {
            try FileManager.default.copyItem(
                atPath: Fixtures.path("contract/\(name)"),
                toPath: directory.appendingPathComponent(name).path)
        }
        return directory
    }

    @Test func rendersTheCardToStdoutWithoutARepository() throws {
        let directory = try Self.contractCopy()
        defer { try? FileManager.default.removeItem(at: directory) }
        let run = try Binary.run(["card", "--manifest", "release.yaml"], in: directory)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.hasPrefix("# Model card: cl\\_unimodal\\_v2 1.0.0\n"))
        let headings = run.stdout.split(separator: "\n").filter { $0.hasPrefix("## ") }.map { String($0.dropFirst(3)) }
        #expect(headings == ModelCard.sections)
        #expect(run.stdout.contains("| mlops\\_lead | K. Patel | — | ➖ pending |"))
        #expect(run.stderr.contains("warning: section Performance Metrics has no evidence"))

        let output = directory.appendingPathComponent("cards/card.md")
        let again = try Binary.run(["card", "--manifest", "release.yaml", "--output", output.path], in: directory)
        #expect(again.status == 0)
        #expect(try String(contentsOf: output, encoding: .utf8) == run.stdout)
    }

    @Test func badManifestExitsTwo() throws {
        let directory = try Self.contractCopy()
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data("apiVersion: gremlin/v1\nkind: ModelRelease\nmodel: {name: m, version: 1, colour: red}\n".utf8)
            .write(to: directory.appendingPathComponent("bad.yaml"))
        let run = try Binary.run(["card", "--manifest", "bad.yaml"], in: directory)
        #expect(run.status == 2)
        #expect(run.stderr.contains("bad.yaml:3"))
        #expect(run.stderr.contains("model.colour: unknown key"))
    }
}
