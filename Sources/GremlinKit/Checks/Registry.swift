// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

/// Every built-in check, sorted by id. Adding a check is one new file plus one line here.
public enum CheckRegistry {
    public static let all: [any Check.Type] = [
        ApprovalsCheck.self,
        BiasCheck.self,
        CommitsCheck.self,
        InputsCheck.self,
        IPCheck.self,
        LeakageCheck.self,
        LineageCheck.self,
        ModelCardCheck.self,
        PerformanceCheck.self,
        PIICheck.self,
        SecurityCheck.self,
    ]

    /// Descriptors in registry order.
    public static var descriptors: [CheckDescriptor] { all.map { $0.descriptor } }

    /// All check ids, sorted.
    public static var ids: [String] { descriptors.map(\.id) }

    /// The check type with this id.
    public static func check(_ id: String) -> (any Check.Type)? {
        all.first { $0.descriptor.id == id }
    }

    /// The order checks run in: sorted by id, except that a check runs after those it reads.
    public static func runOrder(_ ids: [String]) -> [String] {
        var ordered: [String] = []
        var visiting = Set<String>()
        func visit(_ id: String) {
            guard !ordered.contains(id), !visiting.contains(id) else { return }
            visiting.insert(id)
            for dependency in check(id)?.descriptor.after ?? [] where ids.contains(dependency) {
                visit(dependency)
            }
            ordered.append(id)
        }
        for id in ids.sorted() { visit(id) }
        return ordered
    }
}
