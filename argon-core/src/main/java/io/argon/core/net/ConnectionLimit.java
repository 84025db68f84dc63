package io.argon.core.net;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At most so many client connections at once; more are closed as they come. A connection
 * that turns out to be no client's (a node registering with its manager) is taken out of the
 * count with {@link #exempt}, so that a manager's nodes never crowd out its clients.
 */
public final class ConnectionLimit {
    private static final Logger log = LoggerFactory.getLogger(ConnectionLimit.class);
    /** Set on a connection while it counts against the limit. */
    private static final AttributeKey<AtomicBoolean> COUNTED = AttributeKey.valueOf("argon.counted-connection");

    private final int max;
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger refusedSinceLog = new AtomicInteger();

    public ConnectionLimit(int max) {
        this.max = max;
    }

    /** Admits the connection and counts it until it closes, or returns false when the limit is reached. */
    public boolean admit(Channel channel) {
        if (open.incrementAndGet() > max) {
            open.decrementAndGet();
            // Once per burst, not once per connection: a flood must not fill the log too.
            if (refusedSinceLog.getAndIncrement() == 0) {
                log.warn("refusing client connections: {} are open, the limit (--max-connections; a manager's registered "
                        + "nodes do not count)", max);
            }
            return false;
        }
        refusedSinceLog.set(0);
        AtomicBoolean counted = new AtomicBoolean(true);
        channel.attr(COUNTED).set(counted);
        channel.closeFuture().addListener(closed -> release(counted));
        return true;
    }

    /** The connection no longer counts against the limit (it is a node's, not a client's); once is enough. */
    public void exempt(Channel channel) {
        AtomicBoolean counted = channel.attr(COUNTED).get();
        if (counted != null) {
            release(counted);
        }
    }

    /** Client connections counted now. */
    public int open() {
        return open.get();
    }

    private void release(AtomicBoolean counted) {
        if (counted.compareAndSet(true, false)) {
            open.decrementAndGet();
        }
    }
}
