// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation

@testable import GremlinKit

/// One libFuzzer binary for every parser: `GREMLIN_FUZZ_TARGET` picks the harness (see
/// `FuzzTarget`). A harness feeds the bytes to the parser's entry point; a thrown error is the
/// expected outcome for bad input; a crash or a hang is a bug.
enum FuzzTarget: String, CaseIterable {
    case policy, manifest, predictions, split, openlineage, lineage, approvals, metrics, pickle, zip, sshsig

    func run(_ data: Data) {
        switch self {
        case .policy: _ = try? PolicyLoader.load(path: TempFile.write(data, name: "policy.yaml"))
        case .manifest: _ = try? ManifestLoader.load(path: TempFile.write(data, name: "gremlin.yaml"))
        case .predictions: _ = try? PredictionsReader.parse(data, file: "predictions.csv")
        case .split: Self.split(data)
        case .openlineage: _ = try? LineageReader.parse(data, file: "lineage.jsonl", artifacts: Self.artifacts)
        case .lineage: _ = try? LineageReader.parse(data, file: "lineage.yaml", artifacts: Self.artifacts)
        case .approvals: _ = try? ApprovalsReader.parse(data, file: "approvals.yaml")
        case .metrics: _ = try? MetricsReader.parse(data, file: "metrics.json")
        case .pickle: _ = ModelArtifactScanner.scan([UInt8](data), path: "model.pkl")
        case .zip: _ = ModelArtifactScanner.scan([UInt8](data), path: "model.pt")
        case .sshsig: Self.sshsig(data)
        }
    }

    /// An SSH signature (armored as given, and its bytes armored), an allowed-signers line and an
    /// `Approved-by` trailer, from the same bytes.
    static func sshsig(_ data: Data) {
        let text = String(decoding: data, as: UTF8.self)
        let armored = "-----BEGIN SSH SIGNATURE-----\n" + data.base64EncodedString() + "\n-----END SSH SIGNATURE-----\n"
        let key = Array(repeating: UInt8(7), count: 51)
        _ = SSHSignature.verify(armored: text, payload: Array(data.prefix(64)), keys: [key])
        _ = SSHSignature.verify(armored: armored, payload: [1, 2, 3], keys: [key])
        _ = AllowedSigner(line: text)
        _ = ApprovalsReader.parseTrailer(text)
    }

    static let artifacts: [Manifest.Artifact] = []

    /// The first byte picks the layout and normalisation, so one corpus covers every mode.
    static func split(_ data: Data) {
        guard let mode = data.first else { return }
        let body = data.dropFirst()
        let layouts: [SplitLayout] = [
            .lines,
            .delimited(delimiter: UInt8(ascii: ","), idColumn: "patient_id", splitColumn: nil),
            .delimited(delimiter: UInt8(ascii: "\t"), idColumn: "patient_id", splitColumn: "split"),
            .delimited(delimiter: UInt8(ascii: ","), idColumn: "id", splitColumn: "split"),
        ]
        let layout = layouts[Int(mode & 3)]
        let normalization: IDNormalization = mode & 4 == 0 ? .trim : .casefold
        let parser = SplitParser(layout: layout, normalization: normalization, file: "split.csv")
        let bytes = Data(body)
        var sink = CountingSink()
        try? parser.parse(bytes, into: &sink)
        let idColumn = (try? parser.idColumnIndex(in: bytes)) ?? nil
        for record in sink.records.prefix(64) { _ = parser.key(at: record, in: bytes, idColumn: idColumn) }
        // The parallel path: per-chunk parsing, then the IDs read again by record offset.
        guard let chunks = try? parser.rowChunks(of: bytes, parts: 3) else { return }
        var chunkSink = CountingSink()
        for range in chunks.ranges {
            _ = try? parser.parseRows(bytes, range, idColumn: chunks.idColumn, into: &chunkSink)
        }
        for record in chunkSink.records.prefix(64) { _ = parser.key(at: record, in: bytes, idColumn: chunks.idColumn) }
    }
}

struct CountingSink: SplitSink {
    var bytes = 0
    var records: [Int] = []
    mutating func accept(_ id: UnsafeRawBufferPointer, split: UnsafeRawBufferPointer?, line: Int, record: Int) throws {
        bytes &+= id.count + (split?.count ?? 0)
        records.append(record)
    }
}

/// A per-process scratch file for the loaders that only take a path.
enum TempFile {
    nonisolated(unsafe) static var directory: String = {
        let base = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
        let path = base + "/gremlin-fuzz-\(getpid())"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }()

    static func write(_ data: Data, name: String) -> String {
        let path = directory + "/" + name
        _ = FileManager.default.createFile(atPath: path, contents: data)
        return path
    }
}

nonisolated(unsafe) var selectedTarget: FuzzTarget?

@_cdecl("LLVMFuzzerInitialize")
public func fuzzInitialize(
    _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>
) -> CInt {
    let name = ProcessInfo.processInfo.environment["GREMLIN_FUZZ_TARGET"] ?? ""
    guard let target = FuzzTarget(rawValue: name) else {
        let names = FuzzTarget.allCases.map(\.rawValue).joined(separator: ", ")
        FileHandle.standardError.write(Data("set GREMLIN_FUZZ_TARGET to one of: \(names)\n".utf8))
        exit(2)
    }
    selectedTarget = target
    return 0
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ bytes: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    selectedTarget?.run(Data(bytes: bytes, count: size))
    return 0
}

@_silgen_name("LLVMFuzzerRunDriver")
func runDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt
) -> CInt

/// SwiftPM links an executable with `main` aliased to `<module>_main`; hand that entry point to
/// libFuzzer's driver (when the alias is absent, libFuzzer's own `main` is used instead).
@_cdecl("gremlin_fuzz_main")
public func gremlinFuzzMain(
    _ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>
) -> CInt {
    var count = argc
    var arguments = argv
    return runDriver(&count, &arguments) { bytes, size in fuzzOneInput(bytes, size) }
}
