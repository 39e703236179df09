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

    /// Inspects the tree of `commit`, reading only each blob's first bytes, spread over the cores.
    public static func run(repository: Repository, commit: ObjectID, include: [Glob], exclude: [Glob],
                           rule: HeaderRule, threads: Int = ProcessInfo.processInfo.activeProcessorCount) throws -> HeaderAudit {
        let entries = try repository.treeEntries(at: commit).filter { entry in
            Glob.any(include, entry.path) && !Glob.any(exclude, entry.path)
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
        let work = pending
        let workers = max(1, min(threads, work.count / 64 + 1))
        let chunk = (work.count + workers - 1) / max(workers, 1)
        let store = ResultStore(count: entries.count)
        let failure = ErrorBox()
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            let lower = worker * chunk, upper = min(work.count, lower + chunk)
            guard lower < upper else { return }
            do {
                let handle = workers == 1 ? repository : try repository.reopen()
                for slot in lower..<upper {
                    let entry = entries[work[slot]]
                    var bytes = try handle.readBlob(entry.oid, prefix: rule.prefixBytes)
                    var inspection = rule.inspect(bytes[...])
                    if inspection.skip == nil, bytes.count < (entry.size ?? Int.max),
                       bytes.lazy.filter({ $0 == UInt8(ascii: "\n") }).count < rule.withinLines,
                       inspection.spdx == nil || (rule.copyright != nil && inspection.copyrightLine == nil) {
                        // Very long first lines: read the whole blob before calling the header missing.
                        bytes = try handle.readBlob(entry.oid, prefix: nil)
                        inspection = rule.inspect(bytes[...])
                    }
                    let problems = inspection.skip == nil ? rule.problems(inspection) : []
                    store.set(work[slot], FileResult(path: entry.path, problems: problems, skip: inspection.skip))
                }
            } catch {
                failure.set(error)
            }
        }
        if let error = failure.error { throw error }
        for (index, value) in store.values.enumerated() where value != nil { results[index] = value }
        return HeaderAudit(files: results.compactMap { $0 })
    }
}

/// Slots written by concurrent workers, each slot by one worker.
private final class ResultStore: @unchecked Sendable {
    private let lock = Lock()
    private(set) var values: [HeaderAudit.FileResult?]
    init(count: Int) { values = Array(repeating: nil, count: count) }
    func set(_ index: Int, _ value: HeaderAudit.FileResult) { lock.locked { values[index] = value } }
}

/// The first error a worker hit.
final class ErrorBox: @unchecked Sendable {
    private let lock = Lock()
    private var stored: Error?
    var error: Error? { lock.locked { stored } }
    func set(_ error: Error) { lock.locked { if stored == nil { stored = error } } }
}
