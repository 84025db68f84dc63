package io.argon.junit;

import io.argon.client.ArgonClient;
import io.argon.node.EmbeddedNode;
import io.argon.node.Node;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A JUnit 5 extension that runs an embedded Argon node for a test class: started before the
 * class's first test, stopped after its last, with real worker JVMs whose classpath is the
 * test's (so the tasks under test, and their libraries, are there).
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
 * connected to the node, or the {@link EmbeddedNode} itself. Register it on a static field:
 * the node lives as long as the test class. {@code @ExtendWith(ArgonNode.class)} gives a node
 * with one worker.
 */
public final class ArgonNode implements BeforeAllCallback, AfterAllCallback, ParameterResolver {
    private final EmbeddedNode.Builder settings;
    private EmbeddedNode node;
    private ArgonClient client;

    /** A node with one worker, for {@code @ExtendWith(ArgonNode.class)}. */
    public ArgonNode() {
        this(EmbeddedNode.builder());
    }

    /** A node started as {@code settings} say. */
    public ArgonNode(EmbeddedNode.Builder settings) {
        this.settings = settings;
    }

    /** A node with {@code workers} worker JVMs and the defaults otherwise. */
    public static ArgonNode withWorkers(int workers) {
        return new ArgonNode(EmbeddedNode.builder().workers(workers));
    }

    /** The running node; only between the class's first and last test. */
    public EmbeddedNode node() {
        if (node == null) {
            throw new IllegalStateException("the node runs only while the test class does; register ArgonNode on a static field");
        }
        return node;
    }

    /** A client connected to the node, shared by the class's tests; closed with the node. */
    public ArgonClient client() {
        if (client == null) {
            client = new ArgonClient(node().address().host(), node().port()).connect();
        }
        return client;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Node.NodeStartException {
        node = settings.start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        try {
            if (client != null) {
                client.close();
            }
        } finally {
            client = null;
            if (node != null) {
                node.close();
                node = null;
            }
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == ArgonClient.class || type == EmbeddedNode.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        if (node == null) {
            throw new ExtensionConfigurationException("no Argon node is running for " + context.getDisplayName()
                    + ": register ArgonNode on a static field (or with @ExtendWith on the class)");
        }
        return parameter.getParameter().getType() == ArgonClient.class ? client() : node;
    }
}
