// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import Testing

@testable import GremlinKit

/// Throughput of the secret scanner over a real work tree (`GREMLIN_BENCH_TREE`) and through
/// libgit2 over a repository's HEAD (`GREMLIN_BENCH_REPO`); skipped unless those are set. Use a
/// release build: `swift test -c release -Xswiftc -enable-testing --filter SecretScannerBenchmark`.
@Suite struct SecretScannerBenchmark {
    static let environment = ProcessInfo.processInfo.environment

    static func seconds(_ body: () throws -> Void) rethrows -> Double {
        var best = Double.infinity
        for _ in 0..<3 {
            let start = DispatchTime.now().uptimeNanoseconds
            try body()
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        return best
    }

    @Test(.enabled(if: environment["GREMLIN_BENCH_REPO"] != nil))
    func scanRepositoryHead() throws {
        let repository = try Repository.open(at: try #require(Self.environment["GREMLIN_BENCH_REPO"]))
        let head = try repository.resolve("HEAD")
        let entries = try repository.treeEntries(at: head)
        let blobs = entries.filter { $0.kind == .blob || $0.kind == .executable }
        let bytes = blobs.reduce(0) { $0 + ($1.size ?? 0) }
        let scanner = try SecretScanner()
        let floor1 = try Self.seconds { _ = try repository.readBlobs(blobs.map(\.oid), workers: 1) }
        let floor2 = try Self.seconds { _ = try repository.readBlobs(blobs.map(\.oid), workers: 2) }
        var audit = SecretsAudit()
        let scan1 = try Self.seconds {
            audit = try SecretsAudit.run(
                repository: repository, entries: entries, commits: [], maxBlobBytes: nil,
                scanner: scanner, threads: 1)
        }
        let scan2 = try Self.seconds {
            audit = try SecretsAudit.run(
                repository: repository, entries: entries, commits: [], maxBlobBytes: nil,
                scanner: scanner, threads: 2)
        }
        let mib = Double(bytes) / 1_048_576
        func rate(_ seconds: Double) -> String { String(format: "%.3fs %.1fMiB/s", seconds, mib / seconds) }
        print(
            "BENCH-GIT blobs=\(blobs.count) MiB=\(String(format: "%.1f", mib)) read1=\(rate(floor1)) read2=\(rate(floor2)) "
                + "scan1=\(rate(scan1)) scan2=\(rate(scan2)) ratio1=\(String(format: "%.2f", scan1 / floor1)) "
                + "ratio2=\(String(format: "%.2f", scan2 / floor2)) matches=\(audit.tree.count) binary=\(audit.binarySkipped)"
        )
        for match in audit.tree { print("BENCH-MATCH \(match.rule) \(match.path):\(match.line) \(match.preview)") }
        #expect(audit.filesScanned + audit.binarySkipped == blobs.count)
    }

    /// Writes every rule's true positives under `planted/` and its false-positive examples under
    /// `decoys/`, one file each (`<rule>-<n>.txt`), for comparing recall and false alarms with other
    /// scanners (bench/secrets-corpus.sh); checks the scanner's own recall on the way.
    @Test(.enabled(if: environment["GREMLIN_BENCH_CORPUS"] != nil))
    func writePlantedCorpus() throws {
        let directory = URL(fileURLWithPath: try #require(Self.environment["GREMLIN_BENCH_CORPUS"]))
        let scanner = try SecretScanner()
        var found = 0
        var total = 0
        var alarms = 0
        for (folder, planted) in [("planted", true), ("decoys", false)] {
            let subdirectory = directory.appendingPathComponent(folder)
            try FileManager.default.createDirectory(at: subdirectory, withIntermediateDirectories: true)
            for rule in SecretRule.builtIn {
                for (index, example) in (planted ? rule.truePositives : rule.falsePositives).enumerated() {
                    let name = "\(rule.id)-\(index).txt"
                    let bytes = Array((example + "\n").utf8)
                    try Data(bytes).write(to: subdirectory.appendingPathComponent(name))
                    let matches = scanner.scan(bytes, path: name).matches
                    if planted {
                        total += 1
                        if matches.contains(where: { $0.rule == rule.id }) { found += 1 }
                    } else if !matches.isEmpty {
                        alarms += 1
                    }
                }
            }
        }
        print("BENCH-CORPUS files=\(total) recall=\(found)/\(total) decoy-alarms=\(alarms)")
        #expect(found == total)
        #expect(alarms == 0)
    }

    @Test(.enabled(if: environment["GREMLIN_BENCH_TREE"] != nil))
    func scanTree() throws {
        let root = try #require(ProcessInfo.processInfo.environment["GREMLIN_BENCH_TREE"])
        let rootURL = URL(fileURLWithPath: root)
        var blobs: [(String, [UInt8])] = []
        let enumerator = FileManager.default.enumerator(at: rootURL, includingPropertiesForKeys: [.isRegularFileKey])
        while let url = enumerator?.nextObject() as? URL {
            if url.lastPathComponent == ".git" {
                enumerator?.skipDescendants()
                continue
            }
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
        print(
            "BENCH files=\(blobs.count) binary=\(binary) MiB=\(String(format: "%.1f", megabytes)) "
                + "seconds=\(String(format: "%.3f", best)) MiB/s=\(String(format: "%.1f", megabytes / best)) matches=\(matches.count)"
        )
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
