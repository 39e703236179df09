// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import Testing

@testable import GremlinKit

/// A manifest input must be a regular file inside the repository; anything else is refused
/// before a byte of it is read, with a message naming the key and the path.
@Suite struct InputFilesTests {
    /// A repository with one committed split file and `InputFiles` rooted at it.
    static func setUp(maxReadBytes: Int = InputFiles.defaultMaxReadBytes) throws -> (GitFixture, InputFiles) {
        let repo = try GitFixture()
        try repo.commit("feat(data): splits", files: ["models/m1/splits/train.csv": "patient_id\nP1\n"])
        let files = InputFiles(
            baseDirectory: repo.url("models/m1"), rootDirectory: repo.url(""), maxReadBytes: maxReadBytes)
        return (repo, files)
    }

    /// The error `body` throws, which must be an `InputError`.
    static func refusal(_ body: () throws -> Any) -> InputError? {
        do {
            _ = try body()
            return nil
        } catch let error as InputError {
            return error
        } catch {
            return nil
        }
    }

    /// Every way of reading a path refuses it with `text` in the message, naming key and path.
    static func expectRefused(
        _ files: InputFiles, _ path: String, _ text: String, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let reads: [(String, () throws -> Any)] = [
            ("read", { try files.read(path, what: "split file", key: "splits.train") }),
            ("mapped", { try files.mapped(path, what: "split file", key: "splits.train") }),
            ("digest", { try files.digest(path, what: "split file", key: "splits.train") }),
            ("open", { try files.open(path, what: "split file", key: "splits.train") }),
        ]
        for (name, read) in reads {
            let error = refusal(read)
            #expect(
                error?.message.contains(text) == true, "\(name): \(String(describing: error))",
                sourceLocation: sourceLocation)
            #expect(error?.key == "splits.train", "\(name)", sourceLocation: sourceLocation)
            #expect(error?.file == path, "\(name)", sourceLocation: sourceLocation)
        }
        #expect(files.recorded.isEmpty, sourceLocation: sourceLocation)
    }

    @Test func symlinkToProcEnvironIsRefused() throws {
        let (repo, files) = try Self.setUp()
        try FileManager.default.createSymbolicLink(
            atPath: repo.url("models/m1/splits/env.csv").path, withDestinationPath: "/proc/self/environ")
        Self.expectRefused(files, "splits/env.csv", "is a symlink whose target lies outside the repository")
    }

    @Test func symlinkToAFileOutsideTheRepositoryIsRefused() throws {
        let (repo, files) = try Self.setUp()
        let outside = repo.root.appendingPathComponent("outside.csv")
        try Data("patient_id\nP9\n".utf8).write(to: outside)
        try FileManager.default.createSymbolicLink(
            atPath: repo.url("models/m1/splits/out.csv").path, withDestinationPath: "../../../../outside.csv")
        Self.expectRefused(files, "splits/out.csv", "is a symlink whose target lies outside the repository")
    }

    @Test func symlinkToDevZeroIsRefused() throws {
        let (repo, files) = try Self.setUp()
        try FileManager.default.createSymbolicLink(
            atPath: repo.url("models/m1/splits/zero.csv").path, withDestinationPath: "/dev/zero")
        Self.expectRefused(files, "splits/zero.csv", "outside the repository")
    }

    @Test func symlinkInsideTheRepositoryIsRead() throws {
        let (repo, files) = try Self.setUp()
        try FileManager.default.createSymbolicLink(
            atPath: repo.url("models/m1/splits/link.csv").path, withDestinationPath: "train.csv")
        let data = try files.read("splits/link.csv", what: "split file", key: "splits.train")
        #expect(String(decoding: data, as: UTF8.self) == "patient_id\nP1\n")
        #expect(files.recorded["models/m1/splits/link.csv"]?.bytes == 14)
    }

    @Test func absolutePathIsRefused() throws {
        let (repo, files) = try Self.setUp()
        Self.expectRefused(files, repo.url("models/m1/splits/train.csv").path, "is an absolute path")
        Self.expectRefused(files, "/etc/passwd", "is an absolute path")
    }

    @Test func dotDotOutOfTheRepositoryIsRefused() throws {
        let (repo, files) = try Self.setUp()
        try Data("x\n".utf8).write(to: repo.root.appendingPathComponent("outside.csv"))
        Self.expectRefused(files, "../../../outside.csv", "leads outside the repository (through `..`)")
        // `..` that stays inside is an ordinary relative path.
        let data = try files.read("../m1/splits/../splits/train.csv", what: "split file", key: "splits.train")
        #expect(data.count == 14)
    }

    @Test func fifoIsRefusedWithoutBlocking() throws {
        let (repo, files) = try Self.setUp()
        let fifo = repo.url("models/m1/splits/pipe.csv").path
        #expect(mkfifo(fifo, 0o644) == 0)
        Self.expectRefused(files, "splits/pipe.csv", "is a FIFO (named pipe), not a regular file")
        // The policy and manifest (read by URL, allowed outside the repository) get the same rule.
        let error = Self.refusal { try files.read(url: URL(fileURLWithPath: fifo), displayPath: fifo, what: "policy") }
        #expect(error?.message == "policy is a FIFO (named pipe), not a regular file")
    }

    @Test func devicesAreRefusedNotMisreportedAsPermissionDenied() throws {
        let (repo, files) = try Self.setUp()
        defer { withExtendedLifetime(repo) {} }
        for device in ["/dev/zero", "/dev/urandom", "/dev/null"] {
            let error = Self.refusal {
                try files.read(url: URL(fileURLWithPath: device), displayPath: device, what: "manifest")
            }
            #expect(error?.message == "manifest is a character device, not a regular file", "\(device)")
            #expect(error?.message.contains("permission") == false)
        }
        let loose = InputFiles(baseDirectory: URL(fileURLWithPath: "/"), rootDirectory: nil, confined: false)
        let error = Self.refusal { try loose.digest("/dev/zero", what: "predictions file") }
        #expect(error?.message == "predictions file is a character device, not a regular file")
    }

    @Test func directoryIsRefused() throws {
        let (repo, files) = try Self.setUp()
        Self.expectRefused(files, "splits", "is a directory, not a regular file")
        withExtendedLifetime(repo) {}
    }

    @Test func missingFileAndDanglingSymlinkAreNamed() throws {
        let (repo, files) = try Self.setUp()
        Self.expectRefused(files, "splits/none.csv", "not found (looked at models/m1/splits/none.csv)")
        try FileManager.default.createSymbolicLink(
            atPath: repo.url("models/m1/splits/dangling.csv").path, withDestinationPath: "gone.csv")
        Self.expectRefused(files, "splits/dangling.csv", "is a symlink to a file that does not exist")
    }

    @Test func oversizedFileIsRefusedBeforeReading() throws {
        let (repo, files) = try Self.setUp(maxReadBytes: 8)
        try repo.write("models/m1/splits/big.csv", String(repeating: "x", count: 16))
        let error = Self.refusal { try files.read("splits/big.csv", what: "split file", key: "splits.train") }
        #expect(error?.message == "split file is 16 bytes, more than the 8 bytes the gate reads")
        #expect(error?.key == "splits.train")
        #expect(files.recorded.isEmpty)
    }

    @Test func manifestOutsideTheRepositoryCannotNameInputs() throws {
        let (repo, _) = try Self.setUp()
        let files = InputFiles(baseDirectory: repo.root, rootDirectory: repo.url(""))
        try Data("x\n".utf8).write(to: repo.root.appendingPathComponent("beside.csv"))
        Self.expectRefused(files, "beside.csv", "leads outside the repository (the manifest lies outside it)")
    }

    @Test func statesAgainstThePinnedCommit() throws {
        let (repo, files) = try Self.setUp()
        try repo.commit("feat(data): more", files: ["models/m1/splits/test.csv": "patient_id\nP2\n"])
        try repo.write("models/m1/splits/test.csv", "patient_id\nP3\n")  // same size, other bytes
        try repo.write("models/m1/splits/validation.csv", "patient_id\nP4\n")
        let repository = try Repository.discover(from: repo.path)
        files.pin(repository: repository, commit: try repository.resolve("HEAD"))
        _ = try files.read("splits/train.csv", what: "split file")
        _ = try files.mapped("splits/test.csv", what: "split file")
        _ = try files.digest("splits/validation.csv", what: "split file")
        #expect(files.recorded["models/m1/splits/train.csv"]?.state == .committed)
        #expect(files.recorded["models/m1/splits/test.csv"]?.state == .modified)
        #expect(files.recorded["models/m1/splits/validation.csv"]?.state == .untracked)
        // Pinned to the first commit, test.csv did not exist yet.
        let older = InputFiles(baseDirectory: repo.url("models/m1"), rootDirectory: repo.url(""))
        older.pin(repository: repository, commit: try repository.resolve("HEAD~1"))
        #expect(try older.digest("splits/test.csv", what: "split file").state == .untracked)
        #expect(try older.digest("splits/train.csv", what: "split file").state == .committed)
        // Unpinned: no state at all (audit.json then carries none).
        let loose = InputFiles(baseDirectory: repo.url("models/m1"), rootDirectory: repo.url(""))
        #expect(try loose.digest("splits/train.csv", what: "split file").state == nil)
    }
}
