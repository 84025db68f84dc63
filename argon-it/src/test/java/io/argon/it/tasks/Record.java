package io.argon.it.tasks;

import io.argon.task.Task;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Appends {@code mark} as a line to the file {@code log} (so a test can count which tasks ran), then sleeps {@code delay} seconds. */
public record Record(String log, String mark, double delay) implements Task<String> {
    @Override
    public String run() throws Exception {
        Files.writeString(Path.of(log), mark + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        Thread.sleep((long) (delay * 1000)); // the task's work: holds its worker for as long as the test asks
        return mark;
    }
}
