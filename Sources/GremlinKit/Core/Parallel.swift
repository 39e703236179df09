// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation

/// `items.map(body)` on up to `workers` threads, results in the order of `items`.
///
/// Workers draw `batch` items at a time from a shared cursor, so one that drew small items takes
/// more. When items throw, the error rethrown is that of the first failing item in `items` order,
/// the one a serial loop would throw: after a failure, items behind it are skipped, items before
/// it still run. One worker (or one item) runs on the calling thread.
func parallelMap<T, R>(
    _ items: [T], workers: Int = ProcessInfo.processInfo.activeProcessorCount, batch: Int = 1,
    _ body: @Sendable (T) throws -> R
) rethrows -> [R] {
    try parallelMap(items, workers: workers, batch: batch, perWorker: { _, item in try body(item) })
}

/// The same, telling `body` which worker (0..<workers) runs it, for per-worker resources such
/// as one `Repository` handle each (libgit2 handles are single-threaded).
func parallelMap<T, R>(
    _ items: [T], workers: Int = ProcessInfo.processInfo.activeProcessorCount, batch: Int = 1,
    perWorker body: @Sendable (_ worker: Int, _ item: T) throws -> R
) rethrows -> [R] {
    let workers = max(1, min(workers, items.count))
    if workers == 1 { return try items.map { try body(0, $0) } }
    return try withoutActuallyEscaping(body) { body in
        try concurrentMap(items, workers: workers, batch: max(1, batch), body)
    }
}

private func concurrentMap<T, R>(
    _ items: [T], workers: Int, batch: Int,
    _ body: @escaping @Sendable (Int, T) throws -> R
) throws -> [R] {
    let count = items.count
    let cursor = Locked(0)
    let failure = Locked<(index: Int, error: any Error)?>(nil)
    let shared = Unshared(items)
    var results = [R?](repeating: nil, count: count)
    try results.withUnsafeMutableBufferPointer { buffer in
        let slots = Unshared(buffer)
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            while true {
                let range: Range<Int> = cursor.withLock { next in
                    let start = next
                    next = min(count, next + batch)
                    return start..<next
                }
                if range.isEmpty { return }
                for index in range {
                    if let failed = failure.withLock({ $0?.index }), failed < index { return }
                    do {
                        slots.value[index] = try body(worker, shared.value[index])
                    } catch {
                        failure.withLock { first in
                            if first.map({ index < $0.index }) ?? true { first = (index, error) }
                        }
                    }
                }
            }
        }
        if let failed = failure.withLock({ $0 }) { throw failed.error }
    }
    return results.map { $0! }
}

/// Hands workers what they only read (the items) or write at disjoint indexes (the results).
struct Unshared<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}

/// A value computed on a thread of its own while the caller goes on (the dispatch pool is left
/// to the parallel maps the caller may run meanwhile); `join()` waits for it. Join exactly once.
final class Background<Value>: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var value: Value?

    init(_ body: @escaping @Sendable () -> Value) {
        let thread = Thread { [self] in
            value = body()
            done.signal()
        }
        thread.start()
    }

    func join() -> Value {
        done.wait()
        return value!
    }
}
