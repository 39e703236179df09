// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

/// Why a statistic could not be computed; callers add the file name before reporting.
///
/// Row numbers are 1-based positions in the arrays handed to the statistics module (for a CSV
/// read in order, the data row number), never patient identifiers.
public enum StatsError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Two arrays that describe the same patients have different lengths.
    case lengthMismatch(field: String, expected: Int, actual: Int)
    /// A value is NaN or infinite.
    case nonFinite(field: String, row: Int)
    /// No patients at all.
    case empty
    /// No patient had the event, so nothing can be ranked or fitted.
    case noEvents
    /// Every patient censored before any event could be compared, or all times tied with events.
    case noComparablePairs
    /// A covariate (or score) takes a single value, so its effect is not identifiable.
    case zeroVariance(field: String)
    /// The binary endpoint has no positives or no negatives at the horizon.
    case singleClass(positives: Int, negatives: Int)
    /// Newton–Raphson did not converge; usually a monotone likelihood (complete separation).
    case notConverged(iterations: Int, coefficient: Double)
    /// The observed information is zero or not finite at the current coefficient.
    case singularInformation(coefficient: Double)
    /// Every event has the highest (or every event the lowest) covariate among the patients
    /// still at risk, so the partial likelihood is monotone and the hazard ratio infinite.
    case monotoneLikelihood(field: String, increasing: Bool)
    /// An option is outside its valid range.
    case invalidOption(name: String, value: String, expected: String)
    /// Every bootstrap replicate was undefined (e.g. no comparable pair in any resample).
    case noUsableReplicates(requested: Int)

    public var description: String {
        switch self {
        case .lengthMismatch(let field, let expected, let actual):
            return "\(field) has \(actual) values but there are \(expected) patients; give one value per patient"
        case .nonFinite(let field, let row):
            return "\(field) at row \(row) is not a finite number; remove the row or fix the value"
        case .empty:
            return "no patients to evaluate; the predictions are empty"
        case .noEvents:
            return "no patient had the event; a survival metric needs at least one observed event"
        case .noComparablePairs:
            return
                "no comparable pair of patients (every event is tied with every later exit or all are censored); the C-index is undefined"
        case .zeroVariance(let field):
            return "\(field) takes a single value, so a hazard ratio cannot be estimated; check that the scores vary"
        case .singleClass(let positives, let negatives):
            return
                "AUROC needs both classes at the horizon but found \(positives) positive and \(negatives) negative patients; choose another horizon"
        case .notConverged(let iterations, let coefficient):
            return
                "Cox regression did not converge after \(iterations) iterations (coefficient \(coefficient)); the likelihood may be monotone (complete separation of events by the score)"
        case .singularInformation(let coefficient):
            return
                "Cox regression information is zero or not finite at coefficient \(coefficient); the covariate does not vary among the patients at risk at the event times"
        case .monotoneLikelihood(let field, let increasing):
            return
                "\(field) separates the events completely (every event has the \(increasing ? "highest" : "lowest") value among the patients still at risk), so the hazard ratio is infinite; a hazard ratio needs overlap between patients with and without events"
        case .invalidOption(let name, let value, let expected):
            return "\(name) = \(value) is invalid; expected \(expected)"
        case .noUsableReplicates(let requested):
            return
                "none of the \(requested) bootstrap replicates gave a defined value; the cohort is too small or has too few events"
        }
    }
}
