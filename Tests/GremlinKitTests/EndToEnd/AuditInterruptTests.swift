// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import Testing

@testable import GremlinKit

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A running audit that is signalled, times out, or meets another audit on the same --out: the
/// real binary, stalled by the debug-only `GREMLIN_TEST_HANG_SECONDS` hook (see Audit.swift).
@Suite struct AuditInterruptTests {
    static let hang = ["GREMLIN_TEST_HANG_SECONDS": "600", "SOURCE_DATE_EPOCH": "1700000000"]
    /// How long a stalled audit may take to reach its stall: seconds on a quiet machine, but a
    /// loaded 2-core CI runner has been seen to need more than 30. A signal sent earlier would
    /// meet a process that has not installed its handlers yet.
    static let startLimit: TimeInterval = 240

    /// A repository whose audit passes, with a previous run's READY reports already in `out/`.
    static func auditedRepository() throws -> GitFixture {
        let repo = try AuditCommandTests.repository()
        let first = try Binary.run(["audit", "--policy", "policy.yaml", "--out", "out"], in: repo.url(""))
        #expect(first.status == 0, "\(first.stderr)")
        for name in OutputDirectory.reportFileNames {
            #expect(FileManager.default.fileExists(atPath: repo.url("out/\(name)").path), "\(name)")
        }
        return repo
    }

    static func report(_ repo: GitFixture) throws -> AuditReport {
        try JSONDecoder().decode(AuditReport.self, from: Data(contentsOf: repo.url("out/audit.json")))
    }

    /// junit.xml of an audit stopped with `reason`: one error, the reason, no passing suite only.
    static func expectErrorJUnit(_ repo: GitFixture, reason: String) throws {
        let junit = try String(contentsOf: repo.url("out/junit.xml"), encoding: .utf8)
        #expect(junit.contains("errors=\"1\""), "\(junit)")
        #expect(junit.contains(reason), "\(junit)")
    }

    /// Nothing but the reports and the lock: no temporary file left behind.
    static func expectOnlyReports(_ repo: GitFixture) throws {
        let names = Set(try FileManager.default.contentsOfDirectory(atPath: repo.url("out").path))
        #expect(names == Set(OutputDirectory.reportFileNames + [OutputDirectory.lockFileName]), "\(names)")
    }

    @Test(
        "SIGTERM or SIGINT during the audit: exit 2, error reports, no stale READY report survives",
        arguments: [(SIGTERM, "SIGTERM"), (SIGINT, "SIGINT")])
    func signalled(signal: Int32, name: String) async throws {
        let repo = try Self.auditedRepository()
        #expect(try Self.report(repo).verdict == .ready)
        let running = try Binary.start(
            ["audit", "--policy", "policy.yaml", "--out", "out"], in: repo.url(""), environment: Self.hang)
        // The audit clears the reports it owns before it runs the checks.
        #expect(
            await Binary.eventually(limit: Self.startLimit) {
                !FileManager.default.fileExists(atPath: repo.url("out/audit.json").path)
            })
        #expect(!FileManager.default.fileExists(atPath: repo.url("out/junit.xml").path))
        running.send(signal)
        let run = await running.wait()
        #expect(run.status == 2, "\(run.stderr)")
        #expect(run.stderr.contains("error: interrupted by \(name)"))
        let report = try Self.report(repo)
        #expect(report.verdict == .error)
        #expect(report.reason == "interrupted by \(name)")
        #expect(report.generatedAt == "2023-11-14T22:13:20Z")
        try Self.expectErrorJUnit(repo, reason: "interrupted by \(name)")
        let markdown = try String(contentsOf: repo.url("out/audit.md"), encoding: .utf8)
        #expect(markdown.contains("interrupted by \(name)"))
        #expect(!markdown.contains("READY"))
        try Self.expectOnlyReports(repo)
    }

    @Test("--timeout: a stalled audit stops, writes its error reports and exits 2")
    func watchdog() async throws {
        let repo = try Self.auditedRepository()
        let running = try Binary.start(
            ["audit", "--policy", "policy.yaml", "--out", "out", "--timeout", "1"], in: repo.url(""),
            environment: Self.hang)
        let run = await running.wait()
        #expect(run.status == 2, "\(run.stderr)")
        #expect((running.duration ?? .infinity) < 30, "the audit should stop about 1 s after it started")
        #expect(run.stderr.contains("error: timed out after 1 s"))
        let report = try Self.report(repo)
        #expect(report.verdict == .error)
        #expect(report.reason?.hasPrefix("timed out after 1 s; raise --timeout") == true)
        try Self.expectErrorJUnit(repo, reason: "timed out after 1 s")
        try Self.expectOnlyReports(repo)
    }

    @Test("--timeout 0 disables the watchdog; a negative one is a usage error")
    func timeoutValues() throws {
        let repo = try AuditCommandTests.repository()
        let unlimited = try Binary.run(
            ["audit", "--policy", "policy.yaml", "--out", "out", "--timeout", "0"], in: repo.url(""),
            environment: ["GREMLIN_TEST_HANG_SECONDS": "1.5"])
        #expect(unlimited.status == 0, "\(unlimited.stderr)")
        #expect(try Self.report(repo).verdict == .ready)
        let negative = try Binary.run(
            ["audit", "--policy", "policy.yaml", "--out", "out", "--timeout=-5"], in: repo.url(""))
        #expect(negative.status == 2)
        #expect(negative.stderr.contains("--timeout must be 0 (no limit) or a number of seconds"))
    }

    @Test("a second audit on the same --out is refused while the first holds the lock, and writes nothing")
    func concurrentAuditsOnOneOut() async throws {
        let repo = try Self.auditedRepository()
        let first = try Binary.start(
            ["audit", "--policy", "policy.yaml", "--out", "out"], in: repo.url(""), environment: Self.hang)
        #expect(
            await Binary.eventually(limit: Self.startLimit) {
                !FileManager.default.fileExists(atPath: repo.url("out/audit.json").path)
            })
        let second = try Binary.run(["audit", "--policy", "policy.yaml", "--out", "out"], in: repo.url(""))
        #expect(second.status == 2)
        #expect(second.stderr.contains("another gremlin audit is writing out; wait or use another --out"))
        // The refused audit neither cleared nor wrote anything: the directory is still empty.
        #expect(!FileManager.default.fileExists(atPath: repo.url("out/audit.json").path))
        // Another --out is not blocked.
        let elsewhere = try Binary.run(["audit", "--policy", "policy.yaml", "--out", "out2"], in: repo.url(""))
        #expect(elsewhere.status == 0, "\(elsewhere.stderr)")

        first.send(SIGTERM)
        let run = await first.wait()
        #expect(run.status == 2, "\(run.stderr)")
        #expect(try Self.report(repo).reason == "interrupted by SIGTERM")
        // The lock dies with its process: the next audit on out runs.
        let third = try Binary.run(["audit", "--policy", "policy.yaml", "--out", "out"], in: repo.url(""))
        #expect(third.status == 0, "\(third.stderr)")
        #expect(try Self.report(repo).verdict == .ready)
        try Self.expectOnlyReports(repo)
    }

    @Test("only the report files gremlin owns are cleared from a reused --out")
    func clearsOnlyOwnedFiles() throws {
        let repo = try Self.auditedRepository()
        try repo.write("out/release.json", "{}\n")
        try repo.write("out/notes.txt", "mine\n")
        let run = try Binary.run(
            ["audit", "--policy", "policy.yaml", "--out", "out", "--only", "nonexistent-check"], in: repo.url(""))
        #expect(run.status == 2)
        #expect(try Self.report(repo).verdict == .error)
        #expect(try String(contentsOf: repo.url("out/release.json"), encoding: .utf8) == "{}\n")
        #expect(try String(contentsOf: repo.url("out/notes.txt"), encoding: .utf8) == "mine\n")
    }
}
