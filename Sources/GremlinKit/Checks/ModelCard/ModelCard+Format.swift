// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation

/// How the model card writes numbers, intervals and metric names.
extension ModelCard {
    /// A value read defensively: `{value: x}` or a bare number.
    static func number(_ entry: JSONValue) -> Double? {
        entry["value"]?.doubleValue ?? entry.doubleValue
    }

    static func bounds(_ ci: JSONValue?) -> (Double, Double)? {
        guard case .array(let items)? = ci, items.count == 2, let lo = items[0].doubleValue,
            let hi = items[1].doubleValue
        else { return nil }
        return (lo, hi)
    }

    /// `−0.031 [−0.060, −0.004]` from a `vs_production` entry, or `—`.
    static func signedInterval(_ entry: JSONValue?) -> String {
        guard let difference = entry?["difference"]?.doubleValue, let (lower, upper) = bounds(entry?["ci"]) else {
            return "—"
        }
        func signed(_ x: Double) -> String { (x >= 0 ? "+" : "") + fixed(x, 3) }
        return "\(signed(difference)) [\(signed(lower)), \(signed(upper))]"
    }

    static func interval(_ ci: JSONValue?) -> String? {
        bounds(ci).map { "[\(fixed($0.0, 3)), \(fixed($0.1, 3))]" }
    }

    /// Fixed decimals without locale or `printf`: the same digits on every machine.
    public static func fixed(_ value: Double, _ digits: Int) -> String {
        guard value.isFinite else { return value.isNaN ? "NaN" : (value > 0 ? "∞" : "−∞") }
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let scaled = (abs(value) * scale).rounded()
        guard scaled < 9e15 else { return String(value) }
        let whole = Int64(scaled)
        let divisor = Int64(scale)
        var text = String(whole / divisor)
        if digits > 0 {
            let fraction = String(whole % divisor)
            text += "." + String(repeating: "0", count: digits - fraction.count) + fraction
        }
        return (value < 0 && whole != 0 ? "-" : "") + text
    }

    static let metricOrder = ["c_index", "auroc", "hazard_ratio_per_sd", "hazard_ratio_high_vs_low", "hazard_ratio"]

    /// Known metrics first in a fixed order, then the rest alphabetically.
    static func orderedMetrics(_ keys: [String]) -> [String] {
        metricOrder.filter(keys.contains) + keys.filter { !metricOrder.contains($0) }.sorted()
    }

    static func label(_ key: String) -> String {
        switch key {
        case "c_index": return "C-index (Harrell)"
        case "auroc": return "AUROC"
        case "hazard_ratio_per_sd": return "Hazard ratio per SD of score"
        case "hazard_ratio_high_vs_low": return "Hazard ratio, high vs. low risk"
        case "hazard_ratio": return "Hazard ratio"
        default: return key
        }
    }

    // MARK: - Metrics files
}
