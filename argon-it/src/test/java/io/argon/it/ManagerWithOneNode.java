package io.argon.it;

import static io.argon.it.ManagerProcesses.awaitRegisteredNodes;
import static io.argon.it.ManagerProcesses.startManager;
import static io.argon.it.ManagerProcesses.startNode;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JUnit 5 extension for a test class whose tests share one manager and one real node
 * registered with it, with one worker: both started before the class's first test, stopped
 * after its last. Register it on a static field, with the manager's options:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final ManagerWithOneNode cluster = new ManagerWithOneNode("-l", "2");
 * }</pre>
 *
 * <p>Each test must leave the two as it found them: that node the only one registered.
 */
final class ManagerWithOneNode implements BeforeAllCallback, AfterAllCallback {
    private final String[] managerArgs;
    private ArgonProcess manager;
    private ArgonProcess node;

    /** A manager started with {@code managerArgs} (on loopback and a free port). */
    ManagerWithOneNode(String... managerArgs) {
        this.managerArgs = managerArgs.clone();
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        manager = startManager(managerArgs);
        try {
            node = startNode(manager.port(), "-w", "1");
            awaitRegisteredNodes(manager, 1);
        } catch (Exception | AssertionError e) {
            afterAll(context);
            throw e;
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        Quietly.close(node);
        Quietly.close(manager);
        node = null;
        manager = null;
    }

    ArgonProcess manager() {
        return running(manager);
    }

    ArgonProcess node() {
        return running(node);
    }

    private static ArgonProcess running(ArgonProcess process) {
        if (process == null) {
            throw new IllegalStateException("the manager and its node run only while the test class does; register on a static field");
        }
        return process;
    }
}
