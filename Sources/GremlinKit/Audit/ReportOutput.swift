// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation

extension AuditRunner {
    /// Writes every report format under `--out` (also for an audit that could not be evaluated).
    public func writeReports(_ report: AuditReport) throws {
        guard let out = options.outDirectory else { return }
        let directory = URL(fileURLWithPath: out)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        try (encoder.encode(report) + Data("\n".utf8)).write(to: directory.appendingPathComponent("audit.json"))
    }
}
