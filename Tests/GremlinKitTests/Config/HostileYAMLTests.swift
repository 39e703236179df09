// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import Testing

@testable import GremlinKit

/// YAML written to exhaust the loader: an alias bomb (a billion "lol"s by reference) and nesting
/// deeper than any policy needs. Both are input errors with a line, at once.
@Suite struct HostileYAMLTests {
    static func bomb(under key: String) -> String {
        var lines = ["apiVersion: gremlin/v1", "kind: Policy", "x0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
        for level in 1..<10 {
            lines.append(
                "x\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 9).joined(separator: ", ") + "]")
        }
        lines.append("checks:\n  ip:\n    \(key): *a9")
        return lines.joined(separator: "\n") + "\n"
    }

    static func load(_ text: String) throws -> Policy {
        let directory = try Fixtures.temporaryDirectory("hostile-yaml")
        return try PolicyLoader.load(path: try Fixtures.write(text, to: "policy.yaml", in: directory))
    }

    static func message(_ text: String) -> String {
        do {
            _ = try load(text)
            return "loaded"
        } catch {
            return AuditRunner.message(for: error)
        }
    }

    @Test func anAliasBombIsRefusedNotExpanded() {
        let text = Self.message(Self.bomb(under: "include"))
        // Refused at the first level that has the wrong shape: nine errors, not 9^10.
        #expect(text.contains("checks.ip.include[0]: expected a string, got a list"))
        #expect(text.split(separator: "\n").count < 40)
    }

    @Test(arguments: [10_000, 100_000])
    func deepNestingIsASyntaxErrorWithALine(depth: Int) {
        let text = Self.message(
            "apiVersion: gremlin/v1\nkind: Policy\nchecks: " + String(repeating: "[", count: depth)
                + String(repeating: "]", count: depth) + "\n")
        #expect(text.contains("policy.yaml:3:"))
        #expect(text.contains("nesting"))
    }

    @Test func aManifestAliasBombIsRefused() throws {
        let directory = try Fixtures.temporaryDirectory("hostile-manifest")
        let path = try Fixtures.write(
            Self.bomb(under: "include").replacingOccurrences(of: "kind: Policy", with: "kind: ReleaseManifest"),
            to: "release.yaml", in: directory)
        #expect(throws: (any Error).self) { try ManifestLoader.load(path: path) }
    }
}
