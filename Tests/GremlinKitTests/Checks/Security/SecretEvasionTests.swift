// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import Testing

@testable import GremlinKit

/// Ways a repository could switch the secret scan off from inside (issue 16, items 6–9): a
/// stray NUL byte, `.gitattributes`, Git LFS, secrets outside files, and base64.
@Suite struct SecretEvasionTests {
    let scanner = SecretRuleTests.scanner
    /// An AWS key pair, assembled at runtime (never a literal in the tree).
    static let accessKey = "AKIA" + FakeToken.base32(16, 9101)
    static let secretKey = FakeToken.b64(40, 9102)
    static let keyPair = "aws_access_key_id = \(accessKey)\naws_secret_access_key = \(secretKey)\n"
    static let password = FakeToken.alnum(24, 9103)

    static func base64(_ text: String) -> String { Data(text.utf8).base64EncodedString() }

    @Test func aStrayNULDoesNotMakeATextFileBinary() {
        let bytes = Array("[default]\n".utf8) + [0] + Array(("\n" + Self.keyPair).utf8)
        let result = scanner.scan(bytes, path: "credentials")
        #expect(!result.binary)
        #expect(result.matches.map(\.rule) == ["aws-access-token", "aws-secret-key"])
        #expect(result.matches.map(\.line) == [3, 4])
        #expect(result.matches.allSatisfy { $0.via == nil })
        #expect(TextProbe.isMostlyText(bytes))
        #expect(!TextProbe.isMostlyText((0..<256).map { UInt8($0) }))
        // Well-formed UTF-8 is text; a lone continuation byte is not.
        #expect(TextProbe.textBytes(Array("héllo".utf8)) == 6)
        #expect(TextProbe.textBytes([0x80, 0x41]) == 1)
    }

    @Test func base64ThatDecodesToTextIsScannedAtItsOwnLocation() throws {
        let text = "# fixtures\nblob: \"\(Self.base64(Self.keyPair))\"\n"
        let result = scanner.scan(Array(text.utf8), path: "values.yaml")
        #expect(result.matches.map(\.rule) == ["aws-access-token", "aws-secret-key"])
        #expect(result.matches.allSatisfy { $0.line == 2 && $0.column == 8 && $0.via == "base64-encoded" })
        // The same fingerprint as the plain key: one baseline entry covers both.
        let plain = scanner.scan(Array(Self.keyPair.utf8), path: "plain").matches.map(\.fingerprint)
        #expect(result.matches.map(\.fingerprint) == plain)
        let finding = try #require(result.matches.first).finding
        #expect(finding.message.contains("base64-encoded"))
        #expect(finding.location == Location(path: "values.yaml", line: 2, column: 8))

        // URL-safe alphabet, wrapped at 76 columns, and encoded twice: still found.
        let urlSafe = Self.base64(Self.keyPair + "# pad ?>?>?>\n").replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
        #expect(scanner.scan(Array(urlSafe.utf8), path: "u").matches.count == 2)
        var wrapped = Self.base64(String(repeating: "# filler line\n", count: 8) + Self.keyPair)
        var lines: [String] = []
        while !wrapped.isEmpty {
            lines.append(String(wrapped.prefix(76)))
            wrapped = String(wrapped.dropFirst(76))
        }
        #expect(scanner.scan(Array(lines.joined(separator: "\n").utf8), path: "w").matches.count == 2)
        let twice = Self.base64("inner: " + Self.base64(Self.keyPair) + "\n")
        #expect(scanner.scan(Array(twice.utf8), path: "t").matches.map(\.via) == ["base64-encoded", "base64-encoded"])
        // Depth is bounded: three layers are not unwrapped.
        let thrice = Self.base64("x: " + twice + "\n")
        #expect(scanner.scan(Array(thrice.utf8), path: "t3").matches.isEmpty)
        // Base64 of binary data (an embedded image, a hash) is not text and adds nothing.
        let binary = Data((0..<96).map { UInt8(($0 * 53 + 7) % 256) }).base64EncodedString()
        #expect(scanner.scan(Array("img: \(binary)\n".utf8), path: "b").matches.isEmpty)
        // An inline allow on the encoded line covers what it hides.
        let allowed = scanner.scan(Array("b: \(Self.base64(Self.keyPair))  # gremlin:allow\n".utf8), path: "a")
        #expect(allowed.matches.isEmpty && allowed.allowed.count == 2)
    }

    @Test func urlCredentialsAreFoundWithoutEchoingThePassword() throws {
        let url = "https://deploy:\(Self.password)@git.internal.corp/ml/weights.git"
        let gitmodules = "[submodule \"weights\"]\n\tpath = weights\n\turl = \(url)\n"
        let result = scanner.scan(Array(gitmodules.utf8), path: ".gitmodules")
        let match = try #require(result.matches.first)
        #expect(result.matches.count == 1)
        #expect(match.rule == "url-credentials")
        #expect(match.preview == "http…")
        #expect(match.line == 3)
        let encoded = String(decoding: try JSONEncoder().encode(match), as: UTF8.self)
        for text in [match.finding.message, encoded, match.label] {
            #expect(!text.contains(Self.password) && !text.contains(String(Self.password.prefix(4))))
        }
        for placeholder in ["${TOKEN}", "$TOKEN", "<password>", "***", "password", "{password}"] {
            let line = "url = https://deploy:\(placeholder)@git.internal.corp/x.git\n"
            #expect(scanner.scan(Array(line.utf8), path: "p").matches.isEmpty, "\(placeholder)")
        }
        #expect(scanner.scan(Array("https://git.internal.corp/x.git\n".utf8), path: "p").matches.isEmpty)
        // High confidence: found in a binary file's printable runs too.
        let blob = (0..<64).map { UInt8(($0 * 41 + 3) % 256) } + [0] + Array(url.utf8) + [0, 0xFF]
        #expect(scanner.scan(blob, path: "b.bin").matches.map(\.rule) == ["url-credentials"])
    }

    @Test func lfsPointerShape() {
        let pointer = "version https://git-lfs.github.com/spec/v1\noid sha256:\(FakeToken.hex(64, 1))\nsize 1234\n"
        #expect(LFSPointer.isPointer(Array(pointer.utf8)))
        #expect(!LFSPointer.isPointer(Array("version https://git-lfs.github.com/spec/v1\n".utf8)))
        #expect(!LFSPointer.isPointer(Array((pointer + String(repeating: "#", count: 1024)).utf8)))
        #expect(!LFSPointer.isPointer(Array("oid sha256:1\nsize 1\n".utf8)))
    }

    @Test func gitattributesDoNotHideAddedLines() throws {
        let repo = try GitFixture()
        try repo.commit("chore(repo): attributes", files: [".gitattributes": "*.cfg -diff\n*.dat binary\n"])
        try repo.commit("feat(cfg): keys", files: ["aws.cfg": Self.keyPair, "blob.dat": "x\n" + Self.keyPair])
        let repository = try Repository.open(at: repo.path)
        let lines = try repository.addedLines(in: try repository.resolve("HEAD"))
        #expect(Set(lines.map(\.path)) == ["aws.cfg", "blob.dat"])
        #expect(lines.filter { $0.path == "aws.cfg" }.map(\.line) == [1, 2])
        // A blob over the size limit is not diffed at all.
        #expect(try repository.addedLines(in: try repository.resolve("HEAD"), maxBlobBytes: 8).isEmpty)
    }

    @Test func aBinaryFileInHistoryIsScannedInItsPrintableRuns() throws {
        let repo = try GitFixture()
        let base = try repo.commit("chore(repo): start", files: ["README.md": "# r\n"])
        let noise = (0..<400).map { UInt8(($0 * 37 + 11) % 256) }
        try repo.write("model.bin", bytes: noise + [0] + Array(Self.accessKey.utf8) + [0] + noise)
        let added = try repo.commit("feat(model): weights")
        try repo.git(["rm", "-q", "model.bin"])
        let head = try repo.commit("fix(model): drop weights")
        let repository = try Repository.open(at: repo.path)
        let audit = try SecretsAudit.run(
            repository: repository, entries: try repository.treeEntries(at: try repository.resolve(head)),
            commits: try repository.commits(
                from: try repository.resolve(head), excluding: try repository.resolve(base)),
            maxBlobBytes: nil, scanner: scanner)
        let match = try #require(audit.history.first)
        #expect(audit.history.count == 1)
        #expect(match.commit.hex == added && match.match.rule == "aws-access-token")
        #expect(match.match.via == "in the printable text of a binary file (in lines the commit added)")
        #expect(match.finding.location == Location(path: "model.bin"))
    }

    @Test func annotatedTagsAndNotesOnCommitsInRangeAreScanned() throws {
        let repo = try GitFixture()
        let base = try repo.commit("chore(repo): start", files: ["README.md": "# r\n"])
        let head = try repo.commit("feat(app): code", files: ["app.py": "print('hi')\n"])
        let tagKey = "ghp_" + FakeToken.alnum(36, 9104)
        let noteKey =
            "xoxb-" + FakeToken.digits(12, 9105) + "-" + FakeToken.digits(12, 9106) + "-"
            + FakeToken.alnum(24, 9107)
        try repo.git(["tag", "-a", "v1.0", "-m", "release\n\ntoken \(tagKey)"])
        try repo.git(["tag", "-a", "old", base, "-m", "token " + "ghp_" + FakeToken.alnum(36, 9108)])
        try repo.git(["tag", "-a", "tree-tag", "HEAD^{tree}", "-m", "not a commit"])
        try repo.git(["notes", "add", "-m", "deployed with \(noteKey)", head])
        let repository = try Repository.open(at: repo.path)
        let commits = try repository.commits(
            from: try repository.resolve(head), excluding: try repository.resolve(base))
        let audit = try SecretsAudit.run(
            repository: repository, entries: try repository.treeEntries(at: try repository.resolve(head)),
            commits: commits, maxBlobBytes: nil, scanner: scanner)
        // The tag on the base commit is out of range; the tree tag leads to no commit.
        #expect(audit.tagsScanned == 1)
        #expect(audit.history.map(\.match.rule).sorted() == ["github-pat", "slack-bot-token"])
        let tag = try #require(audit.history.first { $0.tag != nil })
        #expect(tag.tag == "v1.0" && tag.finding.location == nil)
        #expect(tag.finding.message.contains("annotated tag 'v1.0'"))
        let note = try #require(audit.history.first { $0.inNote })
        #expect(note.finding.message.contains("git note (refs/notes/commits) on commit \(head.prefix(12))"))
        #expect(note.finding.location == nil)
        #expect(!tag.finding.message.contains(tagKey) && !note.finding.message.contains(noteKey))
        #expect(try repository.note(on: try repository.resolve(base)) == nil)
    }
}
