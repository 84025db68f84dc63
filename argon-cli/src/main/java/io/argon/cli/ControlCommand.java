package io.argon.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.argon.client.ArgonClient;
import io.argon.client.ArgonException;
import io.argon.client.ClientOptions;
import io.argon.client.FailureKind;
import io.argon.core.Futures;
import io.argon.core.HostPort;
import io.argon.protocol.Json;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The operator's requests: {@code argon reload}, {@code argon drain}, {@code argon undrain}.
 * Each goes to every address given, one after the other (never failed over to another). Given
 * a manager, {@code --node} (or {@code --all-nodes}) has the manager pass the request on to
 * those of its nodes, so that an operator who reaches only the manager can act on each node.
 * What each daemon reports is printed as a line of text, or with {@code --json} as the JSON
 * it sent, one line apiece.
 */
abstract class ControlCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ConnectOptions connect;

    @Option(names = "--node", paramLabel = "NODE", split = ",",
            description = "Given a manager: the registered node (its address, as 'argon status' lists it) to act on, through "
                    + "the manager. Repeatable, or several joined with ','.")
    List<String> nodes = new ArrayList<>();

    @Option(names = "--all-nodes", description = "Given a manager: act on every node registered with it, one after the other.")
    boolean allNodes;

    @Option(names = "--json", description = "Print each report as the one line of JSON the daemon answered, for scripts.")
    boolean json;

    /** The request to the daemon itself ({@code node} null) or to one of a manager's nodes. */
    abstract CompletableFuture<JsonNode> send(ArgonClient client, String node);

    @Override
    public Integer call() throws InterruptedException {
        if (allNodes && !nodes.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "--node and --all-nodes do not go together: name the nodes, or all");
        }
        PrintWriter out = spec.commandLine().getOut();
        for (HostPort address : connect.addresses(spec)) {
            try (ArgonClient client = connect.client(spec, ClientOptions.defaults(), List.of(address))) {
                for (String node : targets(client)) {
                    JsonNode report = send(client, node).get();
                    ObjectNode line = Json.MAPPER.createObjectNode().put("address", address.toString());
                    line.setAll((ObjectNode) report);
                    out.println(json ? line.toString() : ControlText.render(line));
                    out.flush();
                }
            } catch (ExecutionException e) {
                return fail(address, Futures.reason(e));
            } catch (ArgonException e) {
                return fail(address, e.getMessage());
            }
        }
        return 0;
    }

    /** The nodes to act on through a manager: those named, every one registered, or the daemon itself (null). */
    private List<String> targets(ArgonClient client) throws ExecutionException, InterruptedException {
        if (!allNodes) {
            return nodes.isEmpty() ? Collections.singletonList(null) : nodes;
        }
        JsonNode status = client.daemon().status().get();
        if (!"manager".equals(status.path("role").asText())) {
            throw new ArgonException(FailureKind.CONTROL_FAILED, null, "--all-nodes is for a manager, and this is a "
                    + status.path("role").asText("daemon"), null);
        }
        List<String> registered = new ArrayList<>();
        status.path("nodes").forEach(node -> registered.add(node.path("address").asText()));
        return registered;
    }

    private int fail(HostPort address, String why) {
        PrintWriter err = spec.commandLine().getErr();
        err.println("argon: " + address + ": " + why);
        err.flush();
        return 1;
    }

    @Command(name = "reload", mixinStandardHelpOptions = true, versionProvider = io.argon.core.cli.VersionProvider.class,
            header = "Replaces workers one at a time, to load the task code on disk.",
            sortOptions = false, usageHelpAutoWidth = true,
            description = {"Rolls a node's workers over to the task code as it is on disk now, one at a time, each replaced",
                "only once its successor is ready: no task fails. Given a manager, rolls every node behind it, one node at a",
                "time (or only the nodes named with --node). Waits until done. (SIGHUP to a node or manager does the same.)",
                "Exit status: 0 when done, 1 when a successor could not start (the workers not yet replaced keep their code)."})
    static final class Reload extends ControlCommand {
        @Override
        CompletableFuture<JsonNode> send(ArgonClient client, String node) {
            return client.daemon().reload(node);
        }
    }

    @Command(name = "drain", mixinStandardHelpOptions = true, versionProvider = io.argon.core.cli.VersionProvider.class,
            header = "Makes a node take no new tasks and finish what it holds.",
            sortOptions = false, usageHelpAutoWidth = true,
            description = {"Makes a node take no new tasks (its managers stop sending them and show it as drained) and finish",
                "what it holds; waits until it holds nothing. The node stays up: 'argon undrain' takes it back. Given a manager,",
                "drains the nodes named with --node (or --all-nodes) through it.",
                "Exit status: 0 when the node holds nothing, 1 when it could not be asked."})
    static final class Drain extends ControlCommand {
        @Override
        CompletableFuture<JsonNode> send(ArgonClient client, String node) {
            return client.daemon().drain(node);
        }
    }

    @Command(name = "undrain", mixinStandardHelpOptions = true, versionProvider = io.argon.core.cli.VersionProvider.class,
            header = "Makes a drained node take tasks again.",
            sortOptions = false, usageHelpAutoWidth = true,
            description = {"Makes a drained node take tasks again, and tells its managers so. Given a manager, undrains the",
                "nodes named with --node (or --all-nodes) through it.",
                "Exit status: 0 when done, 1 when it could not be asked."})
    static final class Undrain extends ControlCommand {
        @Override
        CompletableFuture<JsonNode> send(ArgonClient client, String node) {
            return client.daemon().undrain(node);
        }
    }
}
