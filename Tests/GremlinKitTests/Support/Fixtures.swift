// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation

/// Paths to bundled fixtures and scratch directories for tests.
enum Fixtures {
    /// A fixture file or folder under Tests/GremlinKitTests/Fixtures.
    static func path(_ relative: String) -> String {
        guard let base = Bundle.module.resourceURL?.appendingPathComponent("Fixtures") else {
            return "Tests/GremlinKitTests/Fixtures/" + relative
        }
        return base.appendingPathComponent(relative).path
    }

    /// The repository's own root (for shipped policies and schemas).
    static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
    }

    /// A fresh temporary directory, removed by the caller's `defer`.
    static func temporaryDirectory(_ label: String = "gremlin") throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("\(label)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Writes text to `name` inside `directory` and returns the path.
    @discardableResult
    static func write(_ text: String, to name: String, in directory: URL) throws -> String {
        let url = directory.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
        return url.path
    }
}
