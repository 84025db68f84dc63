package io.argon.it;

import java.util.Map;

/** Names and params of the tasks tests submit: the examples, and this module's own (io.argon.it.tasks). */
final class Tasks {
    static final String SAMPLE = "io.argon.examples.SampleTask";
    static final String PID = "io.argon.examples.Pid";
    static final String FAIL = "io.argon.examples.Fail";
    static final String EXIT = "io.argon.examples.Exit";
    /** A test task (give the node {@link #testClasses()} with -i): sleeps, then returns its worker's pid. */
    static final String SLEEP_PID = "io.argon.it.tasks.SleepPid";

    private Tasks() {
    }

    static Map<String, Object> sample(int num, double delaySeconds) {
        return Map.of("num", num, "delay", delaySeconds);
    }

    static Map<String, Object> sleepPid(double delaySeconds) {
        return Map.of("delay", delaySeconds);
    }

    /** The test-classes directory, which holds io.argon.it.tasks; give it to a node with -i. */
    static String testClasses() {
        return ArgonProcess.home().resolve("argon-it/target/test-classes").toString();
    }
}
