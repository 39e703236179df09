// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Crypto
import Foundation
import Testing

@testable import GremlinKit

/// The shared plumbing in Core/: each piece against the plain code it replaced.
@Suite struct PlumbingTests {
    struct Boom: Error, Equatable { var index: Int }

    @Test(arguments: [1, 2, 3, 8])
    func parallelMapKeepsOrder(workers: Int) {
        let items = Array(0..<1_000)
        #expect(parallelMap(items, workers: workers, batch: 7) { $0 * $0 } == items.map { $0 * $0 })
        #expect(parallelMap([Int](), workers: workers) { $0 }.isEmpty)
    }

    /// Whatever the thread count, the error is the one a serial loop meets first.
    @Test(arguments: [1, 2, 4])
    func parallelMapThrowsTheFirstFailureInOrder(workers: Int) {
        let failing: Set = [37, 512, 900]
        #expect(throws: Boom(index: 37)) {
            _ = try parallelMap(Array(0..<1_000), workers: workers) { item in
                if failing.contains(item) { throw Boom(index: item) }
                return item
            }
        }
    }

    @Test func perWorkerIndicesStayInRange() {
        let seen = parallelMap(Array(0..<200), workers: 3, perWorker: { worker, _ in worker })
        #expect(seen.allSatisfy { (0..<3).contains($0) })
    }

    @Test func lockedCountsEveryIncrement() {
        let counter = Locked(0)
        DispatchQueue.concurrentPerform(iterations: 10_000) { _ in counter.withLock { $0 += 1 } }
        #expect(counter.withLock { $0 } == 10_000)
    }

    @Test func hexMatchesFormatting() {
        let bytes: [UInt8] = Array(0...255)
        #expect(Hex.string(bytes) == bytes.map { String(format: "%02x", $0) }.joined())
        #expect(Hex.string([UInt8]()) == "")
    }

    /// The memchr/memcmp search agrees with a naive scan on seeded random bytes over a small
    /// alphabet (many partial matches), including needles at the very start and end.
    @Test func byteSearchAgreesWithNaiveScan() {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 33
        }
        for _ in 0..<2_000 {
            let haystack = (0..<Int(next() % 64)).map { _ in UInt8(97 + next() % 3) }
            let needle = (0..<Int(1 + next() % 4)).map { _ in UInt8(97 + next() % 3) }
            var naive: Int?
            if needle.count <= haystack.count {
                naive = (0...(haystack.count - needle.count)).first {
                    Array(haystack[$0..<($0 + needle.count)]) == needle
                }
            }
            let found = haystack.withUnsafeBytes { hay in
                needle.withUnsafeBytes { ByteSearch.firstOffset(of: $0, in: hay) }
            }
            #expect(found == naive, "\(haystack) \(needle)")
            #expect(ByteSearch.contains(haystack, needle) == (naive != nil))
            #expect(ByteSearch.firstRange(of: needle, in: haystack[...]).map(\.lowerBound) == naive)
        }
    }

    @Test func streamingDigestMatchesOneShot() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("plumbing-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("blob.bin")
        let data = Data((0..<3_000_000).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        try data.write(to: url)
        let digest = try #require(FileDigest.sha256(of: url))
        #expect(digest.bytes == data.count)
        #expect(digest.sha256 == Hex.string(SHA256.hash(data: data)))
    }

    /// Only regular files are hashed: a FIFO would block, /dev/zero never ends.
    @Test(.timeLimit(.minutes(1))) func digestRefusesWhatIsNotARegularFile() throws {
        let directory = try Fixtures.temporaryDirectory("digest-special")
        let fifo = directory.appendingPathComponent("pipe")
        #expect(mkfifo(fifo.path, 0o644) == 0)
        #expect(FileDigest.sha256(of: fifo) == nil)
        #expect(FileDigest.sha256(of: URL(fileURLWithPath: "/dev/zero")) == nil)
        #expect(FileDigest.sha256(of: directory) == nil)
        #expect(FileDigest.sha256(of: directory.appendingPathComponent("missing")) == nil)
    }
}
