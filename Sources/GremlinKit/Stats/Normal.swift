// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

import Foundation

/// The standard normal distribution: the pieces Wald intervals and p-values need.
public enum Normal {
    /// P(Z ≤ x).
    public static func cdf(_ x: Double) -> Double {
        0.5 * erfc(-x / 2.0.squareRoot())
    }

    /// Two-sided p-value of a z statistic, `P(|Z| ≥ |z|)`, accurate far into the tail.
    public static func twoSidedPValue(_ z: Double) -> Double {
        erfc(abs(z) / 2.0.squareRoot())
    }

    /// The quantile function Φ⁻¹(p) for p in (0, 1).
    ///
    /// Acklam's rational approximation (relative error < 1.2e-9) polished by two Halley steps
    /// on `erfc`, which brings it to within a few ulps of scipy's `norm.ppf`.
    public static func quantile(_ p: Double) -> Double {
        guard p > 0 else { return -.infinity }
        guard p < 1 else { return .infinity }
        let a = [
            -3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
            1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00,
        ]
        let b = [
            -5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
            6.680131188771972e+01, -1.328068155288572e+01,
        ]
        let c = [
            -7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
            -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00,
        ]
        let d = [
            7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
            3.754408661907416e+00,
        ]
        let low = 0.02425
        var x: Double
        if p < low {
            let q = (-2 * log(p)).squareRoot()
            x =
                (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
        } else if p <= 1 - low {
            let q = p - 0.5
            let r = q * q
            x =
                (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
                / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
        } else {
            let q = (-2 * log1p(-p)).squareRoot()
            x =
                -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
        }
        // Work in the lower tail, where erfc keeps full relative precision.
        let upper = p > 0.5
        let target = upper ? 1 - p : p
        if upper { x = -x }
        for _ in 0..<2 {
            let e = 0.5 * erfc(-x / 2.0.squareRoot()) - target
            let u = e * (2 * Double.pi).squareRoot() * exp(x * x / 2)
            x -= u / (1 + x * u / 2)
        }
        return upper ? -x : x
    }
}

/// Sample quantiles with numpy's default (`method="linear"`, Hyndman–Fan type 7) definition.
public enum Percentile {
    /// The `fraction` quantile (clamped to [0, 1]) of an ascending-sorted array: the value at
    /// virtual index `(n − 1)·fraction`, linearly interpolated exactly as numpy's `_lerp` does.
    /// `nil` for an empty array.
    public static func linear(sorted values: [Double], fraction: Double) -> Double? {
        guard !values.isEmpty else { return nil }
        let n = values.count
        let virtual = Double(n - 1) * min(max(fraction, 0), 1)
        let below = min(Int(virtual.rounded(.down)), n - 1)
        let above = min(below + 1, n - 1)
        let gamma = virtual - Double(below)
        let a = values[below]
        let b = values[above]
        let diff = b - a
        return gamma >= 0.5 ? b - diff * (1 - gamma) : a + diff * gamma
    }
}
