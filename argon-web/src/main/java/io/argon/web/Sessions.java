package io.argon.web;

import io.argon.core.security.Secret;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Who has logged in to the page: a session per login, named by a random id the browser keeps in
 * an HttpOnly cookie, with a CSRF token of its own that every action must send back. Bounded:
 * at most {@value #MAX_SESSIONS} sessions (a new one pushes out the oldest), each for
 * {@link #LIFETIME}. Failed logins are throttled per address, in a map as bounded.
 *
 * <p>Confined to the daemon's loop, as every HTTP connection is; the clock is passed in so that
 * tests drive it.
 */
final class Sessions {
    static final int MAX_SESSIONS = 1000;
    static final Duration LIFETIME = Duration.ofHours(12);
    /** Failed logins an address may make in {@link #FAILURE_WINDOW} before it must wait. */
    static final int MAX_FAILURES = 5;
    static final Duration FAILURE_WINDOW = Duration.ofMinutes(1);
    static final int MAX_ADDRESSES = 1024;

    /** A login: its CSRF token, and when it ends on the clock's scale. */
    record Session(String csrf, long expiresNanos) {
    }

    /** What a login attempt came to. */
    enum Login { ACCEPTED, REFUSED, THROTTLED }

    private final Secret password;
    private final LongSupplier nanoClock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Session> sessions = new LinkedHashMap<>();
    /** Per address: failures in the current window, and when the window began. */
    private final Map<String, long[]> failures = new LinkedHashMap<>();
    /** Without a password, one token for the daemon: actions still need it, so no other site can post them. */
    private final String daemonCsrf = token();

    Sessions(Secret password, LongSupplier nanoClock) {
        this.password = password;
        this.nanoClock = nanoClock;
    }

    /** Whether the page asks for a password at all. */
    boolean loginRequired() {
        return password != null;
    }

    /** The session {@code id} names, if it is one and has not ended. */
    Session find(String id) {
        if (id == null) {
            return null;
        }
        Session session = sessions.get(id);
        if (session != null && session.expiresNanos() - nanoClock.getAsLong() <= 0) {
            sessions.remove(id);
            return null;
        }
        return session;
    }

    /**
     * Checks {@code typed} against the password for a login from {@code address}: five wrong in a
     * minute, and that address waits for the minute to end, right or wrong.
     */
    Login check(String address, String typed) {
        long now = nanoClock.getAsLong();
        long[] window = failures.get(address);
        if (window != null && now - window[1] >= FAILURE_WINDOW.toNanos()) {
            failures.remove(address);
            window = null;
        }
        if (window != null && window[0] >= MAX_FAILURES) {
            return Login.THROTTLED;
        }
        if (password != null && password.matches(typed.getBytes(StandardCharsets.UTF_8))) {
            failures.remove(address);
            return Login.ACCEPTED;
        }
        if (window == null) {
            if (failures.size() >= MAX_ADDRESSES) {
                removeEldest(failures);
            }
            window = new long[] {0, now};
            failures.put(address, window);
        }
        window[0]++;
        return Login.REFUSED;
    }

    /** Starts a session; returns its id. */
    String open() {
        if (sessions.size() >= MAX_SESSIONS) {
            removeEldest(sessions);
        }
        String id = token();
        sessions.put(id, new Session(token(), nanoClock.getAsLong() + LIFETIME.toNanos()));
        return id;
    }

    void close(String id) {
        if (id != null) {
            sessions.remove(id);
        }
    }

    /** The CSRF token actions must carry: the session's, or without a login the daemon's. */
    String csrfFor(Session session) {
        return session != null ? session.csrf() : daemonCsrf;
    }

    /** Whether {@code sent} is the token {@link #csrfFor} gives; in constant time. */
    boolean csrfMatches(Session session, String sent) {
        return sent != null && MessageDigest.isEqual(csrfFor(session).getBytes(StandardCharsets.US_ASCII),
                sent.getBytes(StandardCharsets.US_ASCII));
    }

    int size() {
        return sessions.size();
    }

    private String token() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static void removeEldest(Map<String, ?> map) {
        Iterator<String> eldest = map.keySet().iterator();
        eldest.next();
        eldest.remove();
    }
}
