package io.argon.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DelayPlanTest {
    @Test
    void withoutVarianceEveryTaskGetsTheDelay() {
        DelayPlan plan = DelayPlan.of(0.05, 0);
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < 100; i++) {
            assertThat(plan.draw(random)).isEqualTo(0.05);
        }
        assertThat(plan.clamped()).isFalse();
    }

    @Test
    void delaysAreUniformWithinDelayPlusOrMinusVariance() {
        DelayPlan plan = DelayPlan.of(0.05, 0.02);
        SplittableRandom random = new SplittableRandom(42);
        double sum = 0;
        double min = Double.MAX_VALUE;
        double max = 0;
        int n = 200_000;
        for (int i = 0; i < n; i++) {
            double delay = plan.draw(random);
            sum += delay;
            min = Math.min(min, delay);
            max = Math.max(max, delay);
        }
        assertThat(min).isGreaterThanOrEqualTo(0.03).isLessThan(0.0301);
        assertThat(max).isLessThanOrEqualTo(0.07).isGreaterThan(0.0699);
        assertThat(sum / n).isCloseTo(0.05, within(0.0002));
        assertThat(plan.clamped()).isFalse();
    }

    @Test
    void aVarianceAboveTheDelayIsClampedToTheDelaySoNoDelayIsNegative() {
        DelayPlan plan = DelayPlan.of(0.01, 0.05);
        assertThat(plan.clamped()).isTrue();
        assertThat(plan.varianceSeconds()).isEqualTo(0.01);
        assertThat(plan.requestedVariance()).isEqualTo(0.05);
        assertThat(plan.clampNote()).contains("variance 0.05 s").contains("delay 0.01 s").contains("using variance 0.01 s");

        SplittableRandom random = new SplittableRandom(7);
        double sum = 0;
        int n = 200_000;
        for (int i = 0; i < n; i++) {
            double delay = plan.draw(random);
            assertThat(delay).isBetween(0.0, 0.02);
            sum += delay;
        }
        // Clamping (unlike cutting negative draws off at zero) keeps the mean at the delay.
        assertThat(sum / n).isCloseTo(0.01, within(0.0001));
    }

    @Test
    void aVarianceEqualToTheDelayIsNotClamped() {
        assertThat(DelayPlan.of(0.01, 0.01).clamped()).isFalse();
    }

    @Test
    void zeroDelayWithVarianceMeansEveryDelayIsZero() {
        DelayPlan plan = DelayPlan.of(0, 0.5);
        assertThat(plan.clamped()).isTrue();
        assertThat(plan.draw(new SplittableRandom(3))).isZero();
    }

    @Test
    void negativeOrNonNumericValuesAreRefused() {
        assertThatThrownBy(() -> DelayPlan.of(-0.1, 0)).hasMessageContaining("delay");
        assertThatThrownBy(() -> DelayPlan.of(0.1, -1)).hasMessageContaining("variance");
        assertThatThrownBy(() -> DelayPlan.of(Double.NaN, 0)).hasMessageContaining("delay");
        assertThatThrownBy(() -> DelayPlan.of(Double.POSITIVE_INFINITY, 0)).hasMessageContaining("delay");
        assertThatThrownBy(() -> new DelayPlan(0.1, 0.2, 0.2)).isInstanceOf(IllegalArgumentException.class);
    }
}
