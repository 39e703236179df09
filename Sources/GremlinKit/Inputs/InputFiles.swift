// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Crypto
import Foundation

/// Reads the files an audit depends on and records each one's sha256 (and, when pinned to a
/// commit, its state against that commit) for `audit.json`.
///
/// Paths in a manifest are relative to the manifest; the recorded name is relative to the
/// repository root when the file lies inside it, so digests are the same on every machine.
/// A manifest-named file must be a regular file inside the repository (`InputFiles+Open.swift`):
/// no absolute path, no `..` or symlink leading out, no device, FIFO, socket or directory.
public final class InputFiles: @unchecked Sendable {
    /// Files read whole into memory stop here (4 GiB); larger ones are refused before reading.
    public static let defaultMaxReadBytes = 4 << 30

    /// The directory manifest-relative paths resolve against.
    public let baseDirectory: URL
    /// The repository work tree, used to name files portably.
    public let rootDirectory: URL?
    /// Whether `read(_:)`/`digest(_:)` paths must stay inside `rootDirectory` (else `baseDirectory`).
    public let confined: Bool
    /// The largest file `read` loads into memory.
    public let maxReadBytes: Int
    private let digests = Locked<[String: InputDigest]>([:])
    let pinned = Locked<Pin?>(nil)

    public init(
        baseDirectory: URL, rootDirectory: URL?, confined: Bool = true,
        maxReadBytes: Int = InputFiles.defaultMaxReadBytes
    ) {
        self.baseDirectory = Self.canonical(baseDirectory)
        self.rootDirectory = rootDirectory.map(Self.canonical)
        self.confined = confined
        self.maxReadBytes = maxReadBytes
    }

    /// A directory with its symlinks resolved, so a repository reached through a linked path
    /// (`/home` → `/data/home`) and a manifest named through another spelling compare alike;
    /// as given (standardised) when it does not exist.
    static func canonical(_ directory: URL) -> URL {
        let standard = directory.standardizedFileURL
        guard let real = realPath(standard.path) else { return standard }
        return URL(fileURLWithPath: real, isDirectory: true)
    }

    /// Every file read so far, keyed by portable name.
    public var recorded: [String: InputDigest] {
        digests.withLock { $0 }
    }

    /// The absolute URL of a manifest-relative path.
    public func url(_ path: String) -> URL {
        if path.hasPrefix("/") { return URL(fileURLWithPath: path).standardizedFileURL }
        return baseDirectory.appendingPathComponent(path).standardizedFileURL
    }

    /// The name a file is recorded under: relative to the repository root when inside it.
    public func portableName(_ url: URL) -> String {
        let path = url.standardizedFileURL.path
        if let root = rootDirectory?.path, path.hasPrefix(root + "/") {
            return String(path.dropFirst(root.count + 1))
        }
        return path
    }

    /// Reads a whole file named by the manifest (or the policy), recording its digest.
    /// - Parameter what: what the file is, for the error message ("predictions", "split file").
    public func read(_ path: String, what: String, key: String? = nil) throws -> Data {
        let input = try open(path, what: what, key: key)
        let data = try readAll(input)
        record(input, sha256: Hex.string(SHA256.hash(data: data)), bytes: data.count, data: data)
        return data
    }

    /// `read(_:what:key:)` handed straight to `parse`, with the sha256 computed on a second thread
    /// meanwhile: both see the one copy of the bytes read, and the digest is recorded whether or
    /// not `parse` throws.
    public func read<T>(
        _ path: String, what: String, key: String? = nil, parsing parse: (Data) throws -> T
    ) throws -> T {
        let input = try open(path, what: what, key: key)
        let data = try readAll(input)
        let digest = Background { Hex.string(SHA256.hash(data: data)) }
        let parsed = Result { try parse(data) }
        record(input, sha256: digest.join(), bytes: data.count, data: data)
        return try parsed.get()
    }

    /// Reads a file the user named on the command line (policy, manifest) by absolute URL,
    /// recording its digest: it must be a regular file, but may lie outside the repository.
    public func read(url: URL, displayPath: String, what: String, key: String? = nil) throws -> Data {
        let input = try open(url: url.standardizedFileURL, display: displayPath, what: what, key: key, confine: false)
        let data = try readAll(input)
        record(input, sha256: Hex.string(SHA256.hash(data: data)), bytes: data.count, data: data)
        return data
    }

    /// Maps a possibly large manifest-named file into memory (no copy) and records its digest.
    public func mapped(_ path: String, what: String, key: String? = nil) throws -> (Data, InputDigest) {
        let input = try open(path, what: what, key: key)
        let data = try map(input)
        let digest = record(input, sha256: Hex.string(SHA256.hash(data: data)), bytes: data.count, data: data)
        return (data, digest)
    }

    /// Streams a possibly large file through sha256 without holding it in memory.
    public func digest(_ path: String, what: String, key: String? = nil) throws -> InputDigest {
        let input = try open(path, what: what, key: key)
        // One pass gives both the sha256 and the git blob id the state needs.
        var blob = Self.blobHasher(size: input.size)
        let digest = try FileDigest.sha256(
            streaming: input.handle,
            readError: { error in
                InputError(file: path, key: key, message: "cannot read \(what): \(error.localizedDescription)")
            },
            chunk: { data, _ in
                blob.update(data: data)
                return true
            })
        let id = digest.bytes == input.size ? ObjectID(bytes: Array(blob.finalize())) : nil
        return record(input, sha256: digest.sha256, bytes: digest.bytes, blobID: id)
    }

    /// Records the digest of an opened input, with its state against the pinned commit.
    /// `data` (the bytes read) or `blobID` (their git blob id) saves reading the file again for the state.
    @discardableResult
    public func record(
        _ input: OpenedInput, sha256: String, bytes: Int, data: Data? = nil, blobID: ObjectID? = nil
    ) -> InputDigest {
        let name = portableName(input.url)
        let state = state(of: input, data: data, blobID: blobID)
        let digest = InputDigest(path: name, sha256: sha256, bytes: bytes, state: state)
        digests.withLock { $0[name] = digest }
        return digest
    }

    /// Records a digest computed elsewhere (no state: the bytes are not at hand).
    @discardableResult
    public func record(url: URL, sha256: String, bytes: Int) -> InputDigest {
        let name = portableName(url)
        let digest = InputDigest(path: name, sha256: sha256, bytes: bytes)
        digests.withLock { $0[name] = digest }
        return digest
    }

    /// Records bytes that are not a file (a registry answer, a downloaded artifact) under `name`.
    @discardableResult
    public func record(name: String, sha256: String, bytes: Int) -> InputDigest {
        let digest = InputDigest(path: name, sha256: sha256, bytes: bytes)
        digests.withLock { $0[name] = digest }
        return digest
    }

    /// Lower-case hex of a digest (`Hex.string`, kept for callers of the public API).
    public static func hex<D: Sequence>(_ digest: D) -> String where D.Element == UInt8 {
        Hex.string(digest)
    }

    /// sha256 of bytes as lower-case hex.
    public static func sha256(_ data: Data) -> String {
        Hex.string(SHA256.hash(data: data))
    }
}
