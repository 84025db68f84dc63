package io.argon.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.argon.client.ArgonClient;
import io.argon.node.EmbeddedNode;
import io.argon.task.Task;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;

/**
 * A test run of several classes, as a project's would be (run here with JUnit's launcher): the
 * classes that ask for the same settings share one node, started once; other settings, or
 * {@link ArgonNode#perClass()}, get a node of their own; every node stops, the shared ones when
 * the run ends; and the run's output has no INFO or DEBUG line of Argon's or Netty's.
 */
class ArgonNodeSharingTest {
    /** What each class of the run saw, by class name. */
    private static final Map<String, Seen> SEEN = new ConcurrentHashMap<>();

    private record Seen(EmbeddedNode node, int port, long workerPid) {
    }

    /** The pid of the worker JVM that runs it. */
    record WorkerPid() implements Task<Long> {
        @Override
        public Long run() {
            return ProcessHandle.current().pid();
        }
    }

    private static void see(Class<?> testClass, EmbeddedNode node, ArgonClient client) {
        SEEN.put(testClass.getSimpleName(), new Seen(node, node.port(), client.process(new WorkerPid())));
    }

    @Order(1)
    static class TwoWorkers {
        @RegisterExtension
        static final ArgonNode argon = ArgonNode.withWorkers(2);

        @Test
        void runs(EmbeddedNode node, ArgonClient client) {
            see(TwoWorkers.class, node, client);
        }
    }

    @Order(2)
    static class OwnNode {
        @RegisterExtension
        static final ArgonNode argon = ArgonNode.withWorkers(2).perClass();

        @Test
        void runs(EmbeddedNode node, ArgonClient client) {
            see(OwnNode.class, node, client);
        }
    }

    @Order(3)
    @ExtendWith(ArgonNode.class)
    static class OneWorker {
        @Test
        void runs(EmbeddedNode node, ArgonClient client) {
            see(OneWorker.class, node, client);
        }
    }

    @Order(4)
    static class TwoWorkersToo {
        @RegisterExtension
        static final ArgonNode argon = new ArgonNode(EmbeddedNode.builder().workers(2));

        @Test
        void runs(EmbeddedNode node, ArgonClient client) {
            see(TwoWorkersToo.class, node, client);
            // The shared node is still up, used by a later class; the class's own node is not.
            assertThat(listens(SEEN.get("TwoWorkers").port())).isTrue();
            assertThat(listens(SEEN.get("OwnNode").port())).as("stopped after its class").isFalse();
        }
    }

    private static boolean listens(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    @Test
    void classesAskingForTheSameSettingsShareOneNodeThatStopsWhenTheRunEnds() {
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        StringBuilder failures = new StringBuilder();
        TestExecutionListener failuresSeen = new TestExecutionListener() {
            @Override
            public void executionFinished(TestIdentifier test, TestExecutionResult result) {
                result.getThrowable().ifPresent(thrown -> failures.append(test.getDisplayName()).append(": ").append(thrown).append('\n'));
            }
        };
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        PrintStream console = System.out;
        System.setOut(new PrintStream(output, true, StandardCharsets.UTF_8));
        try {
            LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request()
                    .selectors(List.of(selectClass(TwoWorkersToo.class), selectClass(OneWorker.class), selectClass(OwnNode.class),
                            selectClass(TwoWorkers.class)))
                    .configurationParameter(ClassOrderer.DEFAULT_ORDER_PROPERTY_NAME, ClassOrderer.OrderAnnotation.class.getName())
                    .build(), summary, failuresSeen);
        } finally {
            System.setOut(console);
        }
        assertThat(failures).as("failures").isEmpty();
        assertThat(summary.getSummary().getTestsSucceededCount()).isEqualTo(4);

        Seen first = SEEN.get("TwoWorkers");
        Seen again = SEEN.get("TwoWorkersToo");
        assertThat(again.node()).as("the same settings, the same node").isSameAs(first.node());
        assertThat(again.port()).isEqualTo(first.port());
        assertThat(SEEN.get("OneWorker").port()).as("other settings, another node").isNotEqualTo(first.port());
        assertThat(SEEN.get("OwnNode").port()).as("perClass(), a node of its own").isNotEqualTo(first.port());

        for (Seen seen : SEEN.values()) {
            assertThat(listens(seen.port())).as("every node has stopped once the run ended").isFalse();
            assertThat(alive(seen.workerPid())).as("and its workers have exited").isFalse();
        }
        String printed = output.toString(StandardCharsets.UTF_8);
        assertThat(printed.lines().filter(line -> line.contains(" INFO ") || line.contains(" DEBUG ")).toList())
                .as("Argon's and Netty's INFO and DEBUG lines stay out of a test run's output").isEmpty();
    }
}
