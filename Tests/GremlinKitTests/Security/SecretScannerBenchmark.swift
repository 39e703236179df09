// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import Testing
@testable import GremlinKit

/// Throughput of the secret scanner over a real work tree; runs only when
/// `GREMLIN_BENCH_TREE` names a directory (use a release build:
/// `swift test -c release -Xswiftc -enable-testing --filter SecretScannerBenchmark`).
@Suite(.enabled(if: ProcessInfo.processInfo.environment["GREMLIN_BENCH_TREE"] != nil))
struct SecretScannerBenchmark {
    @Test func scanTree() throws {
        let root = try #require(ProcessInfo.processInfo.environment["GREMLIN_BENCH_TREE"])
        let rootURL = URL(fileURLWithPath: root)
        var blobs: [(String, [UInt8])] = []
        let enumerator = FileManager.default.enumerator(at: rootURL, includingPropertiesForKeys: [.isRegularFileKey])
        while let url = enumerator?.nextObject() as? URL {
            if url.lastPathComponent == ".git" { enumerator?.skipDescendants(); continue }
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true else { continue }
            let relative = String(url.path.dropFirst(rootURL.path.count + 1))
            blobs.append((relative, Array(try Data(contentsOf: url))))
        }
        blobs.sort { $0.0 < $1.0 }
        let bytes = blobs.reduce(0) { $0 + $1.1.count }
        let scanner = try SecretScanner()
        var best = Double.infinity
        var matches: [SecretMatch] = []
        var binary = 0
        for _ in 0..<3 {
            let start = DispatchTime.now().uptimeNanoseconds
            matches = []
            binary = 0
            for (path, blob) in blobs {
                let result = scanner.scan(blob, path: path)
                matches += result.matches
                if result.binary { binary += 1 }
            }
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        // The floor: one pass that only counts newlines over the same bytes.
        var floor = Double.infinity
        var newlines = 0
        for _ in 0..<3 {
            let start = DispatchTime.now().uptimeNanoseconds
            newlines = 0
            for (_, blob) in blobs {
                blob.withUnsafeBufferPointer { buffer in for byte in buffer where byte == 0x0A { newlines += 1 } }
            }
            floor = min(floor, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        let megabytes = Double(bytes) / 1_048_576
        print("BENCH-FLOOR newline-count seconds=\(String(format: "%.4f", floor)) lines=\(newlines)")
        print("BENCH files=\(blobs.count) binary=\(binary) MiB=\(String(format: "%.1f", megabytes)) "
            + "seconds=\(String(format: "%.3f", best)) MiB/s=\(String(format: "%.1f", megabytes / best)) matches=\(matches.count)")
        for match in matches.sorted(by: SecretMatch.sortedOrder) {
            print("BENCH-MATCH \(match.rule) \(match.path):\(match.line):\(match.column) \(match.preview)")
        }
        #expect(blobs.count > 0)
        if ProcessInfo.processInfo.environment["GREMLIN_BENCH_PER_RULE"] != nil {
            for rule in SecretRule.builtIn {
                let single = try SecretScanner(rules: [rule])
                let start = DispatchTime.now().uptimeNanoseconds
                for (path, blob) in blobs { _ = single.scan(blob, path: path) }
                let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
                print("BENCH-RULE \(rule.id) seconds=\(String(format: "%.3f", seconds))")
            }
        }
    }
}
