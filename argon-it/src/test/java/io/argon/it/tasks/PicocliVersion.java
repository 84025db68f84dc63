package io.argon.it.tasks;

import io.argon.task.Task;
import java.util.Map;

/**
 * The version of picocli the worker loads, and where from. Read by reflection: a constant
 * read directly would be the one compiled in, not the one loaded.
 */
public record PicocliVersion() implements Task<Map<String, String>> {
    @Override
    public Map<String, String> run() throws Exception {
        Class<?> commandLine = Class.forName("picocli.CommandLine");
        return Map.of(
                "version", (String) commandLine.getField("VERSION").get(null),
                "from", commandLine.getProtectionDomain().getCodeSource().getLocation().toString());
    }
}
