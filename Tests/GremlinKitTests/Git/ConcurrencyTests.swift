// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import Testing

@testable import GremlinKit

@Suite struct ConcurrencyTests {
    private func manyBlobs() throws -> (GitFixture, [ObjectID: [UInt8]]) {
        let fixture = try GitFixture()
        var expected: [String: String] = [:]
        for index in 0..<64 {
            expected["f\(index).txt"] = String(repeating: "line \(index)\n", count: index * 50 + 1)
        }
        let head = try fixture.commit("many", files: expected)
        try fixture.git(["repack", "-q", "-a", "-d"])
        try fixture.write("loose.txt", "a loose blob\n")
        try fixture.commit("loose")
        var blobs: [ObjectID: [UInt8]] = [:]
        for (name, text) in expected {
            blobs[try #require(ObjectID(hex: try fixture.git(["rev-parse", "\(head):\(name)"])))] = Array(text.utf8)
        }
        blobs[try #require(ObjectID(hex: try fixture.git(["rev-parse", "HEAD:loose.txt"])))] = Array(
            "a loose blob\n".utf8)
        return (fixture, blobs)
    }

    @Test func readBlobsInParallelMatchesSequentialReads() throws {
        let (fixture, blobs) = try manyBlobs()
        let repository = try Repository.open(at: fixture.path)
        let ids = blobs.keys.sorted()
        let whole = try repository.readBlobs(ids, workers: 4)
        #expect(whole == ids.map { blobs[$0]! })
        let prefixes = try repository.readBlobs(ids, prefix: 7, workers: 3)
        #expect(prefixes == ids.map { Array(blobs[$0]!.prefix(7)) })
        let missing = try #require(ObjectID(hex: String(repeating: "4", count: 40)))
        #expect(throws: GitError.self) { try repository.readBlobs(ids + [missing], workers: 4) }
    }

    @Test func sharedAndReopenedHandlesAreSafeAcrossThreads() throws {
        let (fixture, blobs) = try manyBlobs()
        let shared = try Repository.open(at: fixture.path)
        let ids = blobs.keys.sorted()
        final class Tally: @unchecked Sendable {
            let lock = NSLock()
            var mismatches = 0
            var reads = 0
            func add(_ ok: Bool) {
                lock.withLock {
                    reads += 1
                    if !ok { mismatches += 1 }
                }
            }
        }
        let tally = Tally()
        DispatchQueue.concurrentPerform(iterations: 8) { worker in
            // Even workers share one handle (serialized by its lock); odd ones reopen their own.
            let repository = worker % 2 == 0 ? shared : (try? shared.reopen())
            for (offset, id) in ids.enumerated() where offset % 2 == worker % 2 {
                let bytes = try? repository?.readBlob(id, prefix: worker % 4 == 1 ? 9 : nil)
                let expected = worker % 4 == 1 ? Array(blobs[id]!.prefix(9)) : blobs[id]!
                tally.add(bytes == expected)
                _ = try? repository?.resolve("HEAD")
            }
        }
        #expect(tally.mismatches == 0)
        #expect(tally.reads == 4 * ids.count)
    }
}
