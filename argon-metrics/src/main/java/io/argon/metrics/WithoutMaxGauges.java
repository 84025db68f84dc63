package io.argon.metrics;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;
import java.util.HashSet;
import java.util.Set;

/**
 * The registry that Micrometer's Prometheus registry collects into, whose whole scrape (what
 * {@link MetricsEndpoint#scrape()} serves) leaves out the gauge Micrometer adds beside each
 * timer's and distribution summary's histogram or summary:
 * {@code NAME_max}, the largest value in a window that decays. It is no family of the
 * histogram's by Prometheus's naming (a histogram's series are {@code _bucket}, {@code _sum}
 * and {@code _count}), it resets on its own, and what it tells, the buckets tell better.
 * Micrometer offers no setting to leave it out, and a meter filter sees only whole meters, so
 * the scrape drops it: a gauge named {@code NAME_max} next to a histogram or summary
 * {@code NAME}, and nothing else.
 */
final class WithoutMaxGauges extends PrometheusRegistry {
    static final String MAX_SUFFIX = "_max";

    /** Every family but the {@code _max} gauges of histograms and summaries. */
    @Override
    public MetricSnapshots scrape() {
        return withoutMaxGauges(super.scrape());
    }

    /** {@code all} less each gauge {@code NAME_max} beside a histogram or summary {@code NAME}. */
    static MetricSnapshots withoutMaxGauges(MetricSnapshots all) {
        Set<String> distributions = new HashSet<>();
        for (MetricSnapshot family : all) {
            if (family instanceof HistogramSnapshot || family instanceof SummarySnapshot) {
                distributions.add(family.getMetadata().getPrometheusName());
            }
        }
        MetricSnapshots.Builder kept = MetricSnapshots.builder();
        for (MetricSnapshot family : all) {
            if (!isMaxOfADistribution(family, distributions)) {
                kept.metricSnapshot(family);
            }
        }
        return kept.build();
    }

    private static boolean isMaxOfADistribution(MetricSnapshot family, Set<String> distributions) {
        String name = family.getMetadata().getPrometheusName();
        return family instanceof GaugeSnapshot && name.endsWith(MAX_SUFFIX)
                && distributions.contains(name.substring(0, name.length() - MAX_SUFFIX.length()));
    }
}
