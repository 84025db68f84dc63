package io.argon.web;

import io.argon.core.daemon.Daemon;
import io.argon.core.daemon.DaemonConfig;
import io.argon.core.daemon.HttpSettings;
import io.argon.metrics.MetricsEndpoint;
import io.netty.handler.ssl.SslContext;
import java.net.InetSocketAddress;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A daemon's HTTP port (see docs/HTTP.md): the dashboard at {@code /}, the JSON API it uses under
 * {@code /api/}, {@code /metrics}, {@code /healthz} and {@code /readyz}. On loopback unless
 * {@code --http-host} says otherwise; with TLS when the daemon has a certificate; behind a login
 * when it has a secret or an HTTP password.
 */
public final class WebEndpoint {
    private static final Logger log = LoggerFactory.getLogger(WebEndpoint.class);

    private WebEndpoint() {
    }

    /**
     * Serves {@code view} and {@code metrics} on the port {@code config} gives, on the daemon's
     * loop, until the daemon stops. Returns where it listens.
     *
     * @throws Daemon.ListenException when the address cannot be bound
     * @throws SSLException           when the daemon's certificate cannot be used
     */
    public static InetSocketAddress serve(Daemon daemon, DaemonConfig config, DaemonView view, MetricsEndpoint metrics)
            throws InterruptedException, Daemon.ListenException, SSLException {
        HttpSettings http = config.http();
        SslContext tls = config.tls().serves() ? config.tls().serverContext() : null;
        Sessions sessions = new Sessions(config.httpPassword(), System::nanoTime);
        WebRequestHandler requests = new WebRequestHandler(view, sessions, http.readOnlyPublic(), new StaticAssets());
        WebChannelInitializer initializer = new WebChannelInitializer(tls, requests, metrics);
        InetSocketAddress address = daemon.listenService(http.host(), http.port(), initializer::initChannel);
        log.info("serving HTTP at {}://{}:{}/ (the dashboard, /api/, /metrics, /healthz, /readyz; {})", tls != null ? "https" : "http",
                http.host(), address.getPort(), sessions.loginRequired()
                        ? (http.readOnlyPublic() ? "a login to act, none to look" : "a login required") : "no login");
        if (!sessions.loginRequired() && !isLoopback(http.host())) {
            log.warn("the HTTP port listens on {} with no login: anyone who can reach it can drain and reload; set a secret or "
                    + "--http-password-file", http.host());
        }
        return address;
    }

    private static boolean isLoopback(String host) {
        return host.equals("localhost") || host.startsWith("127.") || host.equals("::1");
    }
}
