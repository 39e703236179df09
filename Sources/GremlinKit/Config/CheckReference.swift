// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

/// The policy reference in Markdown, generated from the descriptors (the README embeds it).
public enum CheckReference {
    public static func markdown() -> String {
        var text = "| id | title | why | reads |\n| --- | --- | --- | --- |\n"
        for descriptor in CheckRegistry.descriptors {
            text += "| `\(descriptor.id)` | \(descriptor.title) | \(descriptor.rationale) | \(descriptor.reads) |\n"
        }
        for descriptor in CheckRegistry.descriptors {
            text +=
                "\n### `\(descriptor.id)` — \(descriptor.title)\n\n| key | type | default | meaning |\n| --- | --- | --- | --- |\n"
            for field in CheckDescriptor.commonKeys + descriptor.keys {
                let value = field.defaultValue.map(render) ?? "—"
                text +=
                    "| `\(field.name)` | \(field.shape.noun) | \(value) | \(field.doc.replacingOccurrences(of: "|", with: "\\|")) |\n"
            }
        }
        return text
    }

    static func render(_ value: ConfigValue) -> String {
        switch value {
        case .string(let text): return "`\(text)`"
        case .int(let number): return "`\(number)`"
        case .double(let number): return "`\(number)`"
        case .bool(let flag): return "`\(flag)`"
        case .list(let items):
            return items.isEmpty ? "`[]`" : "`[" + items.map { inner($0) }.joined(separator: ", ") + "]`"
        case .map(let entries): return entries.isEmpty ? "`{}`" : "`{…}`"
        case .null: return "—"
        }
    }

    static func inner(_ value: ConfigValue) -> String {
        switch value {
        case .string(let text): return text
        default: return render(value).replacingOccurrences(of: "`", with: "")
        }
    }
}
