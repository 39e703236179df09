// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation

extension HeaderAudit {
    /// The audit on up to `threads` (≥ 2) threads, overlapped:
    ///
    /// - the first walks the tree, then reads every selected blob's size from its object header
    ///   (in path order, publishing how far it got), then inspects files;
    /// - the second reads the index's stat data on `early` (`workTreeSnapshot()`), then inspects
    ///   files whose size is known, while the first is still reading sizes;
    /// - once the walk has told how many files there are, further ones (one per 64 files, up to
    ///   `threads` in all) open their own handle and inspect files.
    ///
    /// Reading object headers on one thread rather than on every worker keeps libgit2's global
    /// pack-window lock uncontended; the work-tree reads of the others do not take it. Files
    /// are claimed in batches of 16 in path order; results and the error reported (the first
    /// in path order, the walk's before any file's) are those of `parallelMap`.
    static func runPipelined(
        repository: Repository, early: Repository, source: BlobSource, keep: @escaping @Sendable (String) -> Bool,
        rule: HeaderRule, threads: Int
    ) throws -> HeaderAudit {
        let shared = Pipeline()
        defer { shared.release() }
        var helpers = 0
        func spawn(_ body: @escaping @Sendable () -> Void) {
            helpers += 1
            Thread.detachNewThread {
                defer { shared.finish() }
                body()
            }
        }
        spawn {
            shared.publish(snapshot: early.workTreeSnapshot())
            shared.inspect(handle: early, rule: rule)
        }
        shared.walkAndSize(repository: repository, source: source, keep: keep) { files in
            for _ in 2..<max(2, min(threads, files / 64 + 1)) {
                spawn {
                    // A handle that cannot be opened only means one helper fewer.
                    guard let handle = try? repository.reopen() else { return }
                    shared.inspect(handle: handle, rule: rule)
                }
            }
        }
        shared.inspect(handle: repository, rule: rule)
        shared.waitForHelpers(helpers)
        return try shared.outcome()
    }
}

/// The state the pipelined audit's threads share, behind one condition lock.
private final class Pipeline: @unchecked Sendable {
    private let condition = NSCondition()
    // Everything below is read and written with `condition` locked, except the buffers' slots:
    // `sizes[k]` is written once before `sized` passes `k` and read only after; `inspected[k]`
    // is written by the one thread that claimed `k` and read after every thread finished.
    private var walk: Result<(entries: [TreeEntry], pending: [Int], results: [HeaderAudit.FileResult?]), any Error>?
    private var snapshotRead = false
    private var snapshot: WorkTreeSnapshot?
    private var sizes = UnsafeMutableBufferPointer<Int>(start: nil, count: 0)
    private var inspected = UnsafeMutableBufferPointer<(HeaderAudit.FileResult, Bool)?>(start: nil, count: 0)
    /// `pending[..<sized]` have their size in `sizes`.
    private var sized = 0
    /// No more sizes will be published (all read, the walk failed, or a header read failed: a
    /// worker then reads the size itself and meets the error).
    private var sizingOver = false
    private var cursor = 0
    private var failure: (position: Int, error: any Error)?
    private var finished = 0

    private func locked<T>(_ body: () throws -> T) rethrows -> T {
        condition.lock()
        defer { condition.unlock() }
        return try body()
    }

    private func changed(_ body: () -> Void) {
        locked {
            body()
            condition.broadcast()
        }
    }

    func publish(snapshot: WorkTreeSnapshot?) {
        changed {
            self.snapshot = snapshot
            snapshotRead = true
        }
    }

    func finish() { changed { finished += 1 } }

    func waitForHelpers(_ count: Int) {
        locked { while finished < count { condition.wait() } }
    }

    func release() {
        sizes.deallocate()
        _ = inspected.deinitialize()
        inspected.deallocate()
    }

    /// The walk (published at once, then `walked` is told how many files it found), then the
    /// sizes of the files to inspect, in order.
    func walkAndSize(
        repository: Repository, source: BlobSource, keep: (String) -> Bool, walked notify: (Int) -> Void
    ) {
        let walked = Result { () -> (entries: [TreeEntry], pending: [Int], results: [HeaderAudit.FileResult?]) in
            let entries = try source.entries(in: repository, where: keep, sizes: false)
            var results = [HeaderAudit.FileResult?](repeating: nil, count: entries.count)
            let pending = HeaderAudit.plan(entries, into: &results)
            return (entries, pending, results)
        }
        guard case .success(let plan) = walked else {
            changed {
                walk = walked
                sizingOver = true
            }
            return
        }
        let sizes = UnsafeMutableBufferPointer<Int>.allocate(capacity: plan.pending.count)
        let inspected = UnsafeMutableBufferPointer<(HeaderAudit.FileResult, Bool)?>.allocate(
            capacity: plan.pending.count)
        inspected.initialize(repeating: nil)
        changed {
            walk = walked
            self.sizes = sizes
            self.inspected = inspected
        }
        notify(plan.pending.count)
        defer { changed { sizingOver = true } }
        for (position, index) in plan.pending.enumerated() {
            // Entries of a commit come without sizes; staged entries have theirs already.
            guard let size = try? repository.withSize(plan.entries[index]).size else { return }
            sizes[position] = size
            if position % 32 == 31 || position == plan.pending.count - 1 {
                if locked({ failure.map { $0.position <= position } ?? false }) { return }
                changed { sized = position + 1 }
            }
        }
    }

    /// Claims batches of files and inspects them until none is left (or an earlier one failed).
    func inspect(handle: Repository, rule: HeaderRule) {
        let ready = locked { () -> (plan: [TreeEntry], pending: [Int], snapshot: WorkTreeSnapshot?)? in
            while walk == nil || !snapshotRead { condition.wait() }
            guard case .success(let plan) = walk else { return nil }
            return (plan.entries, plan.pending, snapshot)
        }
        guard let (entries, pending, snapshot) = ready else { return }
        while true {
            let batch = locked { () -> (range: Range<Int>, known: Int)? in
                let start = cursor
                let end = min(pending.count, start + 16)
                guard start < end, failure.map({ start < $0.position }) ?? true else { return nil }
                cursor = end
                while sized < end && !sizingOver { condition.wait() }
                return (start..<end, sized)
            }
            guard let batch else { return }
            for position in batch.range {
                if locked({ failure.map { $0.position < position } ?? false }) { return }
                do {
                    var entry = entries[pending[position]]
                    if position < batch.known {
                        entry.size = sizes[position]
                    } else {
                        entry = try handle.withSize(entry)
                    }
                    inspected[position] = try HeaderAudit.inspectFile(
                        entry, handle: handle, rule: rule, snapshot: snapshot)
                } catch {
                    locked {
                        if failure.map({ position < $0.position }) ?? true { failure = (position, error) }
                    }
                }
            }
        }
    }

    /// The audit, or the walk's error, or the first file's error in path order.
    func outcome() throws -> HeaderAudit {
        try locked {
            guard let walk else {
                throw InputError(message: "the header audit's tree walk did not run", fix: "report this as a bug")
            }
            let plan = try walk.get()
            if let failure { throw failure.error }
            var results: [(HeaderAudit.FileResult, Bool)] = []
            results.reserveCapacity(plan.pending.count)
            for position in plan.pending.indices {
                guard let result = inspected[position] else {
                    throw InputError(
                        message: "the header audit left '\(plan.entries[plan.pending[position]].path)' unread",
                        fix: "report this as a bug")
                }
                results.append(result)
            }
            return HeaderAudit.assemble(plan.results, pending: plan.pending, inspected: results)
        }
    }
}
