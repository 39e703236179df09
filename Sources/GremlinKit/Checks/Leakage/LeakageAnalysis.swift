// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Crypto
import Foundation

public struct SplitSource: Sendable {
    /// The split this file holds; nil for an assignment file.
    public var name: String?
    /// As the manifest names it.
    public var path: String
    /// Relative to the repository root, for findings.
    public var portable: String
    public var data: Data
    public var sha256: String
    public var layout: SplitLayout
    /// Computes (and records) `sha256` when it was left empty: `LeakageAnalysis.run` calls it on a
    /// spare core while the IDs are read, instead of before.
    var digest: (@Sendable () -> String)?

    public init(name: String?, path: String, portable: String, data: Data, sha256: String, layout: SplitLayout) {
        self.name = name
        self.path = path
        self.portable = portable
        self.data = data
        self.sha256 = sha256
        self.layout = layout
    }
}

/// Distinct IDs per split and their pairwise overlaps, exact: 64-bit hashes are radix-sorted and
/// intersected, then every hash two splits (or two rows) share is confirmed on the ID bytes.
public struct LeakageAnalysis: Sendable {
    /// Counts for one split.
    public struct SplitCounts: Sendable, Equatable {
        public var file: String
        /// Rows with a non-empty ID.
        public var rows: Int
        /// Rows whose ID is empty after normalisation.
        public var blank: Int
        public var distinct: Int
        /// IDs that occur on more than one row of this split.
        public var duplicateIDs: Int
        /// Rows beyond the first of each duplicated ID.
        public var duplicateRows: Int
    }

    public var names: [String]
    public var normalization: IDNormalization
    public var counts: [String: SplitCounts]
    /// `"a/b"` → number of distinct IDs in both, for every pair in policy order.
    public var overlaps: [(pair: String, count: Int)]
    /// `"a/b"` → salted hashes of up to five shared IDs, sorted.
    public var examples: [String: [String]]
    /// Where each pair's second split lives, for finding locations.
    var pairFiles: [String: String]
    /// Per file: IDs that held invisible or non-ASCII characters (normalised before comparison).
    public var unusual: [UnusualIDs] = []

    /// IDs of one file that held a non-ASCII byte: how many, and one as a salted hash.
    public struct UnusualIDs: Sendable, Equatable {
        public var file: String
        public var count: Int
        /// Salted sha256 prefix of the first such ID as written (trimmed), never the ID.
        public var example: String
    }

    /// Reads IDs from the sources and compares them; an empty split is an input error.
    public static func run(
        sources: [SplitSource], names: [String], normalization: IDNormalization
    ) throws -> LeakageAnalysis {
        try run(sources: sources, names: names, normalization: normalization, hasher: IDHash.self)
    }

    /// Every non-empty ID as a key: the top bits of its hash, then the byte offset of its row
    /// (so a match can be confirmed on the bytes without parsing the file again).
    struct KeySink<Hasher: IDHashing>: SplitSink {
        var keys: [[UInt64]]
        var blanks: [Int]
        let casefold: Bool
        let shift: UInt64
        /// The split of every row of a per-split file; nil for an assignment file.
        let fixed: Int?
        let names: [String]
        let lookup: [String: Int]
        let file: String

        /// The keys of a per-split file: one flat array, appended to without a nested lookup.
        var own: [UInt64] = []
        var ownBlank = 0
        /// IDs with a non-ASCII byte, and the first one as written.
        var unusualCount = 0
        var unusualFirst: [UInt8]?

        mutating func unusual(_ trimmed: UnsafeRawBufferPointer, line: Int) {
            unusualCount += 1
            if unusualFirst == nil { unusualFirst = Array(trimmed) }
        }

        mutating func accept(
            _ id: UnsafeRawBufferPointer, split: UnsafeRawBufferPointer?, line: Int, record: Int
        ) throws {
            if fixed != nil {
                if id.isEmpty {
                    ownBlank += 1
                } else {
                    own.append((Hasher.hash(id, lowercaseASCII: casefold) >> shift) << shift | UInt64(record))
                }
                return
            }
            let index = try LeakageAnalysis.split(of: split, line: line, names: names, lookup: lookup, file: file)
            if id.isEmpty {
                blanks[index] += 1
            } else {
                keys[index].append((Hasher.hash(id, lowercaseASCII: casefold) >> shift) << shift | UInt64(record))
            }
        }
    }

    /// The same with another hash function (tests force collisions with one); per-split files of
    /// `chunkedFrom` bytes or more are parsed in row chunks on every core (tests force it).
    static func run<Hasher: IDHashing>(
        sources: [SplitSource], names: [String], normalization: IDNormalization,
        hasher: Hasher.Type, chunkedFrom: Int = 1 << 22
    ) throws -> LeakageAnalysis {
        var sources = sources
        // Low bits of a key hold the row's offset; the rest is hash. Fewer hash bits only mean
        // more candidates to confirm, never a wrong count.
        let largest = sources.map(\.data.count).max() ?? 1
        let shift = UInt64(max(1, Int.bitWidth - largest.leadingZeroBitCount))
        // Keys are sorted and grouped on their top 33 bits (the top-bits bucket and two 11-bit
        // digits): ten million IDs give a few thousand chance groups, each confirmed on the bytes.
        let groupShift = max(shift, UInt64(64 - RadixSort.topBits - 22))
        let assignmentMode = sources.count == 1 && sources[0].name == nil
        let parsers = sources.map { SplitParser(layout: $0.layout, normalization: normalization, file: $0.path) }

        // The parse's buffers die with `keysBySplit`, so each split's chunks are the sort's only
        // reference and are freed as soon as they are scattered.
        var unsorted: [[[UInt64]]]
        let blanks: [Int]
        let origin: [Int]
        let unusualRaw: [(file: String, count: Int, first: [UInt8])]
        let digested: [String?]
        (unsorted, blanks, origin, unusualRaw, digested) = try keysBySplit(
            sources: sources, names: names, parsers: parsers, shift: shift, hasher: hasher,
            chunkedFrom: chunkedFrom)
        for (position, sha256) in digested.enumerated() {
            if let sha256 { sources[position].sha256 = sha256 }
        }
        var keys: [[UInt64]] = []
        for index in names.indices {
            keys.append(RadixSort.sorted(consuming: &unsorted[index], ignoringLowBits: Int(groupShift)))
        }
        for (index, name) in names.enumerated() where keys[index].isEmpty {
            let source = sources.first { $0.name == name } ?? sources[0]
            throw InputError(
                file: source.path, key: assignmentMode ? "splits.assignments" : "splits.\(name)",
                message: assignmentMode
                    ? "no row is assigned to split `\(name)`"
                    : "split `\(name)` holds no IDs",
                fix: "an empty split cannot be checked for leakage: fill it, or drop it from the policy's splits")
        }

        let idColumns = try zip(parsers, sources).map { try $0.idColumnIndex(in: $1.data) }
        let salt = Self.salt(sources)
        let tally = withBytes(of: sources) { raws in
            let readers = names.indices.map { split in
                let source = origin[split]
                return IDReader(
                    raw: raws[source], data: sources[source].data, parser: parsers[source],
                    idColumn: idColumns[source])
            }
            return compare(keys: keys, readers: readers, shift: shift, groupShift: groupShift, salt: salt)
        }
        var counts: [String: SplitCounts] = [:]
        for (index, name) in names.enumerated() {
            counts[name] = SplitCounts(
                file: sources[origin[index]].portable, rows: keys[index].count,
                blank: blanks[index], distinct: tally.distinct[index], duplicateIDs: tally.duplicateIDs[index],
                duplicateRows: tally.duplicateRows[index])
        }
        var overlaps: [(String, Int)] = []
        var examples: [String: [String]] = [:]
        var pairFiles: [String: String] = [:]
        for (position, (a, b)) in tally.pairs.enumerated() {
            let pair = "\(names[a])/\(names[b])"
            overlaps.append((pair, tally.shared[position]))
            pairFiles[pair] = sources[origin[b]].portable
            if tally.shared[position] > 0 {
                examples[pair] = tally.examples[position].map(Self.hex12)
            }
        }
        return LeakageAnalysis(
            names: names, normalization: normalization, counts: counts, overlaps: overlaps,
            examples: examples, pairFiles: pairFiles,
            unusual: unusualRaw.map {
                UnusualIDs(file: $0.file, count: $0.count, example: example($0.first, salt: salt))
            })
    }

    /// A task of pass 1: a source's deferred digest, or a source (one of its row chunks) to read.
    private enum Task: Sendable {
        case digest(Int)
        case read(source: Int, chunk: Int?)
    }

    /// Pass 1: a key per ID, unsorted, per split (one array per parse task), with the blanks, the
    /// source each split's keys point into, the unusual IDs per file and the deferred digests
    /// (`SplitSource.digest`, computed first, beside the reading). Every file is a task, and
    /// a big per-split file is cut into row chunks first, so ten million IDs in one file and two
    /// in another still use every core.
    private static func keysBySplit<Hasher: IDHashing>(
        sources: [SplitSource], names: [String], parsers: [SplitParser], shift: UInt64,
        hasher: Hasher.Type, chunkedFrom: Int
    ) throws -> (
        keys: [[[UInt64]]], blanks: [Int], origin: [Int], unusual: [(file: String, count: Int, first: [UInt8])],
        digests: [String?]
    ) {
        let casefold = parsers.first?.normalization.casefold ?? false
        let splitIndex = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
        let parts = 4 * max(1, ProcessInfo.processInfo.activeProcessorCount)
        let digests = sources.map(\.digest)
        var plans: [SplitParser.RowChunks?] = []
        do {
            for (position, source) in sources.enumerated() {
                let chunkable = source.name.flatMap { splitIndex[$0] } != nil && source.data.count >= chunkedFrom
                plans.append(chunkable ? try parsers[position].rowChunks(of: source.data, parts: parts) : nil)
            }
        } catch {
            for digest in digests { _ = digest?() }  // every file read is digested, as before an error
            throw error
        }
        var tasks = digests.indices.filter { digests[$0] != nil }.map { Task.digest($0) }
        for (position, plan) in plans.enumerated() {
            if let plan {
                tasks += plan.ranges.indices.map { Task.read(source: position, chunk: $0) }
            } else {
                tasks.append(.read(source: position, chunk: nil))
            }
        }
        let plansList = plans
        // Each task's own result: the error to report is chosen below, per file.
        let outputs = parallelMap(tasks) {
            task -> (digest: String?, keys: Result<(sink: KeySink<Hasher>, lines: Int), any Error>?) in
            guard case .read(let position, let chunk) = task else {
                guard case .digest(let position) = task, let digest = digests[position] else { return (nil, nil) }
                return (digest(), nil)
            }
            return (
                nil,
                Result { () throws -> (sink: KeySink<Hasher>, lines: Int) in
                    let source = sources[position]
                    let fixed = source.name.flatMap { splitIndex[$0] }
                    var sink = KeySink<Hasher>(
                        keys: Array(repeating: [], count: names.count),
                        blanks: Array(repeating: 0, count: names.count), casefold: casefold,
                        shift: shift, fixed: fixed, names: names, lookup: splitIndex, file: source.path)
                    if let chunk, let plan = plansList[position] {
                        // Straight from the mapped bytes, a key per row (`ChunkKeys`).
                        let found = try source.data.withUnsafeBytes { raw in
                            try ChunkKeys.scan(
                                raw, plan.ranges[chunk], parser: parsers[position], idColumn: plan.idColumn,
                                shift: shift, hasher: Hasher.self)
                        }
                        sink.own = found.keys
                        sink.ownBlank = found.blank
                        sink.unusualCount = found.unusualCount
                        sink.unusualFirst = found.unusualFirst
                        return (sink, found.lines)
                    }
                    if fixed != nil { sink.own.reserveCapacity(source.data.count / 8) }
                    try parsers[position].parse(source.data, into: &sink)
                    return (sink, 0)
                }
            )
        }
        var digested = [String?](repeating: nil, count: sources.count)
        for (task, output) in zip(tasks, outputs) {
            if case .digest(let position) = task { digested[position] = output.digest }
        }
        let parsed = outputs.compactMap(\.keys)
        var unsorted = [[[UInt64]]](repeating: [], count: names.count)  // each split's unsorted keys, per chunk
        var blanks = [Int](repeating: 0, count: names.count)
        var origin = [Int](repeating: 0, count: names.count)  // which source each split's keys point into
        var results = parsed[...]
        var unusualRaw: [(file: String, count: Int, first: [UInt8])] = []
        for (position, plan) in plans.enumerated() {
            let count = plan?.ranges.count ?? 1
            let mine = results.prefix(count)
            results = results.dropFirst(count)
            let sinks = mine.compactMap { try? $0.get().sink }
            let unusualCount = sinks.reduce(0) { $0 + $1.unusualCount }
            if unusualCount > 0, let first = sinks.lazy.compactMap(\.unusualFirst).first {
                unusualRaw.append((sources[position].portable, unusualCount, first))
            }
            if let plan {
                // The first failing chunk's error, its line made absolute by the chunks before it.
                var line = plan.firstLine - 1
                var chunks: [KeySink<Hasher>] = []
                for result in mine {
                    do {
                        let (sink, lines) = try result.get()
                        chunks.append(sink)
                        line += lines
                    } catch var error as InputError {
                        error.line = error.line.map { $0 + line }
                        throw error
                    }
                }
                let split = chunks[0].fixed ?? 0
                for chunk in chunks { blanks[split] += chunk.ownBlank }
                unsorted[split] = chunks.map(\.own)
                origin[split] = position
                continue
            }
            var sink = try mine.first!.get().sink
            if let fixed = sink.fixed {
                sink.keys[fixed] = sink.own
                sink.blanks[fixed] = sink.ownBlank
                sink.own = []
            }
            for index in names.indices where !sink.keys[index].isEmpty || sink.fixed == index {
                unsorted[index] = [sink.keys[index]]
                origin[index] = position
            }
            for index in names.indices { blanks[index] += sink.blanks[index] }
        }
        return (unsorted, blanks, origin, unusualRaw, digested)
    }

    /// Calls `body` with every source's bytes (valid for the call).
    static func withBytes<R>(of sources: [SplitSource], _ body: ([UnsafeRawBufferPointer]) throws -> R) rethrows -> R {
        func step(_ index: Int, _ raws: [UnsafeRawBufferPointer]) throws -> R {
            guard index < sources.count else { return try body(raws) }
            return try sources[index].data.withUnsafeBytes { try step(index + 1, raws + [$0]) }
        }
        return try step(0, [])
    }

    /// The policy split a row of an assignment file belongs to.
    static func split(
        of cell: UnsafeRawBufferPointer?, line: Int, names: [String], lookup: [String: Int],
        file: String
    ) throws -> Int {
        let value = cell.map { String(decoding: $0, as: UTF8.self) } ?? ""
        if let index = lookup[value] { return index }
        if let index = names.firstIndex(where: { $0.lowercased() == value.lowercased() }) { return index }
        let hint = Suggest.nearest(value, in: names).map { "did you mean \($0)? " } ?? ""
        throw InputError(
            file: file, line: line, key: "splits.split_column",
            message:
                "split `\(InputExcerpt.short(value))` is not one of the policy's splits (\(names.joined(separator: ", ")))",
            fix: "\(hint)assign every row to one of the policy's splits")
    }

    /// The salt: sha256 over the split files' names and digests, so examples are stable across
    /// reruns on the same files but cannot be joined across releases.
    static func salt(_ sources: [SplitSource]) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(data: Data("gremlin-leakage-salt-v1\n".utf8))
        for source in sources {
            hasher.update(data: Data("\(source.name ?? "assignments"):\(source.sha256)\n".utf8))
        }
        return Array(hasher.finalize())
    }

    /// `sha256(salt ‖ id)`, first 12 hex digits.
    static func example(_ id: [UInt8], salt: [UInt8]) -> String {
        var hasher = SHA256()
        hasher.update(data: Data(salt))
        hasher.update(data: Data(id))
        return String(Hex.string(hasher.finalize()).prefix(12))
    }
}
