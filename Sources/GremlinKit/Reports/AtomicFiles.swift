// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes a set of files into one directory so that no reader ever sees half of one: every file
/// is first written in full to a temporary name in the same directory, then all are renamed
/// into place (a rename within a directory is atomic). A CI that reads `junit.xml` therefore sees
/// the previous file, no file, or the complete new one.
public enum AtomicFiles {
    /// The marker in temporary names, e.g. `.junit.xml.gremlin-tmp-4242-0`.
    static let temporaryMarker = ".gremlin-tmp-"

    /// Writes `files` (name and bytes) into `directory`, which must exist. When a temporary file
    /// cannot be written nothing is renamed and the temporaries are removed.
    public static func write(_ files: [(name: String, bytes: [UInt8])], in directory: URL) throws {
        var staged: [(temporary: String, final: String)] = []
        do {
            for (index, file) in files.enumerated() {
                let final = directory.appendingPathComponent(file.name).path
                let temporary =
                    directory.appendingPathComponent(".\(file.name)\(temporaryMarker)\(getpid())-\(index)").path
                try writeNew(file.bytes, to: temporary, reportedAs: final)
                staged.append((temporary, final))
            }
            for file in staged {
                guard rename(file.temporary, file.final) == 0 else {
                    let reason = String(cString: strerror(errno))
                    throw ReportError(
                        file: file.final, message: "cannot rename into place (\(reason)); pass a writable --out")
                }
            }
        } catch {
            for file in staged { unlink(file.temporary) }
            throw error
        }
    }

    /// Creates `path` (replacing a leftover temporary of the same name) and writes all of `bytes`.
    private static func writeNew(_ bytes: [UInt8], to path: String, reportedAs final: String) throws {
        unlink(path)
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw ReportError(
                file: final, message: "cannot write (\(String(cString: strerror(errno)))); pass a writable --out")
        }
        defer { close(fd) }
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { buffer in
                posixWrite(fd, buffer.baseAddress! + offset, buffer.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                let reason = String(cString: strerror(errno))
                unlink(path)
                throw ReportError(file: final, message: "cannot write (\(reason)); pass a writable --out")
            }
            offset += written
        }
    }
}

#if canImport(Glibc)
    private let posixWrite = Glibc.write
#else
    private let posixWrite = Darwin.write
#endif
