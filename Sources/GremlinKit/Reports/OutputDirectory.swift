// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The `--out` directory of an audit: the report files it owns, and the lock that keeps two
/// audits from writing the same directory at once.
public enum OutputDirectory {
    /// The lock file (`flock`ed, never a report); created when missing, left in place.
    public static let lockFileName = ".gremlin.lock"

    /// The report files `gremlin audit` writes, and clears at its start so a reused `--out` never
    /// keeps a previous run's verdict. Nothing else in the directory is touched.
    public static var reportFileNames: [String] {
        ReportSet.writers.map(\.fileName) + [CodeQualityReport.fileName]
    }

    /// Creates `directory` (and its parents) when missing, or says why it cannot.
    static func create(_ directory: URL) throws {
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw ReportError(
                file: directory.path,
                message: "cannot create the output directory (\(error.localizedDescription)); pass a writable --out")
        }
    }

    /// Creates `directory` when missing and takes the exclusive lock on it.
    /// - Parameter displayName: how messages name the directory (the `--out` as given).
    /// - Throws: `OutputDirectoryBusy` when another audit holds it; a `ReportError` when the
    ///   directory or its lock file cannot be created.
    public static func lock(_ directory: URL, displayName: String? = nil) throws -> OutputDirectoryLock {
        try create(directory)
        let path = directory.appendingPathComponent(lockFileName).path
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw ReportError(
                file: path,
                message: "cannot open the lock file (\(String(cString: strerror(errno)))); pass a writable --out")
        }
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            if errno == EINTR { continue }
            let busy = errno == EWOULDBLOCK
            let reason = String(cString: strerror(errno))
            close(fd)
            if busy { throw OutputDirectoryBusy(directory: displayName ?? directory.path) }
            throw ReportError(file: path, message: "cannot lock (\(reason)); pass another --out")
        }
        return OutputDirectoryLock(fd: fd, directory: directory)
    }

    /// Removes the report files `gremlin audit` owns from `directory` (missing ones are fine),
    /// and the temporaries of their atomic writes that a killed run left (call it with the lock
    /// held: then no other audit is writing them).
    public static func clearReports(in directory: URL) throws {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        let leftovers = entries.filter { entry in
            reportFileNames.contains { entry.hasPrefix("." + $0 + AtomicFiles.temporaryMarker) }
        }
        for name in reportFileNames + leftovers {
            let path = directory.appendingPathComponent(name).path
            if unlink(path) != 0 && errno != ENOENT {
                throw ReportError(
                    file: path,
                    message: "cannot remove the previous run's report (\(String(cString: strerror(errno)))); "
                        + "delete it or pass another --out")
            }
        }
    }
}

/// Another audit holds the lock on the output directory.
public struct OutputDirectoryBusy: Error, Sendable, CustomStringConvertible, Equatable {
    public var directory: String

    public var description: String {
        "another gremlin audit is writing \(directory); wait or use another --out"
    }
}

/// The exclusive `flock` on `<out>/.gremlin.lock`; held until `release()` or the process ends.
public final class OutputDirectoryLock: @unchecked Sendable {
    private let lock = NSLock()
    private var fd: Int32
    public let directory: URL

    init(fd: Int32, directory: URL) {
        self.fd = fd
        self.directory = directory
    }

    /// Releases the lock (closing the descriptor releases the `flock`); idempotent.
    public func release() {
        lock.withLock {
            guard fd >= 0 else { return }
            close(fd)
            fd = -1
        }
    }

    deinit { release() }
}
