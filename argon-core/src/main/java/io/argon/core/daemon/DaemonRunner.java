package io.argon.core.daemon;

import io.argon.core.Futures;
import io.argon.core.net.Transport;
import io.argon.protocol.Control;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import sun.misc.Signal;

/**
 * Runs a daemon as its command does: makes the event loop, starts the {@link Server} made on
 * it, serves until SIGTERM or SIGINT, drains and stops, and releases the loop. SIGHUP asks
 * the server for a reload.
 */
public final class DaemonRunner {
    private final String name;
    private final Logger log;

    /** @param name what the daemon is called in its log ("node", "manager") */
    public DaemonRunner(String name, Logger log) {
        this.name = name;
        this.log = log;
    }

    /**
     * Runs the server {@code create} makes until it is told to stop. Returns the exit status: 0
     * after a clean stop, 2 when it cannot have its address (a port in use, an address not of
     * this host: a usage error, found before anything else starts), 1 when the start failed
     * otherwise (the reason is logged).
     */
    public int runUntilStopped(BiFunction<EventLoop, Transport, Server> create) throws InterruptedException {
        Transport transport = Transport.best();
        EventLoopGroup group = transport.newGroup(1, "argon-" + name);
        try {
            Server server = create.apply(group.next(), transport);
            // Before the start: a SIGTERM that comes while it starts, or just as it says it
            // listens, is one to drain for once the start is done, not the JVM's abrupt exit.
            CountDownLatch stopRequested = onStopSignal();
            try {
                server.start();
            } catch (Exception e) {
                log.error("{} failed to start: {}", name, e.getMessage());
                return causedBy(e, Daemon.ListenException.class) ? 2 : 1;
            }
            reloadOnHangup(server);
            stopRequested.await();
            server.shutdown().join();
            log.info("{} stopped", name);
            return 0;
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }

    private static boolean causedBy(Throwable error, Class<? extends Throwable> type) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    /** SIGHUP reloads the server, as {@code argon reload} does; the outcome is logged. */
    private void reloadOnHangup(Server server) {
        Signal.handle(new Signal("HUP"), signal -> {
            log.info("received SIGHUP: reloading");
            server.control(new Control("sighup", Control.Action.RELOAD)).whenComplete((report, error) -> {
                if (error != null) {
                    log.error("{} reload failed: {}", name, Futures.reason(error));
                } else {
                    log.info("{} reloaded: {}", name, report);
                }
            });
        });
    }

    /**
     * Handles SIGTERM and SIGINT from now on: the latch it returns opens at the first. The signals
     * are handled rather than left to the JVM, so that a daemon can drain its work and exit 0.
     */
    private CountDownLatch onStopSignal() {
        CountDownLatch stopRequested = new CountDownLatch(1);
        for (String signalName : List.of("TERM", "INT")) {
            Signal.handle(new Signal(signalName), signal -> {
                log.info("received SIG{}", signal.getName());
                stopRequested.countDown();
            });
        }
        return stopRequested;
    }
}
