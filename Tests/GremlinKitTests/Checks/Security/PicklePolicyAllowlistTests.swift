// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import Testing

@testable import GremlinKit

@Suite("security.pickle_allow")
struct PicklePolicyAllowlistTests {
    /// A protocol-2 pickle that builds one object of `module.name` (GLOBAL, EMPTY_TUPLE, NEWOBJ, STOP).
    static func pickle(_ module: String, _ name: String) -> [UInt8] {
        [0x80, 0x02] + Array("c\(module)\n\(name)\n".utf8) + [0x29, 0x81, 0x2E]
    }

    static let coxph = pickle("lifelines.fitters.coxph_fitter", "CoxPHFitter")

    static func allowlist(_ entries: [String]) throws -> PicklePolicyAllowlist {
        try PicklePolicyAllowlist(entries, file: "policy.yaml", key: "checks.security.pickle_allow")
    }

    @Test("a lifelines model pickle is refused by default and accepted when the policy lists it")
    func lifelinesIsAllowedOnlyWhenListed() throws {
        var report = try #require(ModelArtifactScanner.scan(Self.coxph, path: "models/coxph.pkl"))
        #expect(!report.isSafe)
        #expect(report.findings.map(\.rule) == ["security.unsafe-pickle"])
        #expect(report.findings.first?.message.contains("lifelines.fitters.coxph_fitter.CoxPHFitter") == true)

        report.policyAllow = try Self.allowlist(["lifelines.fitters.coxph_fitter.CoxPHFitter"])
        #expect(report.isSafe)
        #expect(report.findings.isEmpty)

        report.policyAllow = try Self.allowlist(["lifelines.*"])
        #expect(report.isSafe)

        report.policyAllow = try Self.allowlist(["sklearn.*", "lifelines.fitters.coxph_fitter.WeibullFitter"])
        #expect(!report.isSafe)
        #expect(report.findings.map(\.rule) == ["security.unsafe-pickle"])
    }

    @Test("a module pattern covers the module and its submodules, nothing else")
    func patternScope() throws {
        let allow = try Self.allowlist(["sklearn.*"])
        func item(_ module: String, _ name: String, resolved: Bool = true) -> PickleImport {
            PickleImport(module: module, name: name, offset: 0, opcode: "GLOBAL", resolved: resolved)
        }
        #expect(allow.allows(item("sklearn", "Pipeline")))
        #expect(allow.allows(item("sklearn.linear_model._logistic", "LogisticRegression")))
        #expect(!allow.allows(item("sklearnx", "Model")))
        #expect(!allow.allows(item("sklearn.linear_model", "X", resolved: false)))
        #expect(!allow.allows(item("os", "system")))
    }

    static let refused: [(String, PicklePolicyAllowlist.Refusal)] = [
        ("os.system", .executesCode), ("os.*", .executesCode), ("os.path.join", .executesCode),
        ("posix.system", .executesCode), ("nt.system", .executesCode), ("subprocess.Popen", .executesCode),
        ("subprocess.*", .executesCode), ("builtins.eval", .executesCode), ("__builtin__.exec", .executesCode),
        ("builtins.getattr", .executesCode), ("builtins.__import__", .executesCode), ("sys.modules", .executesCode),
        ("importlib.import_module", .executesCode), ("runpy._run_code", .executesCode),
        ("socket.socket", .executesCode), ("shutil.rmtree", .executesCode), ("pty.spawn", .executesCode),
        ("numpy.testing._private.utils.runstring", .executesCode), ("torch.load", .executesCode),
        ("*", .tooBroad), ("builtins.*", .tooBroad), ("__builtin__.*", .tooBroad), ("torch.*", .tooBroad),
        ("sklearn", .malformed), ("", .malformed), ("a..b", .malformed), ("sk learn.X", .malformed),
        ("sklearn.**", .malformed),
    ]

    @Test("globals that execute code and patterns as broad as builtins.* are refused", arguments: refused)
    func refusals(entry: String, expected: PicklePolicyAllowlist.Refusal) {
        #expect(PicklePolicyAllowlist.refusal(entry) == expected, "\(entry)")
    }

    @Test("plain library globals and the value builtins are accepted")
    func acceptances() {
        for entry in [
            "lifelines.fitters.coxph_fitter.CoxPHFitter", "sklearn.*", "builtins.set", "xgboost.core.Booster",
            "pandas.core.frame.DataFrame",
        ] {
            #expect(PicklePolicyAllowlist.refusal(entry) == nil, "\(entry)")
        }
    }

    @Test("the policy loader names the key and index and says the entry can never be allowed")
    func loaderMessage() throws {
        let error = expectInputError(for: "pickle_allow") {
            _ = try Self.allowlist(["sklearn.*", "os.system"])
        }
        let text = try #require(error).description
        #expect(text.contains("checks.security.pickle_allow[1]"), "\(text)")
        #expect(text.contains("can never be allowed"), "\(text)")
        #expect(text.contains("policy.yaml"), "\(text)")
    }
}
