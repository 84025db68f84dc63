package io.argon.metrics;

import io.argon.core.daemon.Daemon;
import io.argon.core.daemon.TaskStats;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A daemon's {@code /metrics}: a Prometheus registry with the JVM's own meters, and the HTTP
 * pipeline that serves it. The daemon binds its meters to {@link #registry()} (see
 * {@link TaskMeters}) and serves the pipeline on its own event loop, so that every meter
 * reads the daemon's state on the thread that owns it.
 *
 * <p>What it serves is named as Prometheus names things: base units only (the process's CPU
 * time is {@code process_cpu_seconds_total}, not Micrometer's {@code process_cpu_time_ns_total}),
 * and histograms and summaries without Micrometer's {@code _max} gauges beside them
 * ({@link WithoutMaxGauges}).
 */
public final class MetricsEndpoint implements AutoCloseable {
    public static final String PATH = "/metrics";
    /** A scrape is one small GET: anything longer is refused. */
    static final int MAX_REQUEST_BYTES = 8192;
    /** A connection that sends nothing for this long is closed, so idle scrapers hold nothing. */
    static final int IDLE_SECONDS = 60;

    /** Micrometer's name for the process's CPU time, which it gives in nanoseconds. */
    static final String CPU_TIME_IN_NANOSECONDS = "process.cpu.time";

    private final PrometheusMeterRegistry registry =
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT, new WithoutMaxGauges(), Clock.SYSTEM);
    /** Held here: a meter holds what it reads only weakly. */
    private final OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final List<Runnable> beforeScrape = new ArrayList<>();
    private final MetricsHandler handler = new MetricsHandler(this);

    public MetricsEndpoint() {
        registry.config().meterFilter(MeterFilter.deny(id -> id.getName().equals(CPU_TIME_IN_NANOSECONDS)));
        bindCpuSeconds();
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        gc.bindTo(registry);
    }

    /** {@code process_cpu_seconds_total}, where the JVM tells the process's CPU time: in place of {@link #CPU_TIME_IN_NANOSECONDS}. */
    private void bindCpuSeconds() {
        if (os instanceof com.sun.management.OperatingSystemMXBean cpu && cpu.getProcessCpuTime() >= 0) {
            FunctionCounter.builder("process.cpu", cpu, bean -> bean.getProcessCpuTime() / 1e9)
                    .description("CPU time the process has used")
                    .baseUnit("seconds")
                    .register(registry);
        }
    }

    /**
     * A daemon's metrics: the JVM's, the {@link TaskMeters} over {@code stats}, and those
     * {@code bindRole} adds for what the daemon holds. Closed with the daemon; served on its
     * HTTP port (argon-web) through {@link #handler()}.
     */
    public static MetricsEndpoint forDaemon(Daemon daemon, TaskStats stats, Consumer<MetricsEndpoint> bindRole) {
        MetricsEndpoint endpoint = new MetricsEndpoint();
        daemon.onStop(endpoint::close);
        TaskMeters.bind(endpoint.registry(), stats);
        bindRole.accept(endpoint);
        return endpoint;
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** Runs {@code refresh} before each scrape: for meters whose set changes (one per node). */
    public void beforeScrape(Runnable refresh) {
        beforeScrape.add(refresh);
    }

    /** The registry in Prometheus text format, as a scrape gets it. */
    public String scrape() {
        beforeScrape.forEach(Runnable::run);
        return registry.scrape();
    }

    /** The handler that answers {@code GET /metrics}, for a pipeline that reads HTTP already; stateless, one for every connection. */
    public ChannelHandler handler() {
        return handler;
    }

    /** Sets up a connection to the endpoint. */
    public void install(ChannelPipeline pipeline) {
        pipeline.addLast("idle", new ReadTimeoutHandler(IDLE_SECONDS, TimeUnit.SECONDS));
        pipeline.addLast("http", new HttpServerCodec(4096, MAX_REQUEST_BYTES, MAX_REQUEST_BYTES));
        pipeline.addLast("aggregate", new HttpObjectAggregator(MAX_REQUEST_BYTES));
        pipeline.addLast("metrics", handler);
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
