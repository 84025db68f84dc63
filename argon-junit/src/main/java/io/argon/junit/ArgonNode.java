package io.argon.junit;

import io.argon.client.ArgonClient;
import io.argon.node.EmbeddedNode;
import io.argon.node.Node;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A JUnit 5 extension that runs an embedded Argon node for the tests: a real node, with worker
 * JVMs whose classpath is the test's (so the tasks under test, and their libraries, are there).
 *
 * <pre>{@code
 * class MyTaskTest {
 *     @RegisterExtension
 *     static final ArgonNode argon = ArgonNode.withWorkers(2);
 *
 *     @Test
 *     void addsUp(ArgonClient client) {
 *         assertThat(client.process(new MyTask(2, 3))).isEqualTo(5);
 *     }
 * }
 * }</pre>
 *
 * <p>Test methods (and constructors, {@code @BeforeEach} ...) may take an {@link ArgonClient}
 * connected to the node, or the {@link EmbeddedNode} itself. Register it on a static field;
 * {@code @ExtendWith(ArgonNode.class)} gives a node with one worker.
 *
 * <p><b>One node for the whole run.</b> Starting a node costs a second or two, so the node is
 * shared: every test class that asks for equal settings ({@link EmbeddedNode.Builder#settings()})
 * gets the same node and the same client, started before the first of them and stopped when
 * the whole test run ends (JUnit closes it with its root context). A class that asks for
 * other settings gets a node of its own kind, shared in turn with the classes that ask for
 * those. Tests that change a node for the tests after them (stop or drain it, fill its queue,
 * close the client) should have one of their own: {@link #perClass()} starts a node for the
 * class alone and stops it after the class's last test.
 *
 * <p>Logging stays quiet: where Logback is on the test classpath without a configuration of
 * the project's own (no {@code logback-test.xml}), Argon's default logging shows warnings and
 * errors of Argon's and Netty's only; a {@code logback-test.xml} of the project's own is
 * followed as it is.
 */
public final class ArgonNode implements BeforeAllCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(ArgonNode.class);

    private final EmbeddedNode.Builder settings;
    private final boolean perClass;
    private volatile RunningNode running;

    /** A node with one worker, for {@code @ExtendWith(ArgonNode.class)}; shared with every class that asks for the same. */
    public ArgonNode() {
        this(EmbeddedNode.builder());
    }

    /**
     * A node started as {@code settings} say, shared with every test class that asks for equal
     * settings.
     *
     * @param settings what the node is started with
     */
    public ArgonNode(EmbeddedNode.Builder settings) {
        this(settings, false);
    }

    private ArgonNode(EmbeddedNode.Builder settings, boolean perClass) {
        this.settings = settings;
        this.perClass = perClass;
    }

    /**
     * A node with {@code workers} worker JVMs and the defaults otherwise, shared with every test
     * class that asks for the same.
     *
     * @param workers how many worker JVMs
     * @return the extension, to register on a static field
     */
    public static ArgonNode withWorkers(int workers) {
        return new ArgonNode(EmbeddedNode.builder().workers(workers));
    }

    /**
     * The same settings, but a node of the class's own: started before its first test, stopped
     * after its last, and shared with no other class (its {@code @Nested} classes use it too).
     *
     * @return the extension, to register on a static field
     */
    public ArgonNode perClass() {
        return new ArgonNode(settings, true);
    }

    /**
     * The running node.
     *
     * @return the node the class's tests use
     * @throws IllegalStateException before the class's first test, or once the node has stopped
     */
    public EmbeddedNode node() {
        return current().node();
    }

    /**
     * A client connected to the node, shared by every test that uses the node; closed with the
     * node. Do not close it yourself.
     *
     * @return the client
     * @throws IllegalStateException before the class's first test, or once the node has stopped
     */
    public ArgonClient client() {
        return current().client();
    }

    private RunningNode current() {
        RunningNode node = running;
        if (node == null || node.isClosed()) {
            throw new IllegalStateException("the node runs only while the test class does; register ArgonNode on a static field");
        }
        return node;
    }

    /** Finds the node the class asks for, starting it if no class has yet. */
    @Override
    public void beforeAll(ExtensionContext context) throws Node.NodeStartException {
        QuietLogs.apply();
        // The class's own store closes its node after the class; the root's, at the end of the run.
        ExtensionContext.Store store = perClass ? context.getStore(NAMESPACE) : context.getRoot().getStore(NAMESPACE);
        Object key = perClass ? this : settings.settings();
        try {
            running = store.getOrComputeIfAbsent(key, unused -> RunningNode.start(settings), RunningNode.class);
        } catch (RunningNode.StartFailure failure) {
            throw failure.getCause();
        }
    }

    /** Whether the parameter is an {@link ArgonClient} or an {@link EmbeddedNode}. */
    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == ArgonClient.class || type == EmbeddedNode.class;
    }

    /** The node's shared client, or the node. */
    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        RunningNode node = running;
        if (node == null || node.isClosed()) {
            throw new ExtensionConfigurationException("no Argon node is running for " + context.getDisplayName()
                    + ": register ArgonNode on a static field (or with @ExtendWith on the class)");
        }
        return parameter.getParameter().getType() == ArgonClient.class ? node.client() : node.node();
    }
}
