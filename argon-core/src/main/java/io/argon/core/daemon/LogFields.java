package io.argon.core.daemon;

import org.slf4j.spi.LoggingEventBuilder;

/**
 * The fields a log line about a task carries besides its text, added with SLF4J's key-value
 * API: {@code --log-format json} writes each as a field of the line, so that lines can be
 * found by task, node or worker without parsing their text; the text format leaves them out,
 * since the message names them already.
 */
public final class LogFields {
    /** The task's id, as its client chose it. */
    public static final String TASK_ID = "task_id";
    /** The task's class name. */
    public static final String TASK_CLASS = "task_class";
    /** The node a line is about, as its address (host:port). */
    public static final String NODE = "node";
    /** The pid of the worker JVM a line is about. */
    public static final String WORKER_PID = "worker_pid";

    private LogFields() {
    }

    /** The line, with the task's id and class; as it is if {@code task} is null (a line about a worker that had none). */
    public static LoggingEventBuilder about(LoggingEventBuilder line, HeldTask<?> task) {
        return task == null ? line : line.addKeyValue(TASK_ID, task.request().id()).addKeyValue(TASK_CLASS, task.request().className());
    }
}
