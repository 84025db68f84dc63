package io.argon.core.net;

import io.netty.channel.Channel;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** At most so many connections from outside at once; more are closed as they come. */
public final class ConnectionLimit {
    private static final Logger log = LoggerFactory.getLogger(ConnectionLimit.class);

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
                log.warn("refusing connections: {} are open, the limit (--max-connections)", max);
            }
            return false;
        }
        refusedSinceLog.set(0);
        channel.closeFuture().addListener(closed -> open.decrementAndGet());
        return true;
    }
}
