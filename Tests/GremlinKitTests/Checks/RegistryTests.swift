// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation
import Testing
import Yams

@testable import GremlinKit

@Suite struct RegistryTests {
    @Test func idsAreUniqueAndSorted() {
        let ids = CheckRegistry.ids
        #expect(Set(ids).count == ids.count)
        #expect(ids == ids.sorted())
        let shipped: Set = [
            "approvals", "bias", "commits", "ip", "leakage", "lineage", "model_card", "performance", "pii", "security",
        ]
        #expect(shipped.isSubset(of: Set(ids)), "a shipped check is missing from the registry")
    }

    /// Every check has its own folder under Checks/ holding a `*Check.swift` file that declares
    /// a type the registry lists, and nothing else in Checks/ is a check.
    @Test func everyCheckFolderIsRegistered() throws {
        let folder = Fixtures.packageRoot.appendingPathComponent("Sources/GremlinKit/Checks")
        let manager = FileManager.default
        var found: Set<String> = []
        for entry in try manager.contentsOfDirectory(atPath: folder.path) {
            var isDirectory: ObjCBool = false
            let path = folder.appendingPathComponent(entry).path
            guard manager.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
                #expect(
                    !entry.hasSuffix("Check.swift") || entry == "Check.swift", "\(entry) belongs in a folder of its own"
                )
                continue
            }
            let checks = try manager.contentsOfDirectory(atPath: path).filter { $0.hasSuffix("Check.swift") }
            #expect(checks.count == 1, "Checks/\(entry) holds \(checks.count) *Check.swift files, not one")
            found.formUnion(checks.map { "\(entry)/\($0)" })
        }
        let registered = Set(
            CheckRegistry.all.map { type -> String in
                let name = String(describing: type)
                return "\(name.dropLast("Check".count))/\(name).swift"
            })
        #expect(found == registered)
    }

    @Test func dependenciesRunFirst() {
        let order = CheckRegistry.runOrder(CheckRegistry.ids)
        for id in order {
            for dependency in CheckRegistry.check(id)?.descriptor.after ?? [] {
                let before = order.firstIndex(of: dependency) ?? Int.max
                #expect(before < (order.firstIndex(of: id) ?? 0), "\(dependency) must run before \(id)")
            }
        }
    }

    /// Each descriptor's examples are valid policy sections for that check (one shared test).
    @Test func descriptorExamplesValidate() throws {
        for descriptor in CheckRegistry.descriptors {
            for example in descriptor.examples {
                let node = try #require(try Yams.compose(yaml: example))
                var validator = ShapeValidator(file: "\(descriptor.id) example")
                _ = validator.validate(node, against: descriptor.shape)
                #expect(validator.errors.isEmpty, "\(descriptor.id): \(validator.errors)")
            }
            #expect(!descriptor.title.isEmpty && !descriptor.rationale.isEmpty && !descriptor.reads.isEmpty)
        }
    }

    /// Every check's typed `Config` decodes from its descriptor's defaults alone and from each
    /// example: a key the decoder needs never lacks a default.
    @Test func configsDecodeFromDefaultsAndExamples() throws {
        func decode<C: Check>(_ type: C.Type, _ overrides: ConfigValue?) throws {
            _ = try C.Config(
                CheckConfig(
                    fields: CheckDescriptor.commonKeys + C.descriptor.keys, overrides: overrides,
                    file: "\(C.descriptor.id) example"))
        }
        for type in CheckRegistry.all {
            try decode(type, nil)
            for example in type.descriptor.examples {
                let node = try #require(try Yams.compose(yaml: example))
                var validator = ShapeValidator(file: "\(type.descriptor.id) example")
                let value = validator.validate(node, against: type.descriptor.shape)
                try decode(type, value)
            }
        }
    }

    /// A key the decoder needs but the section lacks is an error, never a silent default.
    @Test func missingDefaultIsAnError() {
        let section = CheckConfig(values: .map([]), file: "policy.yaml")
        #expect(throws: CheckError.self) { try IPCheck.Config(section) }
        #expect(throws: CheckError.self) { try LeakageCheck.Config(section) }
    }
}
