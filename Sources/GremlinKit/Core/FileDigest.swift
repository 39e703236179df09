// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Crypto
import Foundation

/// Streams a file through sha256 without holding it in memory.
public enum FileDigest {
    /// The digest and size, or `nil` when the path is missing, unreadable or not a regular file:
    /// a FIFO (which would block), a device such as `/dev/zero` (which never ends) or a directory.
    public static func sha256(of url: URL) -> (sha256: String, bytes: Int)? {
        let descriptor = open(url.path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        var info = stat()
        guard fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            close(descriptor)
            return nil
        }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        return try? sha256(streaming: handle)
    }

    /// Reads `handle` to its end in 1 MiB chunks through sha256: the digest and size.
    ///
    /// `chunk(data, offset)` sees each chunk (and where it starts) before it is hashed; returning
    /// false stops reading there (the result then covers the chunks before). A failed read
    /// throws `readError(error)`; what `chunk` throws passes through.
    static func sha256(
        streaming handle: FileHandle, readError: (any Error) -> any Error = { $0 },
        chunk: (Data, Int) throws -> Bool = { _, _ in true }
    ) throws -> (sha256: String, bytes: Int) {
        var hasher = SHA256()
        var total = 0
        while true {
            let data: Data?
            do {
                data = try handle.read(upToCount: 1 << 20)
            } catch {
                throw readError(error)
            }
            guard let data, !data.isEmpty else { break }
            guard try chunk(data, total) else { break }
            hasher.update(data: data)
            total += data.count
        }
        return (Hex.string(hasher.finalize()), total)
    }
}
