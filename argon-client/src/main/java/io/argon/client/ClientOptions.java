package io.argon.client;

import com.fasterxml.jackson.databind.Module;
import io.argon.core.Backoff;
import io.argon.core.security.Secret;
import io.argon.core.security.TlsConfig;
import io.argon.protocol.Messages;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How an {@link ArgonClient} connects, keeps its connection honest, paces its tasks and
 * retries. Immutable: each {@code with...} method returns a copy with one choice changed.
 *
 * <pre>{@code
 * ClientOptions options = ClientOptions.defaults().withMaxInFlight(256).withHeartbeat(Duration.ofSeconds(2));
 * }</pre>
 *
 * @param maxRetries       how often a rejected task (every queue full) is sent again before it
 *                         fails with a {@link RejectedException}; -1 (the default) for no limit
 * @param backoff          how long to wait before each retry of a rejected task (default: from
 *                         4 ms, doubling to 1 s, with full jitter)
 * @param connectTimeout   how long a TCP connection may take to open (default 10 s)
 * @param handshakeTimeout how long, once connected, the daemon may take to make the link ready
 *                         (TLS, the shared secret, a first ping); a peer that does not answer
 *                         like an Argon daemon in time fails the connection (default 4 s)
 * @param heartbeat        after this long without a word from the daemon the client pings it,
 *                         and after as long again without an answer it takes the link for
 *                         silent (a frozen daemon, a dead network), closes it and fails what is
 *                         in flight on it (default 5 s: a silent link is found within 10 s)
 * @param maxInFlight      how many of this client's tasks may be sent and unanswered at once;
 *                         the rest wait in the client, in the order they were submitted, so
 *                         that a loop of submits does not overrun the daemons' queues (default
 *                         64, a node's default queue limit)
 * @param maxFrameBytes    the largest message the client sends or reads (default 16 MiB)
 * @param secret           the shared secret, for a daemon started with one; null for none
 * @param tls              TLS to the daemon: a CA to trust (and a certificate to present, for
 *                         mutual TLS); {@link TlsConfig#NONE} for plain TCP
 * @param jsonModules      Jackson modules for tasks' params and results, besides java.time,
 *                         {@code Optional} and those registered as services on the class path
 */
public record ClientOptions(int maxRetries, Backoff backoff, Duration connectTimeout, Duration handshakeTimeout,
        Duration heartbeat, int maxInFlight, int maxFrameBytes, Secret secret, TlsConfig tls, List<Module> jsonModules) {
    /**
     * Checks each choice, and puts the defaults in place of nulls.
     *
     * @param maxRetries       how often a rejected task is sent again before it fails; -1 for no limit
     * @param backoff          the wait before each retry of a rejected task; null for {@link Backoff#DEFAULT}
     * @param connectTimeout   the bound on opening a TCP connection, at least 1 ms; null for 10 s
     * @param handshakeTimeout the bound on making a connected link ready, at least 1 ms; null for 4 s
     * @param heartbeat        the silence after which the daemon is pinged, at least 1 ms; null for 5 s
     * @param maxInFlight      the most of this client's tasks sent and unanswered at once, at least 1
     * @param maxFrameBytes    the largest message sent or read, from 1 KiB to 2 GiB less 4 bytes
     * @param secret           the shared secret, or null for none
     * @param tls              TLS to the daemon; null for {@link TlsConfig#NONE}, plain TCP
     * @param jsonModules      Jackson modules for params and results (copied); null for none
     * @throws IllegalArgumentException when a choice is out of its range: {@code maxRetries} below -1, a timeout
     *                                  or heartbeat under 1 ms, {@code maxInFlight} below 1, or {@code maxFrameBytes}
     *                                  outside its bounds
     */
    public ClientOptions {
        if (maxRetries < -1) {
            throw new IllegalArgumentException("maxRetries must be >= -1, got " + maxRetries);
        }
        if (backoff == null) {
            backoff = Backoff.DEFAULT;
        }
        connectTimeout = positive("connectTimeout", connectTimeout, Duration.ofSeconds(10));
        handshakeTimeout = positive("handshakeTimeout", handshakeTimeout, Duration.ofSeconds(4));
        heartbeat = positive("heartbeat", heartbeat, Duration.ofSeconds(5));
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be at least 1, got " + maxInFlight);
        }
        if (maxFrameBytes < 1024 || maxFrameBytes > Integer.MAX_VALUE - 4) {
            throw new IllegalArgumentException("maxFrameBytes must be between 1 KiB and 2 GiB, got " + maxFrameBytes);
        }
        if (tls == null) {
            tls = TlsConfig.NONE;
        }
        jsonModules = jsonModules == null ? List.of() : List.copyOf(jsonModules);
    }

    private static Duration positive(String name, Duration value, Duration otherwise) {
        if (value == null) {
            return otherwise;
        }
        if (value.isNegative() || value.isZero() || value.toMillis() < 1) {
            throw new IllegalArgumentException(name + " must be at least 1 ms, got " + value);
        }
        return value;
    }

    /**
     * The defaults, with the secret in the {@value Secret#ENVIRONMENT} environment variable if it is set.
     *
     * @return options with no limit on retries, 10 s to connect, 4 s to make the link ready, a 5 s heartbeat, 64
     *         tasks in flight, 16 MiB frames and plain TCP
     * @throws IllegalArgumentException when {@value Secret#ENVIRONMENT} holds a secret shorter than
     *                                  {@value Secret#MIN_BYTES} bytes
     */
    public static ClientOptions defaults() {
        return new ClientOptions(-1, Backoff.DEFAULT, null, null, null, 64, Messages.DEFAULT_MAX_FRAME_BYTES,
                Secret.fromEnvironment(), TlsConfig.NONE, List.of());
    }

    /**
     * These options, with {@code retries} times a rejected task is sent again; -1 for no limit.
     *
     * @param retries how often a rejected task is sent again before it fails with a {@link RejectedException}
     * @return a copy of these options with that bound
     * @throws IllegalArgumentException when {@code retries} is below -1
     */
    public ClientOptions withMaxRetries(int retries) {
        return new ClientOptions(retries, backoff, connectTimeout, handshakeTimeout, heartbeat, maxInFlight, maxFrameBytes,
                secret, tls, jsonModules);
    }

    /**
     * These options, with another wait before each retry of a rejected task.
     *
     * @param newBackoff the wait before each retry; null for {@link Backoff#DEFAULT} (from 4 ms, doubling to 1 s,
     *                   with full jitter)
     * @return a copy of these options with that backoff
     */
    public ClientOptions withBackoff(Backoff newBackoff) {
        return new ClientOptions(maxRetries, newBackoff, connectTimeout, handshakeTimeout, heartbeat, maxInFlight,
                maxFrameBytes, secret, tls, jsonModules);
    }

    /**
     * These options, with another bound on opening a TCP connection.
     *
     * @param timeout how long a TCP connection may take to open, at least 1 ms; null for the default 10 s
     * @return a copy of these options with that bound
     * @throws IllegalArgumentException when {@code timeout} is under 1 ms
     */
    public ClientOptions withConnectTimeout(Duration timeout) {
        return new ClientOptions(maxRetries, backoff, timeout, handshakeTimeout, heartbeat, maxInFlight, maxFrameBytes,
                secret, tls, jsonModules);
    }

    /**
     * These options, with another bound on making a connected link ready (TLS, secret, first ping).
     *
     * @param timeout how long the daemon may take to make the link ready, at least 1 ms; null for the default 4 s
     * @return a copy of these options with that bound
     * @throws IllegalArgumentException when {@code timeout} is under 1 ms
     */
    public ClientOptions withHandshakeTimeout(Duration timeout) {
        return new ClientOptions(maxRetries, backoff, connectTimeout, timeout, heartbeat, maxInFlight, maxFrameBytes,
                secret, tls, jsonModules);
    }

    /**
     * These options, with another silence after which the daemon is pinged (and twice which the link is given up).
     *
     * @param interval the silence after which the daemon is pinged, at least 1 ms; null for the default 5 s
     * @return a copy of these options with that heartbeat
     * @throws IllegalArgumentException when {@code interval} is under 1 ms
     */
    public ClientOptions withHeartbeat(Duration interval) {
        return new ClientOptions(maxRetries, backoff, connectTimeout, handshakeTimeout, interval, maxInFlight, maxFrameBytes,
                secret, tls, jsonModules);
    }

    /**
     * These options, with {@code tasks} of this client's tasks in flight at most; the rest wait in the client.
     *
     * @param tasks the most tasks in flight at once, at least 1; the rest wait in the client
     * @return a copy of these options with that bound
     * @throws IllegalArgumentException when {@code tasks} is below 1
     */
    public ClientOptions withMaxInFlight(int tasks) {
        return new ClientOptions(maxRetries, backoff, connectTimeout, handshakeTimeout, heartbeat, tasks, maxFrameBytes,
                secret, tls, jsonModules);
    }

    /**
     * These options, with another bound on a message's size, in bytes.
     *
     * @param bytes the largest message the client sends or reads, from 1 KiB to 2 GiB less 4 bytes
     * @return a copy of these options with that bound
     * @throws IllegalArgumentException when {@code bytes} is outside those bounds
     */
    public ClientOptions withMaxFrameBytes(int bytes) {
        return new ClientOptions(maxRetries, backoff, connectTimeout, handshakeTimeout, heartbeat, maxInFlight, bytes,
                secret, tls, jsonModules);
    }

    /**
     * These options, proving {@code newSecret} to the daemon and requiring the daemon to prove it too.
     *
     * @param newSecret the secret the daemons were started with; null for none
     * @return a copy of these options with that secret
     */
    public ClientOptions withSecret(Secret newSecret) {
        return new ClientOptions(maxRetries, backoff, connectTimeout, handshakeTimeout, heartbeat, maxInFlight, maxFrameBytes,
                newSecret, tls, jsonModules);
    }

    /**
     * These options, speaking TLS to the daemon and trusting the CA in {@code newTls} (see {@link TlsConfig}).
     *
     * @param newTls the CA to trust, and a certificate and key to present for mutual TLS; null or
     *               {@link TlsConfig#NONE} for plain TCP
     * @return a copy of these options with that TLS
     */
    public ClientOptions withTls(TlsConfig newTls) {
        return new ClientOptions(maxRetries, backoff, connectTimeout, handshakeTimeout, heartbeat, maxInFlight, maxFrameBytes,
                secret, newTls, jsonModules);
    }

    /**
     * These options, with {@code module} added to those that write tasks' params and read their
     * results. A worker needs the same module: register it as a service in the task jar
     * ({@code META-INF/services/com.fasterxml.jackson.databind.Module}), and a client that has
     * the jar on its class path finds it too, without this.
     *
     * @param module a Jackson module for tasks' params and results
     * @return a copy of these options with {@code module} added
     */
    public ClientOptions withJsonModule(Module module) {
        List<Module> modules = new ArrayList<>(jsonModules);
        modules.add(module);
        return new ClientOptions(maxRetries, backoff, connectTimeout, handshakeTimeout, heartbeat, maxInFlight, maxFrameBytes,
                secret, tls, modules);
    }
}
