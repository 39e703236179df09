// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Crypto
import Foundation

/// Streams a file through sha256 without holding it in memory.
public enum FileDigest {
    /// The digest and size, or `nil` when the file is missing or unreadable.
    public static func sha256(of url: URL) -> (sha256: String, bytes: Int)? {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue,
              let handle = try? FileHandle(forReadingFrom: url) else { return nil }
        defer { try? handle.close() }
        var hasher = SHA256()
        var total = 0
        while true {
            let chunk: Data?
            do {
                chunk = try handle.read(upToCount: 1 << 20)
            } catch {
                return nil
            }
            guard let chunk, !chunk.isEmpty else { break }
            hasher.update(data: chunk)
            total += chunk.count
        }
        return (InputFiles.hex(hasher.finalize()), total)
    }
}
