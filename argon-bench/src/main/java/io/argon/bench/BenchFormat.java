package io.argon.bench;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Number formatting shared by the report and the progress line; never locale-dependent. */
final class BenchFormat {
    private BenchFormat() {
    }

    /** {@code value} rounded to at most {@code digits} decimals, without trailing zeros: 0.05, 12, 1.25. */
    static String decimal(double value, int digits) {
        if (!Double.isFinite(value)) {
            return Double.toString(value);
        }
        BigDecimal rounded = BigDecimal.valueOf(value).setScale(digits, RoundingMode.HALF_EVEN).stripTrailingZeros();
        return rounded.signum() == 0 ? "0" : rounded.toPlainString();
    }

    /** {@code value} rounded to {@code digits} decimals, as a double for JSON. */
    static double round(double value, int digits) {
        return Double.isFinite(value)
                ? BigDecimal.valueOf(value).setScale(digits, RoundingMode.HALF_EVEN).doubleValue()
                : value;
    }
}
