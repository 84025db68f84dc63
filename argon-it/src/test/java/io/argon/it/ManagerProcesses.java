package io.argon.it;

import static io.argon.it.Timeouts.STARTUP;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** Starting managers, and nodes registered with them, on loopback; waiting until the nodes are registered. */
final class ManagerProcesses {
    private ManagerProcesses() {
    }

    /** Starts a manager on loopback (a free port unless -p is given) and waits until it listens. */
    static ArgonProcess startManager(String... args) throws IOException {
        List<String> argv = new ArrayList<>(List.of("-H", "127.0.0.1"));
        if (!List.of(args).contains("-p")) {
            argv.addAll(List.of("-p", "0"));
        }
        argv.addAll(List.of(args));
        ArgonProcess manager = ArgonProcess.start("cluster", argv.toArray(String[]::new));
        try {
            manager.port();
        } catch (AssertionError e) {
            Quietly.close(manager);
            throw e;
        }
        return manager;
    }

    /**
     * Starts a manager on a given port. The port may still be held for a moment after the
     * previous manager on it died: each of a few attempts first waits until it can be bound.
     */
    static ArgonProcess startManagerOn(int port, String... args) throws IOException {
        List<String> argv = new ArrayList<>(List.of("-p", Integer.toString(port)));
        argv.addAll(List.of(args));
        AssertionError last = null;
        for (int attempt = 0; attempt < 10; attempt++) {
            await().atMost(STARTUP).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(100))
                    .alias("port " + port + " free").until(() -> canListenOn(port));
            try {
                return startManager(argv.toArray(String[]::new));
            } catch (AssertionError e) {
                last = e;
            }
        }
        throw last;
    }

    private static boolean canListenOn(int port) {
        try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException held) {
            return false;
        }
    }

    /** Starts nodes registered with the manager on {@code managerPort}, in parallel; waits until each is registered. */
    static List<ArgonProcess> startNodes(int managerPort, List<List<String>> argsEach) throws Exception {
        List<CompletableFuture<ArgonProcess>> starting = new ArrayList<>();
        for (List<String> args : argsEach) {
            starting.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return startNode(managerPort, args.toArray(String[]::new));
                } catch (Exception e) {
                    throw new CompletionException(e);
                }
            }));
        }
        List<ArgonProcess> nodes = new ArrayList<>();
        Throwable failure = null;
        for (CompletableFuture<ArgonProcess> node : starting) {
            try {
                nodes.add(node.get(STARTUP.toSeconds() + 30, TimeUnit.SECONDS));
            } catch (ExecutionException e) {
                failure = failure == null ? e.getCause() : failure;
            }
        }
        if (failure != null) {
            nodes.forEach(Quietly::close);
            if (failure instanceof Exception exception) {
                throw exception;
            }
            throw failure instanceof Error error ? error : new AssertionError(failure);
        }
        return nodes;
    }

    /** Starts one node registered with the manager on {@code managerPort} and waits until it is registered. */
    static ArgonProcess startNode(int managerPort, String... args) throws IOException {
        List<String> argv = new ArrayList<>(List.of("-m", "127.0.0.1:" + managerPort));
        argv.addAll(List.of(args));
        ArgonProcess node = ArgonProcess.startNode(argv.toArray(String[]::new));
        try {
            awaitRegistered(node);
        } catch (AssertionError e) {
            Quietly.close(node);
            throw e;
        }
        return node;
    }

    /** Whether a node's status says every one of its managers has accepted its registration. */
    static boolean registeredWithAll(JsonNode status) {
        JsonNode managers = status.path("managers");
        if (managers.isEmpty()) {
            return false;
        }
        for (JsonNode manager : managers) {
            if (!manager.path("registered").asBoolean()) {
                return false;
            }
        }
        return true;
    }

    /** Waits until the manager's status lists {@code count} registered nodes; returns the report. */
    static JsonNode awaitRegisteredNodes(ArgonProcess manager, int count) {
        return manager.awaitStatus(count + " registered nodes", status -> status.get("nodes").size() == count, STARTUP);
    }

    /** Waits until the node's status says its managers have all accepted its registration. */
    static void awaitRegistered(ArgonProcess node) {
        node.awaitStatus("the node registered with every manager", ManagerProcesses::registeredWithAll, STARTUP);
    }
}
