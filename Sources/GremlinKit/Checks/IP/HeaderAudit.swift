// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation

/// The license-header state of every selected file at a revision; shared by the `ip` check and
/// `gremlin headers`.
public struct HeaderAudit: Sendable {
    /// One selected file and what is wrong with it (empty `problems`: compliant).
    public struct FileResult: Sendable {
        public var path: String
        public var problems: [(rule: String, message: String)]
        public var skip: HeaderInspection.Skip?
    }

    /// Files matching `include` and not `exclude`, in path order.
    public var files: [FileResult]

    /// Files whose header is not compliant.
    public var failing: [FileResult] { files.filter { $0.skip == nil && !$0.problems.isEmpty } }
    /// Files actually inspected (not skipped).
    public var inspected: Int { files.filter { $0.skip == nil }.count }
    /// Skipped files by reason.
    public var skipped: [HeaderInspection.Skip: Int] {
        var counts: [HeaderInspection.Skip: Int] = [:]
        for file in files { if let skip = file.skip { counts[skip, default: 0] += 1 } }
        return counts
    }

    /// How many inspected files were read from the work tree rather than the object database
    /// (see `WorkTreeSnapshot`); the findings are the same either way.
    public var readFromWorkTree = 0

    /// Inspects the tree of `commit`, reading only each blob's first bytes, spread over the cores.
    public static func run(repository: Repository, commit: ObjectID, include: [Glob], exclude: [Glob],
                           rule: HeaderRule, threads: Int = ProcessInfo.processInfo.activeProcessorCount,
                           useWorkTree: Bool = true) throws -> HeaderAudit {
        try run(repository: repository, source: .commit(commit), include: include, exclude: exclude, rule: rule,
                threads: threads, useWorkTree: useWorkTree)
    }

    /// Inspects the files of `source` (a commit's tree or the staged index); `paths`, when
    /// given, narrows them to those paths (a pre-commit hook passes the staged file names).
    ///
    /// A file's bytes come from the work tree only when git's index proves the file there is the
    /// blob, byte for byte (`Repository.readBlob(_:prefix:snapshot:)`; `useWorkTree: false`
    /// turns that off); otherwise from the object database. So the verdict is always about the
    /// revision (or the index), never about edits in the work tree.
    public static func run(repository: Repository, source: BlobSource, paths: Set<String>? = nil, include: [Glob],
                           exclude: [Glob], rule: HeaderRule,
                           threads: Int = ProcessInfo.processInfo.activeProcessorCount,
                           useWorkTree: Bool = true) throws -> HeaderAudit {
        let entries = try source.entries(in: repository) { path in
            Glob.any(include, path) && !Glob.any(exclude, path) && (paths?.contains(path) ?? true)
        }
        var results = [FileResult?](repeating: nil, count: entries.count)
        var pending: [Int] = []
        for (index, entry) in entries.enumerated() {
            switch entry.kind {
            case .symlink: results[index] = FileResult(path: entry.path, problems: [], skip: .symlink)
            case .submodule: results[index] = FileResult(path: entry.path, problems: [], skip: .submodule)
            case .blob, .executable: pending.append(index)
            }
        }
        let snapshot = useWorkTree && !pending.isEmpty ? repository.workTreeSnapshot() : nil
        let work = pending
        let workers = max(1, min(threads, work.count / 64 + 1))
        let queue = WorkQueue(count: work.count, batch: 16)
        let store = ResultStore()
        let failure = ErrorBox()
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            var local: [(Int, FileResult)] = []
            var fromDisk = 0
            do {
                // libgit2 handles are single-threaded: every extra worker opens its own.
                let handle = worker == 0 ? repository : try repository.reopen()
                while failure.error == nil, let slots = queue.next() {
                    for slot in slots {
                        let entry = entries[work[slot]]
                        var (bytes, origin) = try handle.readBlob(entry, prefix: rule.prefixBytes, snapshot: snapshot)
                        var inspection = rule.inspect(bytes[...])
                        if inspection.skip == nil, bytes.count < (entry.size ?? Int.max),
                           bytes.lazy.filter({ $0 == UInt8(ascii: "\n") }).count < rule.withinLines,
                           inspection.spdx == nil || (rule.copyright != nil && inspection.copyrightLine == nil) {
                            // Very long first lines: read the whole blob before calling the header missing.
                            (bytes, origin) = try handle.readBlob(entry, prefix: nil, snapshot: snapshot)
                            inspection = rule.inspect(bytes[...])
                        }
                        if origin == .workTree { fromDisk += 1 }
                        let problems = inspection.skip == nil ? rule.problems(inspection) : []
                        local.append((work[slot], FileResult(path: entry.path, problems: problems, skip: inspection.skip)))
                    }
                }
            } catch {
                failure.set(error)
            }
            store.add(local, fromWorkTree: fromDisk)
        }
        if let error = failure.error { throw error }
        for (index, value) in store.values { results[index] = value }
        var audit = HeaderAudit(files: results.compactMap { $0 })
        audit.readFromWorkTree = store.fromWorkTree
        return audit
    }
}

/// Hands out batches of slots to workers, so one that drew small files takes more.
private final class WorkQueue: @unchecked Sendable {
    private let lock = Lock()
    private let count: Int, batch: Int
    private var cursor = 0
    init(count: Int, batch: Int) { (self.count, self.batch) = (count, batch) }
    func next() -> Range<Int>? {
        lock.locked {
            guard cursor < count else { return nil }
            defer { cursor = min(count, cursor + batch) }
            return cursor..<min(count, cursor + batch)
        }
    }
}

/// Each worker's results, handed in once when it finishes.
private final class ResultStore: @unchecked Sendable {
    private let lock = Lock()
    private(set) var values: [(Int, HeaderAudit.FileResult)] = []
    private(set) var fromWorkTree = 0
    func add(_ results: [(Int, HeaderAudit.FileResult)], fromWorkTree count: Int) {
        lock.locked {
            values += results
            fromWorkTree += count
        }
    }
}

/// The first error a worker hit.
final class ErrorBox: @unchecked Sendable {
    private let lock = Lock()
    private var stored: Error?
    var error: Error? { lock.locked { stored } }
    func set(_ error: Error) { lock.locked { if stored == nil { stored = error } } }
}
