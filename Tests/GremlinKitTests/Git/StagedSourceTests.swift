// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import Testing

@testable import GremlinKit

@Suite("Staged blob source")
struct StagedSourceTests {
    /// main: a.py (with header) and b.py (without); then staged: a.py edited to drop its header
    /// (work tree restored), new c.py, b.py untouched; the work tree has an unstaged d.py.
    static func fixture() throws -> GitFixture {
        let repo = try GitFixture()
        try repo.commit(
            "feat: start",
            files: [
                "a.py": "# SPDX-License-Identifier: Apache-2.0\nprint(1)\n",
                "b.py": "print(2)\n",
            ])
        try repo.write("a.py", "print('staged without header')\n")
        try repo.write("c.py", "# SPDX-License-Identifier: Apache-2.0\nprint(3)\n")
        try repo.git(["add", "a.py", "c.py"])
        // The work tree goes back to a compliant a.py: only the index is wrong.
        try repo.write("a.py", "# SPDX-License-Identifier: Apache-2.0\nprint(1)\n")
        try repo.write("d.py", "print('untracked')\n")
        return repo
    }

    @Test("changed-only: files added or modified in the index relative to HEAD, with the staged blob")
    func changedOnly() throws {
        let repo = try Self.fixture()
        let repository = try Repository.open(at: repo.path)
        let entries = try BlobSource.staged(changedOnly: true).entries(in: repository)
        #expect(entries.map(\.path) == ["a.py", "c.py"])
        let staged = try repository.readBlob(entries[0].oid)
        #expect(String(decoding: staged, as: UTF8.self) == "print('staged without header')\n")
        #expect(entries[0].size == staged.count)
        #expect(try repo.git(["rev-parse", ":a.py"]) == entries[0].oid.hex)
    }

    @Test("all staged: the whole index, as the next commit's tree")
    func all() throws {
        let repo = try Self.fixture()
        let repository = try Repository.open(at: repo.path)
        let entries = try BlobSource.staged(changedOnly: false).entries(in: repository)
        #expect(entries.map(\.path) == ["a.py", "b.py", "c.py"])
        let lsFiles = try repo.git(["ls-files", "-s"]).split(separator: "\n").map { line in
            line.split(separator: " ")[1]
        }
        #expect(entries.map(\.oid.hex) == lsFiles.map(String.init))
    }

    @Test("a mode-only change counts as changed")
    func modeChange() throws {
        let repo = try GitFixture()
        try repo.commit("feat: start", files: ["run.sh": "#!/bin/sh\necho hi\n"])
        try repo.git(["update-index", "--chmod=+x", "run.sh"])
        let repository = try Repository.open(at: repo.path)
        let entries = try BlobSource.staged(changedOnly: true).entries(in: repository)
        #expect(entries.map(\.path) == ["run.sh"])
        #expect(entries.first?.kind == .executable)
    }

    @Test("in a repository without commits every staged file is new")
    func unborn() throws {
        let repo = try GitFixture()
        try repo.write("x.py", "print(1)\n")
        try repo.git(["add", "x.py"])
        let repository = try Repository.open(at: repo.path)
        #expect(try BlobSource.staged(changedOnly: true).entries(in: repository).map(\.path) == ["x.py"])
    }

    @Test("the header audit reads the index, not the work tree")
    func headerAudit() throws {
        let repo = try Self.fixture()
        let repository = try Repository.open(at: repo.path)
        let config = CheckConfig(
            fields: IPCheck.descriptor.keys,
            overrides: .map([
                ConfigEntry(key: "spdx", value: .list([.string("Apache-2.0")])),
                ConfigEntry(key: "within_lines", value: .int(5)),
            ]),
            file: "test-policy.yaml")
        let rule = try IPCheck.rule(config)
        let audit = try HeaderAudit.run(
            repository: repository, source: .staged(changedOnly: true),
            include: [Glob("**/*.py")], exclude: [], rule: rule)
        #expect(audit.inspected == 2)
        #expect(audit.failing.map(\.path) == ["a.py"])
        let all = try HeaderAudit.run(
            repository: repository, source: .staged(changedOnly: false),
            include: [Glob("**/*.py")], exclude: [], rule: rule)
        #expect(all.failing.map(\.path) == ["a.py", "b.py"])
        let narrowed = try HeaderAudit.run(
            repository: repository, source: .staged(changedOnly: false), paths: ["b.py"],
            include: [Glob("**/*.py")], exclude: [], rule: rule)
        #expect(narrowed.failing.map(\.path) == ["b.py"])
    }

    @Test("unresolved merge conflicts are an error naming the files")
    func conflicts() throws {
        let repo = try GitFixture()
        try repo.commit("feat: base", files: ["x.txt": "base\n"])
        try repo.git(["checkout", "-q", "-b", "other"])
        try repo.commit("feat: other", files: ["x.txt": "other\n"])
        try repo.git(["checkout", "-q", "main"])
        try repo.commit("feat: mine", files: ["x.txt": "mine\n"])
        #expect(throws: GitFixtureError.self) { try repo.git(["merge", "-q", "other"]) }
        let repository = try Repository.open(at: repo.path)
        let error = try #require(throws: InputError.self) { try repository.stagedEntries() }
        #expect(error.message == "the index has unresolved merge conflicts in x.txt")
    }
}
