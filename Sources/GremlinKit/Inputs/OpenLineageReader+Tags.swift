// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation

extension OpenLineageReader {
    /// Tag keys Gremlin reads from the `tags` facet.
    static let tagKeys = [
        "stage", "pii", "pii_certified_by", "pii_certified_on", "license", "patients", "date_range",
        "data_product", "artifact", "description",
    ]

    /// Gremlin's own tag source: its tags must use a key Gremlin reads and a value it can read.
    static let gremlinSource = "gremlin"

    /// Tag keys that may name a column (`field`).
    static let columnKeys: Set<String> = ["pii"]

    /// One tag Gremlin counts.
    struct Tag {
        var key: String
        var value: String
        /// The column the tag applies to.
        var field: String?
        /// The source as written (for notes).
        var source: String
        /// A trusted other tool's tag: a value Gremlin cannot read is ignored with a note.
        var lenient: Bool
    }

    /// Which tag sources count, and what was ignored (for the report's notes; keys and node
    /// names only, never a tag's value).
    struct TagReading {
        /// Lower-cased trusted sources; `gremlin` always.
        let trusted: Set<String>
        private var groups: [String: [String]] = [:]
        private var order: [String] = []

        init(trusted: [String]) {
            var sources = Set(trusted.map { $0.trimmingCharacters(in: .whitespaces).lowercased() })
            sources.insert(OpenLineageReader.gremlinSource)
            self.trusted = sources
        }

        func trusts(_ source: String) -> Bool {
            trusted.contains(source.trimmingCharacters(in: .whitespaces).lowercased())
        }

        private mutating func note(_ group: String, _ item: String) {
            if groups[group] == nil { order.append(group) }
            if !(groups[group]?.contains(item) ?? false) { groups[group, default: []].append(item) }
        }

        /// A tag with a key Gremlin reads, from a source the policy does not trust (or none).
        mutating func untrusted(source: String?, key: String, node: String) {
            let from = source.map { "source `\(InputExcerpt.short($0))`" } ?? "no `source`"
            note(
                "ignored tags with \(from) (Gremlin counts `gremlin` and the lineage policy's `tag_sources`)",
                "`\(key)` on \(InputExcerpt.short(node, limit: 80))")
        }

        /// A trusted other tool's tag whose value Gremlin cannot read.
        mutating func unreadable(_ key: String, source: String, node: String) {
            note(
                "ignored tags from `\(InputExcerpt.short(source))` whose value Gremlin cannot read",
                "`\(key)` on \(InputExcerpt.short(node, limit: 80))")
        }

        /// A trusted other tool's tag on a column or a job, where its key does not apply.
        mutating func misplaced(_ tag: Tag, node: String) {
            let place = tag.field.map { "column \(InputExcerpt.short($0)) of " } ?? ""
            note(
                "ignored tags from `\(InputExcerpt.short(tag.source))` where their key does not apply "
                    + "(a column takes `pii`, a job `stage`)",
                "`\(tag.key)` on \(place)\(InputExcerpt.short(node, limit: 80))")
        }

        /// A descriptive facet (documentation, ownership, dataSource, schema) of the wrong shape.
        mutating func malformed(_ facet: String, node: String) {
            note(
                "ignored descriptive facets of an unexpected shape",
                "`\(facet)` on \(InputExcerpt.short(node, limit: 80))")
        }

        /// One remark per group, listing at most eight tags.
        var remarks: [String] {
            order.map { group in
                let items = groups[group] ?? []
                let listed = items.prefix(8).joined(separator: ", ") + (items.count > 8 ? ", …" : "")
                return "\(group): \(listed)"
            }
        }
    }

    /// The `tags` facet's tags that count, in order. A tag counts when its `source` is `gremlin`
    /// or one the policy trusts. Gremlin's own tags must be well formed (a typo is an input
    /// error); a trusted other tool's tag Gremlin cannot read, or any tag from an untrusted
    /// source, is left out with a note; keys Gremlin does not read are other tools' business.
    static func tags(
        _ facets: [String: Any]?, path: String, node: String, reading: inout TagReading
    ) throws -> [Tag] {
        guard let facet = try optionalObject(facets?["tags"], key: path) else { return [] }
        guard let list = facet["tags"] as? [Any] else {
            throw Problem(key: "\(path).tags", message: "expected a list of {key, value} tags")
        }
        var result: [Tag] = []
        for (position, raw) in list.enumerated() {
            let place = "\(path).tags[\(position)]"
            guard let tag = raw as? [String: Any] else {
                throw Problem(key: place, message: "a tag needs a string `key`")
            }
            let source = tag["source"] as? String
            let field = tag["field"]
            guard let source, source.trimmingCharacters(in: .whitespaces).lowercased() == gremlinSource else {
                guard let key = tag["key"] as? String, tagKeys.contains(key) else { continue }
                guard let source, reading.trusts(source) else {
                    reading.untrusted(source: source, key: key, node: node)
                    continue
                }
                guard let value = tag["value"] as? String, field == nil || field is String else {
                    reading.unreadable(key, source: source, node: node)
                    continue
                }
                let counted = Tag(key: key, value: value, field: field as? String, source: source, lenient: true)
                if counted.field != nil, !columnKeys.contains(key) {
                    reading.misplaced(counted, node: node)
                    continue
                }
                result.append(counted)
                continue
            }
            guard let key = tag["key"] as? String else {
                throw Problem(key: place, message: "a tag needs a string `key`")
            }
            guard tagKeys.contains(key) else {
                let hint =
                    Suggest.nearest(key, in: tagKeys).map { "did you mean \($0)?" }
                    ?? "Gremlin reads: \(tagKeys.joined(separator: ", "))"
                throw Problem(
                    key: "\(place).key", message: "unknown Gremlin tag `\(InputExcerpt.short(key))`", fix: hint)
            }
            guard let value = tag["value"] as? String else {
                throw Problem(
                    key: "\(place).value", message: "tag `\(key)` needs a string value",
                    fix: "write numbers as strings too (\"value\": \"1365\")")
            }
            if let field {
                guard let column = field as? String, !column.isEmpty else {
                    throw Problem(key: "\(place).field", message: "expected a column name")
                }
                guard columnKeys.contains(key) else {
                    throw Problem(
                        key: "\(place).field", message: "Gremlin tag `\(key)` does not apply to a column",
                        fix: "only `pii` may name a `field`; put `\(key)` on the dataset (no `field`)")
                }
            }
            result.append(Tag(key: key, value: value, field: field as? String, source: source, lenient: false))
        }
        return result
    }

    /// Records one counted tag on a dataset, validating the values Gremlin judges.
    static func apply(_ tag: Tag, to dataset: inout Dataset, line: Int, path: String, reading: inout TagReading) throws
    {
        let node = dataset.key.name
        switch tag.key {
        case "pii":
            guard PIIRecord.statuses.contains(tag.value) else {
                if tag.lenient { return reading.unreadable(tag.key, source: tag.source, node: node) }
                let hint = Suggest.nearest(tag.value, in: PIIRecord.statuses).map { "did you mean \($0)?" }
                throw Problem(
                    key: "\(path).facets.tags.pii",
                    message:
                        "'\(InputExcerpt.short(tag.value))' is not one of \(PIIRecord.statuses.joined(separator: ", "))",
                    fix: hint)
            }
            if let column = tag.field {
                dataset.state(column: column, pii: tag.value, line: line)
                return
            }
        case "patients":
            guard let count = Int(tag.value), count >= 0 else {
                if tag.lenient { return reading.unreadable(tag.key, source: tag.source, node: node) }
                throw Problem(
                    key: "\(path).facets.tags.patients",
                    message: "'\(InputExcerpt.short(tag.value))' is not a patient count",
                    fix: "write a whole number such as \"1365\"")
            }
        case "data_product":
            if !dataset.dataProducts.contains(tag.value) { dataset.dataProducts.append(tag.value) }
            return
        default:
            break
        }
        dataset.state(tag.key, tag.value, line: line)
    }
}
